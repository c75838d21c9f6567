// Simulates a workshop in one room for SECONDS seconds. PARTICIPANTS people join the room's board, edit it, move
// their cursors, vote in a round the facilitator starts through the API (unless --no-votes) and watch a
// Fashion-MNIST run launched from the board. It prints latency percentiles, errors by kind and rounds received, ends the vote and
// checks its results against the participants' votes, then checks that every participant's replica of the board
// equals the board the API returns. It writes that board to --state-file. A later call with --verify compares the
// file with the board the API returns then, for example after a restart of the app.
//
// Usage: see LoadOptions.Usage. Only loopback URLs are accepted, because the test loads the server it talks to.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using FedWorkbench.Web.Api;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Facilitation;
using FedWorkbench.Web.Runs;
using RoomLoad;

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

using var http = new HttpClient { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(60) };
return options.Verify ? await VerifyAsync(http, options.StateFile!) : await RunLoadAsync(http, options);

static async Task<int> VerifyAsync(HttpClient http, string stateFile)
{
    SavedBoard expected = JsonSerializer.Deserialize<SavedBoard>(await File.ReadAllTextAsync(stateFile))
        ?? throw new InvalidOperationException($"{stateFile} contains null.");
    SavedBoard actual = await Consistency.ReadAsync(http, expected.RoomCode, expected.BoardId);
    List<string> differences = Consistency.Differences(expected.Elements, actual.Elements);
    bool equal = differences.Count == 0 && actual.Version == expected.Version;
    Console.WriteLine($"after restart: board version {actual.Version:N0} (expected {expected.Version:N0}), {actual.Elements.Count:N0} elements (expected {expected.Elements.Count:N0}): {(equal ? "equal" : "DIFFERENT")}");
    foreach (string difference in differences)
    {
        Console.WriteLine("  " + difference);
    }

    return equal ? 0 : 1;
}

static async Task<int> RunLoadAsync(HttpClient http, LoadOptions options)
{
    var recorder = new LoadRecorder();
    var sentAt = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);

    using HttpResponseMessage created = await http.PostAsJsonAsync("/api/rooms", new { name = "Room load test" });
    created.EnsureSuccessStatusCode();
    CreateRoomResponse room = (await created.Content.ReadFromJsonAsync<CreateRoomResponse>())!;
    Console.WriteLine($"room {room.Code}, board {room.BoardId}");

    // Everyone joins first, so that everyone receives the set-up operations and the run notice.
    var participants = new List<SimulatedParticipant>();
    var watchers = new List<RunWatcher>();
    for (int i = 0; i < options.Participants; i++)
    {
        participants.Add(await SimulatedParticipant.JoinAsync(options.Url, room.Code, room.BoardId, i, recorder, sentAt));
        watchers.Add(await RunWatcher.ConnectAsync(options.Url, recorder));
    }

    Console.WriteLine($"{options.Participants} participants joined the board and connected to the run hub");
    Guid runId = await SetUpBoardAndLaunchAsync(http, room, participants[0], options.Rounds);
    foreach ((SimulatedParticipant participant, RunWatcher watcher) in participants.Zip(watchers))
    {
        RoomRunNotice notice = await participant.RunNotice.WaitAsync(TimeSpan.FromSeconds(30));
        await watcher.FollowAsync(notice.RunId);
    }

    Console.WriteLine($"run {runId} launched from the board; every participant follows it");
    var voteRound = new VoteRound(http, room);
    if (options.Votes)
    {
        VoteRoundView round = await voteRound.StartAsync();
        Console.WriteLine($"vote round {round.Id} started through POST /api/rooms/{room.Code}/votes with {round.VotesPerPerson} votes per person");
    }

    var end = TimeSpan.FromSeconds(options.Seconds);
    var clock = Stopwatch.StartNew();
    var behaviour = new List<Task>();
    foreach (SimulatedParticipant participant in participants)
    {
        behaviour.Add(Task.Run(() => participant.EditAsync(end, clock)));
        behaviour.Add(Task.Run(() => participant.MoveCursorAsync(end, clock)));
        if (options.Votes)
        {
            behaviour.Add(Task.Run(() => participant.VoteAsync(end, clock, VoteRound.VotesPerPerson)));
        }
    }

    await Task.WhenAll(behaviour);
    double loadSeconds = clock.Elapsed.TotalSeconds;
    RunDetails run = (await http.GetFromJsonAsync<RunDetails>($"/api/runs/{runId}", RunJson.Options))!;

    // The vote ends before the board check, as a facilitator would end it after the editing.
    var inconsistencies = new List<string>();
    VoteReport? votes = null;
    if (options.Votes)
    {
        VoteRoundView ended = await voteRound.EndAsync();
        votes = await VoteRound.CheckAsync(ended, participants, inconsistencies);
    }

    SavedBoard server = await WaitForReplicasAsync(http, room, participants);
    foreach (SimulatedParticipant participant in participants)
    {
        if (participant.ReplicaError is { } replicaError)
        {
            inconsistencies.Add($"{participant.Name}: replica error: {replicaError}");
            continue;
        }

        foreach (string difference in Consistency.Differences(server.Elements, participant.Canonical()))
        {
            inconsistencies.Add($"{participant.Name} at version {participant.Version:N0}: {difference}");
        }
    }

    int storedRounds = run.Rounds.Count;
    foreach ((RunWatcher watcher, int index) in watchers.Select((w, i) => (w, i)))
    {
        IReadOnlyList<int> rounds = watcher.Rounds;
        if (!rounds.SequenceEqual(Enumerable.Range(1, rounds.Count)))
        {
            inconsistencies.Add($"Participant {index + 1}: rounds are not 1..{rounds.Count} in order: {string.Join(",", rounds.Take(20))}…");
        }
        else if (rounds.Count < storedRounds)
        {
            inconsistencies.Add($"Participant {index + 1}: {rounds.Count} rounds received, but {storedRounds} were stored when the load ended");
        }
    }

    using HttpResponseMessage cancelled = await http.PostAsync($"/api/runs/{runId}/cancel", content: null);
    Summary.Print(options, recorder, loadSeconds, participants.Count, watchers.Select(w => w.Rounds.Count).ToArray(), storedRounds, server, votes, inconsistencies);

    if (options.StateFile is { } stateFile)
    {
        await File.WriteAllTextAsync(stateFile, JsonSerializer.Serialize(server));
    }

    foreach (SimulatedParticipant participant in participants)
    {
        await participant.DisposeAsync();
    }

    foreach (RunWatcher watcher in watchers)
    {
        await watcher.DisposeAsync();
    }

    return inconsistencies.Count == 0 && recorder.Errors.Count == 0 ? 0 : 1;
}

