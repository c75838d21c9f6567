using System.Globalization;

namespace RoomLoad;

/// <summary>Prints the result table of a load run.</summary>
internal static class Summary
{
    public static void Print(
        LoadOptions options,
        LoadRecorder recorder,
        double loadSeconds,
        int participants,
        int[] roundsPerFollower,
        int storedRounds,
        SavedBoard server,
        VoteReport? votes,
        List<string> inconsistencies)
    {
        CultureInfo culture = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine(string.Create(culture, $"{participants} participants, {loadSeconds:F1} s of load, votes {(options.Votes ? "on" : "off")}"));
        Console.WriteLine();
        Console.WriteLine("| latency | samples | p50 ms | p95 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        PrintLatency(recorder, "ack", "operation, send to result");
        PrintLatency(recorder, "broadcast", "operation, send to others' broadcast");
        PrintLatency(recorder, "cursor", "cursor, send to others");
        if (options.Votes)
        {
            PrintLatency(recorder, "vote cast", "CastVote, send to result");
            PrintLatency(recorder, "vote read", "GetMyVotes, send to result");
        }

        long applied = recorder.Counter("applied");
        long expectedDeliveries = applied * (participants - 1);
        long deliveries = recorder.Counter("deliveries");
        Console.WriteLine();
        Console.WriteLine("| count | value |");
        Console.WriteLine("|---|---:|");
        Row("operations applied", applied);
        Row("  of which some changes conflicted", recorder.Counter("applied with some conflicts"));
        Row("operations that only conflicted (nothing applied)", recorder.Counter("conflict"));
        Row(string.Create(culture, $"broadcast deliveries (expected {expectedDeliveries:N0})"), deliveries);
        Row("cursor moves sent", recorder.Counter("cursor moves sent"));
        Row("cursor moves received", recorder.Counter("cursor moves received"));
        if (votes is not null)
        {
            Row("votes cast", recorder.Counter("votes cast"));
            Row("votes taken back", recorder.Counter("votes taken back"));
            Row("votes rejected because the note was deleted meanwhile", recorder.Counter("votes rejected because the note was deleted meanwhile"));
            Row(string.Create(culture, $"votes in the results (participants' last MyVotes: {votes.LastMyVotesTotal:N0})"), votes.ResultTotal);
            Row(string.Create(culture, $"voters, each with at most {votes.VotesPerPerson} votes"), votes.Voters);
            Row("notes with votes", votes.NotesWithVotes);
            Row("facilitation updates received", recorder.Counter("facilitation updates received"));
        }

        int[] sortedRounds = [.. roundsPerFollower.Order()];
        Console.WriteLine(string.Create(culture,
            $"| rounds per follower (min / median / max), stored when load ended | {sortedRounds[0]} / {sortedRounds[sortedRounds.Length / 2]} / {sortedRounds[^1]}, {storedRounds} |"));
        Row("final board version", server.Version);
        Row("final board elements", server.Elements.Count);

        Console.WriteLine();
        if (recorder.Errors.Count == 0)
        {
            Console.WriteLine("errors: none");
        }
        else
        {
            Console.WriteLine("errors by kind:");
            foreach ((string kind, int count) in recorder.Errors.OrderByDescending(e => e.Value))
            {
                Console.WriteLine(string.Create(culture, $"  {count,6:N0}  {kind}"));
            }
        }

        Console.WriteLine(inconsistencies.Count == 0
            ? $"consistency: all {participants} replicas equal the board from GET /api/rooms/{server.RoomCode}/boards/{server.BoardId}"
            : $"consistency: {inconsistencies.Count} INCONSISTENCIES");
        foreach (string inconsistency in inconsistencies.Take(20))
        {
            Console.WriteLine("  " + inconsistency);
        }
    }

    private static void PrintLatency(LoadRecorder recorder, string series, string label)
    {
        double[] sorted = recorder.Sorted(series);
        Console.WriteLine(sorted.Length == 0
            ? $"| {label} | 0 | | | | |"
            : string.Create(CultureInfo.InvariantCulture,
                $"| {label} | {sorted.Length:N0} | {LoadRecorder.Percentile(sorted, 0.50):F1} | {LoadRecorder.Percentile(sorted, 0.95):F1} | {LoadRecorder.Percentile(sorted, 0.99):F1} | {sorted[^1]:F1} |"));
    }

    private static void Row(string label, long value) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {label} | {value:N0} |"));
}
