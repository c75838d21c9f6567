using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using FedWorkbench.Web.Api;
using FedWorkbench.Web.Facilitation;

namespace RoomLoad;

/// <summary>What the vote check found, for the summary.</summary>
/// <param name="VotesPerPerson">Votes each participant may place.</param>
/// <param name="ResultTotal">Sum of the ended round's tallies.</param>
/// <param name="LastMyVotesTotal">Sum of the votes in every participant's last <see cref="MyVotes"/>.</param>
/// <param name="Voters">Voters in the ended round.</param>
/// <param name="NotesWithVotes">Notes in the ended round's results.</param>
internal sealed record VoteReport(int VotesPerPerson, int ResultTotal, int LastMyVotesTotal, int Voters, int NotesWithVotes);

/// <summary>The facilitator's side of the load test's voting round, through the facilitator HTTP endpoints.</summary>
internal sealed class VoteRound(HttpClient http, CreateRoomResponse room)
{
    /// <summary>Votes per person in the load test's round; the room page's default.</summary>
    public const int VotesPerPerson = 3;

    private readonly string _token = TokenOf(room.FacilitatorUrl);

    /// <summary>Starts a round on the room's first board; throws with the response when the API rejects it.</summary>
    public async Task<VoteRoundView> StartAsync()
    {
        using HttpRequestMessage request = Request("votes", new { boardId = room.BoardId, votesPerPerson = VotesPerPerson });
        return await SendAsync(request);
    }

    /// <summary>Ends the open round and returns it with its results.</summary>
    public async Task<VoteRoundView> EndAsync()
    {
        using HttpRequestMessage request = Request("votes/end", body: null);
        return await SendAsync(request);
    }

    /// <summary>
    /// Compares the ended round with the votes the hub returned to the participants: the results' total must equal the sum of every
    /// participant's last <see cref="MyVotes"/>, the voter count the number of participants holding a vote, and no
    /// participant may hold more than <see cref="VotesPerPerson"/>. Then waits up to 10 s for every participant to
    /// receive the ended round in a <c>FacilitationChanged</c> message. Adds each problem to <paramref name="problems"/>.
    /// </summary>
    public static async Task<VoteReport> CheckAsync(VoteRoundView ended, IReadOnlyList<SimulatedParticipant> participants, List<string> problems)
    {
        int resultTotal = ended.Results?.Sum(t => t.Votes) ?? 0;
        int lastTotal = 0;
        int holders = 0;
        foreach (SimulatedParticipant participant in participants)
        {
            if (participant.LastVotes is not { } mine)
            {
                continue;
            }

            if (mine.VoteRoundId != ended.Id)
            {
                problems.Add($"{participant.Name}: last MyVotes belongs to round {mine.VoteRoundId}, not {ended.Id}");
            }

            int placed = mine.Votes.Values.Sum();
            if (placed > ended.VotesPerPerson)
            {
                problems.Add($"{participant.Name}: holds {placed} votes, more than the {ended.VotesPerPerson} per person");
            }

            lastTotal += placed;
            holders += placed > 0 ? 1 : 0;
        }

        if (ended.IsOpen || ended.Results is null)
        {
            problems.Add($"votes: round {ended.Id} is still open after POST .../votes/end");
        }

        if (resultTotal != lastTotal)
        {
            problems.Add($"votes: the results total {resultTotal}, but the participants' last MyVotes hold {lastTotal}");
        }

        if (ended.Voters != holders)
        {
            problems.Add($"votes: the round counts {ended.Voters} voters, but {holders} participants hold a vote");
        }

        var waited = Stopwatch.StartNew();
        while (participants.Any(p => !SawEnd(p, ended)) && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100);
        }

        foreach (SimulatedParticipant participant in participants.Where(p => !SawEnd(p, ended)).Take(5))
        {
            problems.Add($"{participant.Name}: did not receive the ended round's results within 10 s");
        }

        return new VoteReport(ended.VotesPerPerson, resultTotal, lastTotal, ended.Voters, ended.Results?.Count ?? 0);
    }

    private static bool SawEnd(SimulatedParticipant participant, VoteRoundView ended) =>
        participant.LastFacilitation?.Vote is { IsOpen: false } vote && vote.Id == ended.Id
        && vote.Results?.Sum(t => t.Votes) == ended.Results?.Sum(t => t.Votes);

    private HttpRequestMessage Request(string path, object? body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/rooms/{room.Code}/{path}");
        request.Headers.Add(FacilitatorToken.HeaderName, _token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    private async Task<VoteRoundView> SendAsync(HttpRequestMessage request)
    {
        using HttpResponseMessage response = await http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{request.Method} {request.RequestUri} returned {(int)response.StatusCode}: {text}");
        }

        return JsonSerializer.Deserialize<VoteRoundView>(text, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException($"{request.Method} {request.RequestUri} returned null.");
    }

    // The facilitator link is /rooms/{code}#facilitate={token}; the token is everything after that marker.
    private static string TokenOf(string facilitatorUrl)
    {
        string marker = "#" + FacilitatorToken.FragmentName + "=";
        int at = facilitatorUrl.IndexOf(marker, StringComparison.Ordinal);
        return at < 0
            ? throw new InvalidOperationException($"POST /api/rooms returned the facilitator link '{facilitatorUrl}' without '{marker}'.")
            : facilitatorUrl[(at + marker.Length)..];
    }
}
