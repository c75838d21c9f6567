using System.Net.Http.Json;
using System.Text.Json;
using FedWorkbench.Web.Boards;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;

namespace FedWorkbench.Web.Tests.Integration;

/// <summary>
/// A real SignalR client of <c>/hubs/board</c> that keeps the confirmed board the way the browser does: the
/// state from JoinBoard, then every <c>OperationApplied</c> in version order, skipping versions it already has.
/// </summary>
internal sealed class BoardClient : IAsyncDisposable
{
    private readonly TestServer _server;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, BoardElement> _elements = new(StringComparer.Ordinal);
    private readonly SortedDictionary<long, AppliedOperation> _early = [];
    private readonly List<IReadOnlyList<Participant>> _presence = [];
    private readonly List<RoomRunNotice> _runNotices = [];
    private readonly List<CursorPosition> _cursors = [];
    private HubConnection _connection;
    private long _version;
    private int _opCounter;
    private int _boardsChanged;

    private BoardClient(TestServer server, HubConnection connection, string token, string name)
    {
        _server = server;
        _connection = connection;
        Token = token;
        Name = name;
        Subscribe(connection);
    }

    public string Token { get; }

    public string Name { get; }

    public string RoomCode { get; private set; } = "";

    public Guid BoardId { get; private set; }

    public JoinBoardResult? LastJoin { get; private set; }

    /// <summary>State of the hub connection; SignalR closes it on a message over the hub's receive limit.</summary>
    public HubConnectionState State => _connection.State;

    /// <summary>Versions of every applied operation received live, in arrival order.</summary>
    public List<long> ReceivedVersions { get; } = [];

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

    public IReadOnlyList<IReadOnlyList<Participant>> PresenceUpdates
    {
        get
        {
            lock (_gate)
            {
                return [.. _presence];
            }
        }
    }

    /// <summary>Number of <c>BoardsChanged</c> events received.</summary>
    public int BoardsChangedCount => Volatile.Read(ref _boardsChanged);

    public IReadOnlyList<RoomRunNotice> RunNotices
    {
        get
        {
            lock (_gate)
            {
                return [.. _runNotices];
            }
        }
    }

    public IReadOnlyList<CursorPosition> Cursors
    {
        get
        {
            lock (_gate)
            {
                return [.. _cursors];
            }
        }
    }

    public static async Task<BoardClient> ConnectAsync(TestServer server, string name, string? token = null)
    {
        token ??= "token-" + name.ToLowerInvariant().PadRight(12, 'x');
        HubConnection connection = Build(server);
        using var timeout = new CancellationTokenSource(RunApi.FailureTimeout);
        await connection.StartAsync(timeout.Token);
        return new BoardClient(server, connection, token, name);
    }

    /// <summary>Joins the board and takes the returned snapshot or operations into the confirmed board.</summary>
    public async Task<JoinBoardResult> JoinAsync(string roomCode, Guid boardId, long? lastVersion = null, string? facilitatorToken = null)
    {
        RoomCode = roomCode;
        BoardId = boardId;
        JoinBoardResult result = await _connection.InvokeAsync<JoinBoardResult>(
            "JoinBoard", new JoinBoardRequest(roomCode, boardId, Token, Name, lastVersion, facilitatorToken));
        lock (_gate)
        {
            LastJoin = result;
            if (result.Snapshot is { } snapshot)
            {
                _elements.Clear();
                foreach (BoardElement element in snapshot.Elements)
                {
                    _elements[element.Id] = element;
                }

                _version = snapshot.Version;
            }

            foreach (AppliedOperation operation in result.Operations ?? [])
            {
                Take(operation);
            }

            DrainEarly();
        }

        return result;
    }

    /// <summary>Sends an operation made of <paramref name="changes"/> against the confirmed version, with a new opId.</summary>
    public Task<OperationResult> SendAsync(params BoardChange[] changes) => SendAsync(NextOpId(), Version, changes);

    public Task<OperationResult> SendAsync(string opId, long baseVersion, params BoardChange[] changes) =>
        _connection.InvokeAsync<OperationResult>("ApplyOperation", new BoardOperation(opId, baseVersion, changes));

    public string NextOpId() => $"{Name}-{Interlocked.Increment(ref _opCounter)}";

    public Task<OperationResult> UndoAsync() => _connection.InvokeAsync<OperationResult>("Undo");

    public Task<OperationResult> RedoAsync() => _connection.InvokeAsync<OperationResult>("Redo");

    public Task<Web.Facilitation.MyVotes> CastVoteAsync(string elementId, int delta) =>
        _connection.InvokeAsync<Web.Facilitation.MyVotes>("CastVote", elementId, delta);

    public Task<Web.Facilitation.MyVotes?> GetMyVotesAsync() => _connection.InvokeAsync<Web.Facilitation.MyVotes?>("GetMyVotes");

    /// <summary>Board locks received through <c>LocksChanged</c>, in arrival order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<Web.Facilitation.BoardLocks> LocksUpdates { get; } = new();

