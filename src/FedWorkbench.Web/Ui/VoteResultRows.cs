using System.Text.Json;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Facilitation;

namespace FedWorkbench.Web.Ui;

/// <summary>One note in the results of a voting round.</summary>
/// <param name="Rank">1 for the most votes; notes with equal votes share a rank (1, 2, 2, 4).</param>
/// <param name="Label">The note's first line of text, or "Note without text", or "Deleted note".</param>
public sealed record VoteResultRow(int Rank, string ElementId, string Label, int Votes);

/// <summary>Turns a round's tallies into ranked rows labelled with the notes' text.</summary>
public static class VoteResultRows
{
    private const int MaxLabelLength = 60;

    /// <summary>Returns the tallies as ranked rows, most votes first, labelled from <paramref name="board"/>'s notes.</summary>
    public static IReadOnlyList<VoteResultRow> Build(IReadOnlyList<VoteTally> results, BoardDocument? board)
    {
        Dictionary<string, BoardElement> elements = board?.Elements.ToDictionary(e => e.Id, StringComparer.Ordinal) ?? [];
        var rows = new List<VoteResultRow>(results.Count);
        int rank = 0;
        int previousVotes = int.MaxValue;
        foreach ((VoteTally tally, int index) in results.OrderByDescending(t => t.Votes).Select((t, i) => (t, i)))
        {
            if (tally.Votes != previousVotes)
            {
                rank = index + 1;
                previousVotes = tally.Votes;
            }

            rows.Add(new VoteResultRow(rank, tally.ElementId, Label(elements.GetValueOrDefault(tally.ElementId)), tally.Votes));
        }

        return rows;
    }

    private static string Label(BoardElement? element)
    {
        if (element is null)
        {
            return "Deleted note";
        }

        string text = element.Props.TryGetValue("text", out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!.Trim()
            : string.Empty;
        string firstLine = text.Split('\n')[0].Trim();
        if (firstLine.Length == 0)
        {
            return "Note without text";
        }

        return firstLine.Length <= MaxLabelLength ? firstLine : firstLine[..(MaxLabelLength - 1)] + "…";
    }
}