// Builds a board that compiles to the FedAvg 2NN on Fashion-MNIST with K = 100 clients and C = 0.1 (the experiment
// defaults) for ROUNDS rounds, adds the shared notes, and launches the run from the board.
static async Task<Guid> SetUpBoardAndLaunchAsync(HttpClient http, CreateRoomResponse room, SimulatedParticipant first, int rounds)
{
    static BoardChange Create(string id, string type, params (string Name, object Value)[] props) =>
        new(BoardChange.Create, Element: new BoardElement(id, type, props.ToDictionary(p => p.Name, p => JsonSerializer.SerializeToElement(p.Value))));

    BoardChange[] setup =
    [
        Create("server", BoardElementTypes.Server, ("x", 0), ("y", 0), ("rounds", rounds)),
        Create("data", BoardElementTypes.DataSource, ("x", -300), ("y", 0)),
        Create("model", BoardElementTypes.Model, ("x", 300), ("y", 0)),
        Create("clients", BoardElementTypes.ClientGroup, ("x", 0), ("y", 300), ("count", 100)),
        Create("link", BoardElementTypes.Connector, ("from", "clients"), ("to", "server")),
        .. SimulatedParticipant.SharedNoteIds.Select((id, i) => SimulatedParticipant.Note(id, -600 + 250 * i, -400, $"Shared note {i + 1}")),
    ];
    OperationResult? result = await first.SendAsync(setup);
    if (result?.Status != OperationResult.Applied)
    {
        throw new InvalidOperationException($"Setting up the board failed: {result?.Error ?? "no result"}");
    }

    using HttpResponseMessage response = await http.PostAsJsonAsync(
        $"/api/rooms/{room.Code}/boards/{room.BoardId}/simulate", new { launchedBy = first.Name });
    string body = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"Simulate returned {(int)response.StatusCode}: {body}");
    }

    return JsonSerializer.Deserialize<SimulateResponse>(body, JsonSerializerOptions.Web)!.RunId;
}

// Waits up to 30 s for every replica to reach the server's board version, then returns the server's board.
static async Task<SavedBoard> WaitForReplicasAsync(HttpClient http, CreateRoomResponse room, List<SimulatedParticipant> participants)
{
    var waited = Stopwatch.StartNew();
    while (true)
    {
        SavedBoard server = await Consistency.ReadAsync(http, room.Code, room.BoardId);
        bool caughtUp = participants.All(p => p.Version >= server.Version || p.ReplicaError is not null);
        if (caughtUp || waited.Elapsed > TimeSpan.FromSeconds(30))
        {
            return server;
        }

        await Task.Delay(200);
    }
}
