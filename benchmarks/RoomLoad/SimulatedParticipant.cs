using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Facilitation;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace RoomLoad;

/// <summary>
/// One simulated person in the room: a board hub connection that keeps a replica of the board the way the browser
/// does, and the edit, cursor and vote behaviour of a person at a workshop. Latencies and errors go to the shared
/// <see cref="LoadRecorder"/>.
/// </summary>
internal sealed class SimulatedParticipant : IAsyncDisposable
{
    /// <summary>Ids of the notes every participant edits, so that some edits conflict.</summary>
    public static readonly string[] SharedNoteIds = ["shared-1", "shared-2", "shared-3", "shared-4", "shared-5"];

    private readonly int _index;
    private readonly LoadRecorder _recorder;
    private readonly ConcurrentDictionary<string, long> _sentAt;
    private readonly Random _random;
    private readonly Lock _gate = new();
    private readonly List<BoardElement> _elements = [];
    private readonly SortedDictionary<long, AppliedOperation> _early = [];
    private readonly List<string> _ownNotes = [];
    private readonly TaskCompletionSource<RoomRunNotice> _runNotice = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _version;
    private int _operationCounter;
    private volatile bool _stopping;
    private MyVotes? _lastVotes;
    private FacilitationView? _lastFacilitation;

    private SimulatedParticipant(int index, HubConnection connection, LoadRecorder recorder, ConcurrentDictionary<string, long> sentAt)
    {
        _index = index;
        Connection = connection;
        _recorder = recorder;
        _sentAt = sentAt;
        _random = new Random(index);
        Name = $"Participant {index + 1}";
        Subscribe();
    }

    public string Name { get; }

    public HubConnection Connection { get; }

    /// <summary>Completes with the first <c>RunLaunched</c> notice of the room.</summary>
    public Task<RoomRunNotice> RunNotice => _runNotice.Task;

    /// <summary>Set when the replica could not apply a broadcast: it missed or reordered an operation.</summary>
    public string? ReplicaError { get; private set; }

    /// <summary>The last <see cref="MyVotes"/> the hub returned to this participant; null before the first.</summary>
    public MyVotes? LastVotes
    {
        get
        {
            lock (_gate)
            {
                return _lastVotes;
            }
        }
    }

    /// <summary>The last <c>FacilitationChanged</c> view this participant received; null before the first.</summary>
    public FacilitationView? LastFacilitation
    {
        get
        {
            lock (_gate)
            {
                return _lastFacilitation;
            }
        }
    }

    public long Version
    {
        get
        {
            lock (_gate)
            {
                return _version;
            }
        }
    }

    /// <summary>Connects to <c>/hubs/board</c> and joins the board with this participant's own token and name.</summary>
    public static async Task<SimulatedParticipant> JoinAsync(
        Uri url, string roomCode, Guid boardId, int index, LoadRecorder recorder, ConcurrentDictionary<string, long> sentAt)
    {
        HubConnection connection = new HubConnectionBuilder().WithUrl(new Uri(url, "/hubs/board")).Build();
        var participant = new SimulatedParticipant(index, connection, recorder, sentAt);
        await connection.StartAsync();
        JoinBoardResult joined = await connection.InvokeAsync<JoinBoardResult>(
            "JoinBoard", new JoinBoardRequest(roomCode, boardId, $"room-load-participant-{index:D4}", participant.Name));
        participant.TakeJoin(joined);
        return participant;
    }

    /// <summary>Returns the replica as element id → type and properties in canonical JSON.</summary>
    public SortedDictionary<string, string> Canonical()
    {
        lock (_gate)
        {
            return Consistency.Canonical(_elements);
        }
    }