    /// <summary>Views received through <c>FacilitationChanged</c>, in arrival order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<Web.Facilitation.FacilitationView> FacilitationUpdates { get; } = new();

    public Task MoveCursorAsync(double x, double y) => _connection.InvokeAsync("MoveCursor", x, y);

    public Task StopAsync() => _connection.StopAsync();

    /// <summary>Opens a new connection after <see cref="StopAsync"/>; the confirmed board is kept, as a browser keeps it.</summary>
    public async Task ReconnectAsync()
    {
        await _connection.DisposeAsync();
        _connection = Build(_server);
        Subscribe(_connection);
        using var timeout = new CancellationTokenSource(RunApi.FailureTimeout);
        await _connection.StartAsync(timeout.Token);
    }

    /// <summary>Returns the confirmed board as element id → canonical JSON of type and properties.</summary>
    public SortedDictionary<string, string> Canonical()
    {
        lock (_gate)
        {
            return CanonicalOf(_elements.Values);
        }
    }

    public BoardElement? Find(string id)
    {
        lock (_gate)
        {
            return _elements.GetValueOrDefault(id);
        }
    }

    /// <summary>Waits until the confirmed board reaches <paramref name="version"/>.</summary>
    public async Task WaitForVersionAsync(long version)
    {
        using var timeout = new CancellationTokenSource(RunApi.FailureTimeout);
        while (Version < version)
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    public static SortedDictionary<string, string> CanonicalOf(IEnumerable<BoardElement> elements)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (BoardElement element in elements)
        {
            var props = new SortedDictionary<string, JsonElement>(element.Props.ToDictionary(), StringComparer.Ordinal);
            result[element.Id] = element.Type + " " + JsonSerializer.Serialize(props);
        }

        return result;
    }

    /// <summary>Reads the board as <c>GET /api/rooms/{code}/boards/{id}</c> returns it.</summary>
    public static async Task<BoardDocument> ExportAsync(HttpClient client, string code, Guid boardId)
    {
        BoardDocument? document = await client.GetFromJsonAsync<BoardDocument>($"/api/rooms/{code}/boards/{boardId}");
        Assert.NotNull(document);
        return document;
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();

    private static HubConnection Build(TestServer server) => new HubConnectionBuilder()
        .WithUrl(new Uri(server.BaseAddress, "/hubs/board"), options =>
        {
            options.Transports = HttpTransportType.WebSockets;
            options.HttpMessageHandlerFactory = _ => server.CreateHandler();
            options.WebSocketFactory = async (context, cancellationToken) =>
                await server.CreateWebSocketClient().ConnectAsync(context.Uri, cancellationToken);
        })
        .Build();

    private void Subscribe(HubConnection connection)
    {
        connection.On<Web.Facilitation.BoardLocks>("LocksChanged", LocksUpdates.Enqueue);
        connection.On<Web.Facilitation.FacilitationView>("FacilitationChanged", FacilitationUpdates.Enqueue);
        connection.On<AppliedOperation>("OperationApplied", operation =>
        {
            lock (_gate)
            {
                ReceivedVersions.Add(operation.Version);
                Take(operation);
                DrainEarly();
            }
        });
        connection.On<IReadOnlyList<Participant>>("PresenceChanged", participants =>
        {
            lock (_gate)
            {
                _presence.Add(participants);
            }
        });
        connection.On("BoardsChanged", () => Interlocked.Increment(ref _boardsChanged));
        connection.On<RoomRunNotice>("RunLaunched", notice =>
        {
            lock (_gate)
            {
                _runNotices.Add(notice);
            }
        });
        connection.On<CursorPosition>("CursorMoved", position =>
        {
            lock (_gate)
            {
                _cursors.Add(position);
            }
        });
    }

    // Called with _gate held.
    private void Take(AppliedOperation operation)
    {
        if (operation.Version <= _version)
        {
            return;
        }

        if (operation.Version > _version + 1)
        {
            _early[operation.Version] = operation;
            return;
        }

        foreach (BoardChange change in operation.Changes)
        {
            switch (change.Kind)
            {
                case BoardChange.Create:
                    _elements[change.Element!.Id] = change.Element;
                    break;
                case BoardChange.Set:
                    BoardElement existing = _elements[change.Id!];
                    var props = existing.Props.ToDictionary();
                    foreach ((string key, JsonElement value) in change.Props!)
                    {
                        props[key] = value;
                    }

                    _elements[change.Id!] = existing with { Props = props };
                    break;
                case BoardChange.Delete:
                    _elements.Remove(change.Id!);
                    break;
            }
        }

        _version = operation.Version;
    }

    // Called with _gate held.
    private void DrainEarly()
    {
        while (_early.Remove(_version + 1, out AppliedOperation? next))
        {
            Take(next);
        }

        foreach (long stale in _early.Keys.Where(v => v <= _version).ToArray())
        {
            _early.Remove(stale);
        }
    }
}