    /// <summary>Sends one operation and records its acknowledgement latency and outcome.</summary>
    public async Task<OperationResult?> SendAsync(params BoardChange[] changes)
    {
        string opId = $"p{_index}-{Interlocked.Increment(ref _operationCounter)}";
        var operation = new BoardOperation(opId, Version, changes);
        long sent = Stopwatch.GetTimestamp();
        _sentAt[opId] = sent;
        try
        {
            OperationResult result = await Connection.InvokeAsync<OperationResult>("ApplyOperation", operation);
            _recorder.Latency("ack", Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            switch (result.Status)
            {
                case OperationResult.Applied:
                    _recorder.Count("applied");
                    if (result.Conflicts.Count > 0)
                    {
                        _recorder.Count("applied with some conflicts");
                    }

                    break;
                case OperationResult.Conflict:
                    _recorder.Count("conflict");
                    break;
                default:
                    _recorder.Error($"operation rejected: {result.Error}");
                    break;
            }

            return result;
        }
        catch (Exception ex) when (ex is HubException or InvalidOperationException or IOException or TaskCanceledException)
        {
            _recorder.Error($"ApplyOperation failed: {ex.GetType().Name}: {ex.Message}");
            return null;
        }
    }

    /// <summary>
    /// Edits the board at a human rate until <paramref name="end"/>: one operation every 0.5 to 2 s (0.8 per
    /// second on average) that creates, moves, retypes or deletes the participant's own notes or moves and retypes
    /// the shared notes.
    /// </summary>
    public async Task EditAsync(TimeSpan end, Stopwatch clock)
    {
        await Task.Delay(_random.Next(0, 2_000));
        while (clock.Elapsed < end && !_stopping)
        {
            await EditOnceAsync();
            await Task.Delay(_random.Next(500, 2_000));
        }
    }

    /// <summary>
    /// Moves the cursor ten times per second while "active" (3 to 10 s at a time) with idle pauses of 1 to 5 s.
    /// The x coordinate is the send time in milliseconds, so receivers can time the delivery.
    /// </summary>
    public async Task MoveCursorAsync(TimeSpan end, Stopwatch clock)
    {
        while (clock.Elapsed < end && !_stopping)
        {
            TimeSpan activeUntil = clock.Elapsed + TimeSpan.FromMilliseconds(_random.Next(3_000, 10_000));
            while (clock.Elapsed < activeUntil && clock.Elapsed < end && !_stopping)
            {
                await SendCursorAsync();
                await Task.Delay(100);
            }

            await Connection.SendAsync("HideCursor");
            await Task.Delay(_random.Next(1_000, 5_000));
        }
    }

    /// <summary>
    /// Every 2 to 6 s reads this participant's votes (<c>GetMyVotes</c>), then puts one on a random sticky note
    /// while votes remain, or takes one back (<c>CastVote</c> with −1) when none remain and otherwise one time in
    /// four. The voting round must be open for the whole load phase, so a read without an open round is an error.
    /// </summary>
    public async Task VoteAsync(TimeSpan end, Stopwatch clock, int votesPerPerson)
    {
        while (clock.Elapsed < end && !_stopping)
        {
            await Task.Delay(_random.Next(2_000, 6_000));
            try
            {
                long sent = Stopwatch.GetTimestamp();
                MyVotes? mine = await Connection.InvokeAsync<MyVotes?>("GetMyVotes");
                _recorder.Latency("vote read", Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                if (mine is null)
                {
                    _recorder.Error("GetMyVotes found no open vote round");
                    continue;
                }

                TakeVotes(mine, votesPerPerson);
                bool takeBack = mine.Votes.Count > 0 && (mine.Remaining == 0 || _random.NextDouble() < 0.25);
                string? note = takeBack ? mine.Votes.Keys.ElementAt(_random.Next(mine.Votes.Count)) : RandomNote();
                if (note is null)
                {
                    continue;
                }

                sent = Stopwatch.GetTimestamp();
                MyVotes after = await Connection.InvokeAsync<MyVotes>("CastVote", note, takeBack ? -1 : 1);
                _recorder.Latency("vote cast", Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                _recorder.Count(takeBack ? "votes taken back" : "votes cast");
                TakeVotes(after, votesPerPerson);
            }
            catch (HubException ex) when (ex.Message.Contains("may have been deleted", StringComparison.Ordinal))
            {
                // Another participant deleted the note between this replica's choice and the vote: expected.
                _recorder.Count("votes rejected because the note was deleted meanwhile");
            }
            catch (Exception ex) when (ex is HubException or InvalidOperationException or IOException or TaskCanceledException)
            {
                _recorder.Error($"vote failed: {ex.Message}");
            }
        }
    }

    /// <summary>Stops the behaviour loops; the connection stays open so that the last broadcasts arrive.</summary>
    public void Stop() => _stopping = true;

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        await Connection.DisposeAsync();
    }

    private async Task EditOnceAsync()
    {
        double choice = _random.NextDouble();
        string? own = OwnNote();
        if (own is null || choice < 0.2)
        {
            string id = $"p{_index}-note-{Interlocked.Increment(ref _operationCounter)}";
            OperationResult? result = await SendAsync(NoteChange(id, _random.Next(-1_500, 1_500), _random.Next(-1_000, 1_000), $"Idea from {Name}"));
            if (result?.Status == OperationResult.Applied)
            {
                lock (_gate)
                {
                    _ownNotes.Add(id);
                }
            }
        }
        else if (choice < 0.55)
        {
            await SendAsync(SetChange(own, ("x", _random.Next(-1_500, 1_500)), ("y", _random.Next(-1_000, 1_000))));
        }
        else if (choice < 0.7)
        {
            await SendAsync(SetChange(own, ("text", $"Revised by {Name} at {_recorder.NowMilliseconds:F0} ms")));
        }
        else if (choice < 0.95)
        {
            string shared = SharedNoteIds[_random.Next(SharedNoteIds.Length)];
            await SendAsync(_random.NextDouble() < 0.5
                ? SetChange(shared, ("x", _random.Next(-500, 500)), ("y", _random.Next(-500, 500)))
                : SetChange(shared, ("text", $"{Name} thinks this matters most")));
        }
        else
        {
            OperationResult? result = await SendAsync(new BoardChange(BoardChange.Delete, Id: own));
            if (result?.Status == OperationResult.Applied)
            {
                lock (_gate)
                {
                    _ownNotes.Remove(own);
                }
            }
        }
    }

    private async Task SendCursorAsync()
    {
        try
        {
            await Connection.SendAsync("MoveCursor", _recorder.NowMilliseconds, _random.Next(-1_000, 1_000));
            _recorder.Count("cursor moves sent");
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException)
        {
            _recorder.Error($"MoveCursor failed: {ex.Message}");
        }
    }

    // Keeps the latest votes and counts an error whenever the hub reports more votes than a person may place.
    private void TakeVotes(MyVotes votes, int votesPerPerson)
    {
        int placed = votes.Votes.Values.Sum();
        if (placed > votesPerPerson || placed + votes.Remaining != votesPerPerson)
        {
            _recorder.Error($"MyVotes holds {placed} votes with {votes.Remaining} remaining; {votesPerPerson} per person allowed");
        }

        lock (_gate)
        {
            _lastVotes = votes;
        }
    }

    private string? OwnNote()
    {
        lock (_gate)
        {
            return _ownNotes.Count == 0 ? null : _ownNotes[_random.Next(_ownNotes.Count)];
        }
    }

    private string? RandomNote()
    {
        lock (_gate)
        {
            BoardElement[] notes = [.. _elements.Where(e => e.Type == BoardElementTypes.Note)];
            return notes.Length == 0 ? null : notes[_random.Next(notes.Length)].Id;
        }
    }

    private void Subscribe()
    {
        Connection.On<AppliedOperation>("OperationApplied", OnOperationApplied);
        Connection.On<CursorPosition>("CursorMoved", position =>
        {
            _recorder.Latency("cursor", _recorder.NowMilliseconds - position.X);
            _recorder.Count("cursor moves received");
        });
        Connection.On<RoomRunNotice>("RunLaunched", notice => _runNotice.TrySetResult(notice));
        Connection.On<FacilitationView>("FacilitationChanged", view =>
        {
            lock (_gate)
            {
                _lastFacilitation = view;
            }

            _recorder.Count("facilitation updates received");
        });
        Connection.Closed += error =>
        {
            if (!_stopping)
            {
                _recorder.Error($"board hub disconnected: {error?.Message ?? "closed by the server"}");
            }

            return Task.CompletedTask;
        };
    }

    private void OnOperationApplied(AppliedOperation operation)
    {
        long now = Stopwatch.GetTimestamp();
        if (!operation.OpId.StartsWith($"p{_index}-", StringComparison.Ordinal) && _sentAt.TryGetValue(operation.OpId, out long sent))
        {
            _recorder.Latency("broadcast", Stopwatch.GetElapsedTime(sent, now).TotalMilliseconds);
            _recorder.Count("deliveries");
        }

        lock (_gate)
        {
            Take(operation);
        }
    }

    private void TakeJoin(JoinBoardResult joined)
    {
        lock (_gate)
        {
            if (joined.Snapshot is { } snapshot)
            {
                _elements.Clear();
                _elements.AddRange(snapshot.Elements);
                _version = snapshot.Version;
            }

            foreach (AppliedOperation operation in joined.Operations ?? [])
            {
                Take(operation);
            }
        }
    }

    // Called with _gate held. Applies operations in version order, as the browser does, keeping early ones aside.
    private void Take(AppliedOperation operation)
    {
        if (operation.Version <= _version || ReplicaError is not null)
        {
            return;
        }

        _early[operation.Version] = operation;
        while (_early.Remove(_version + 1, out AppliedOperation? next))
        {
            try
            {
                BoardReplica.Apply(_elements, next);
            }
            catch (InvalidOperationException ex)
            {
                ReplicaError = ex.Message;
                _recorder.Error("replica could not apply a broadcast");
                return;
            }

            _version = next.Version;
        }
    }

    private static BoardChange NoteChange(string id, double x, double y, string text) =>
        new(BoardChange.Create, Element: new BoardElement(id, BoardElementTypes.Note, new Dictionary<string, JsonElement>
        {
            ["x"] = JsonSerializer.SerializeToElement(x),
            ["y"] = JsonSerializer.SerializeToElement(y),
            ["text"] = JsonSerializer.SerializeToElement(text),
        }));

    private static BoardChange SetChange(string id, params (string Name, object Value)[] props) =>
        new(BoardChange.Set, Id: id, Props: props.ToDictionary(p => p.Name, p => JsonSerializer.SerializeToElement(p.Value)));

    /// <summary>Returns a create change of a sticky note, for the set-up of the board.</summary>
    public static BoardChange Note(string id, double x, double y, string text) => NoteChange(id, x, y, text);
}
