using System.Net.Http.Json;
using FedWorkbench.Web.Api;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Hubs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Data.Sqlite;
using static FedWorkbench.Web.Tests.Integration.BoardRooms;

namespace FedWorkbench.Web.Tests.Integration;

public sealed class BoardHubTests
{
    [Fact]
    public async Task Join_ListsEveryoneWithDistinctColours()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient http = factory.CreateClient();
        CreateRoomResponse room = await CreateAsync(http);

        await using BoardClient a = await BoardClient.ConnectAsync(factory.Server, "Ada");
        await using BoardClient b = await BoardClient.ConnectAsync(factory.Server, "Bo");
        await using BoardClient secondTabOfA = await BoardClient.ConnectAsync(factory.Server, "Ada", a.Token);
        await a.JoinAsync(room.Code, room.BoardId);
        await b.JoinAsync(room.Code, room.BoardId);
        JoinBoardResult last = await secondTabOfA.JoinAsync(room.Code, room.BoardId);

        // Two people, though A has two connections.
        Assert.Equal(2, last.Participants.Count);
        Assert.Equal(last.Self.Id, a.LastJoin!.Self.Id);
        Assert.Equal(RoomPresence.ParticipantId(a.Token), last.Self.Id);
        Assert.NotEqual(last.Participants[0].Color, last.Participants[1].Color);
        Assert.Equal(RoomPresence.Palette[0], a.LastJoin.Self.Color);
        Assert.Equal(RoomPresence.Palette[1], b.LastJoin!.Self.Color);
        Assert.Equal(0, last.Version);
        Assert.NotNull(last.Snapshot);
        Assert.Empty(last.Snapshot.Elements);

        await b.StopAsync();
        await WaitUntilAsync(() => a.PresenceUpdates.Count > 0 && a.PresenceUpdates[^1].Count == 1);
        Assert.Equal(a.LastJoin.Self.Id, a.PresenceUpdates[^1][0].Id);
    }

    [Fact]
    public async Task Join_UnknownRoomRaisesClearMessage()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        await using BoardClient a = await BoardClient.ConnectAsync(factory.Server, "Ada");

        HubException error = await Assert.ThrowsAsync<HubException>(() => a.JoinAsync("nosuchroom0000000000", Guid.NewGuid()));

        Assert.Contains("Room 'nosuchroom0000000000' does not exist. Check the link, or create a room on the home page.", error.Message);
    }

    [Theory]
    [InlineData("short", "Ada", "client token must be 16 to 64 characters")]
    [InlineData("token-with-a-space here", "Ada", "client token must be 16 to 64 characters")]
    [InlineData("valid-token-0123456789", "", "display name must be 1 to 40 visible characters")]
    [InlineData("valid-token-0123456789", "Line\nbreak", "invisible character U+000A at position 5")]
    [InlineData("valid-token-0123456789", "\u202eevil", "invisible character U+202E at position 1")]
    [InlineData("valid-token-0123456789", "\u200b\u200b", "invisible character U+200B at position 1")]
    [InlineData("valid-token-0123456789", "a\u2028b", "invisible character U+2028 at position 2")]
    [InlineData("valid-token-0123456789", "Ada\u2066x", "invisible character U+2066 at position 4")]
    [InlineData("valid-token-0123456789", "\ufeffAda", "invisible character U+FEFF at position 1")]
    [InlineData("valid-token-0123456789", "A name that is far longer than forty characters", "display name must be 1 to 40 visible characters")]
    public async Task Join_InvalidTokenOrNameRaises(string token, string name, string expected)
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient http = factory.CreateClient();
        CreateRoomResponse room = await CreateAsync(http);
        await using BoardClient client = await BoardClient.ConnectAsync(factory.Server, name, token);

        HubException error = await Assert.ThrowsAsync<HubException>(() => client.JoinAsync(room.Code, room.BoardId));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task Join_BoardOfAnotherRoomRaises()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient http = factory.CreateClient();
        CreateRoomResponse room = await CreateAsync(http);
        CreateRoomResponse other = await CreateAsync(http, "Other room");
        await using BoardClient client = await BoardClient.ConnectAsync(factory.Server, "Ada");

        HubException error = await Assert.ThrowsAsync<HubException>(() => client.JoinAsync(room.Code, other.BoardId));

        Assert.Contains($"Board {other.BoardId} is not in room '{room.Code}'", error.Message);
    }

    [Fact]
    public async Task Join_FullRoomRaises()
    {
        await using BoardTestHost host = await BoardTestHost.StartAsync(
            new Dictionary<string, string> { ["Boards:MaxParticipantsPerRoom"] = "1" }, "Ada");
        FedWorkbenchFactory factory = host.Factory;
        CreateRoomResponse room = host.Room;
        await using BoardClient late = await BoardClient.ConnectAsync(factory.Server, "Bo");

        HubException error = await Assert.ThrowsAsync<HubException>(() => late.JoinAsync(room.Code, room.BoardId));

        Assert.Contains("is full: at most 1 people", error.Message);
    }

    [Fact]
    public async Task Cursor_ReachesOthersThrottled()
    {
        await using BoardTestHost host = await BoardTestHost.StartAsync(
            new Dictionary<string, string> { ["Boards:MaxCursorMovesPerSecond"] = "1" }, "Ada", "Bo");
        BoardClient[] clients = host.Clients;

        // The bucket contains 1 move and refills 1 per second, so 30 moves sent back to back cannot all pass.
        for (int i = 0; i < 30; i++)
        {
            await clients[0].MoveCursorAsync(i, 2 * i);
        }

        // A marker operation sent after the moves arrives after every forwarded move.
        await clients[0].SendAsync(CreateNote("marker"));
        await clients[1].WaitForVersionAsync(1);
        IReadOnlyList<CursorPosition> received = clients[1].Cursors;
        Assert.NotEmpty(received);
        Assert.True(received.Count < 30, $"All {received.Count} cursor moves were forwarded despite the limit of 1 per second.");
        Assert.All(received, c => Assert.Equal(clients[0].LastJoin!.Self.Id, c.ParticipantId));
        Assert.Equal((0.0, 0.0), (received[0].X, received[0].Y));
        Assert.Empty(clients[0].Cursors);
    }

    [Fact]
    public async Task Operation_BeforeJoinRaisesJoinFirst()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        await using BoardClient a = await BoardClient.ConnectAsync(factory.Server, "Ada");

        HubException error = await Assert.ThrowsAsync<HubException>(() => a.SendAsync(CreateNote("n1")));

        Assert.Contains(BoardHub.JoinFirstMessage, error.Message);
    }

    [Fact]
    public async Task Operation_ReachesEveryClient()
    {
        await using BoardTestHost host = await BoardTestHost.StartAsync("Ada", "Bo", "Cy");
        BoardClient[] clients = host.Clients;

        OperationResult result = await clients[0].SendAsync(CreateNote("n1", 10, 20, "<script>alert(1)</script>"));

        Assert.Equal(OperationResult.Applied, result.Status);
        Assert.Equal(1, result.Version);
        foreach (BoardClient client in clients)
        {
            await client.WaitForVersionAsync(1);
            BoardElement? note = client.Find("n1");
            Assert.Equal(10, Number(note, "x"));
            Assert.Equal("<script>alert(1)</script>", note!.Props["text"].GetString());

            // The server fills in missing properties, so every client has the complete element.
            Assert.True(note.Props.ContainsKey("w"), "The created note has no width.");
        }
    }

    [Fact]
    public async Task ConcurrentEdits_DifferentElementsAndPropertiesAreKept()
    {
        await using BoardTestHost host = await BoardTestHost.StartAsync("Ada", "Bo");
        BoardClient[] clients = host.Clients;
        (BoardClient a, BoardClient b) = (clients[0], clients[1]);
        await a.SendAsync(CreateNote("n1"), CreateNote("n2"));
        await b.WaitForVersionAsync(1);

        // Both edit from version 1 at once: A moves n1 and recolours n2, B resizes n1 and moves n2.
        OperationResult[] results = await Task.WhenAll(
            a.SendAsync(a.NextOpId(), 1, Set("n1", "x", 100), Set("n2", "color", "#112233")),
            b.SendAsync(b.NextOpId(), 1, Set("n1", "w", 300), Set("n2", "y", 50)));

        Assert.All(results, r => Assert.Equal(OperationResult.Applied, r.Status));
        Assert.All(results, r => Assert.Empty(r.Conflicts));
        foreach (BoardClient client in clients)
        {
            await client.WaitForVersionAsync(3);
            Assert.Equal(100, Number(client.Find("n1"), "x"));
            Assert.Equal(300, Number(client.Find("n1"), "w"));
            Assert.Equal(50, Number(client.Find("n2"), "y"));
            Assert.Equal("#112233", client.Find("n2")!.Props["color"].GetString());
        }
    }

    [Fact]
    public async Task ConcurrentEdits_SamePropertyFirstWinsEverywhere()
    {
        await using BoardTestHost host = await BoardTestHost.StartAsync("Ada", "Bo", "Cy");
        HttpClient http = host.Http;
        CreateRoomResponse room = host.Room;
        BoardClient[] clients = host.Clients;
        await clients[0].SendAsync(CreateNote("n1"));
        await Task.WhenAll(clients.Select(c => c.WaitForVersionAsync(1)));

        OperationResult first = await clients[1].SendAsync(clients[1].NextOpId(), 1, Set("n1", "x", 111));
        OperationResult second = await clients[2].SendAsync(clients[2].NextOpId(), 1, Set("n1", "x", 222));

        Assert.Equal(OperationResult.Applied, first.Status);
        Assert.Equal(OperationResult.Conflict, second.Status);
        OperationConflict conflict = Assert.Single(second.Conflicts);
        Assert.Equal("n1", conflict.ElementId);
        Assert.Equal("x", conflict.Property);
        BoardDocument server = await BoardClient.ExportAsync(http, room.Code, room.BoardId);
        foreach (BoardClient client in clients)
        {
            await client.WaitForVersionAsync(2);
            Assert.Equal(111, Number(client.Find("n1"), "x"));
            Assert.Equal(BoardClient.CanonicalOf(server.Elements), client.Canonical());
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task RandomConcurrentSequences_ConvergeOnEveryClient(int seed)
    {
        await using BoardTestHost host = await BoardTestHost.StartAsync(
            new Dictionary<string, string> { ["Boards:MaxOperationsPerSecond"] = "10000" }, "Ada", "Bo", "Cy", "Di");
        HttpClient http = host.Http;
        CreateRoomResponse room = host.Room;
        BoardClient[] clients = host.Clients;

        // Each client fires 40 random operations on a few shared ids without waiting for the results.
        string[] ids = ["e1", "e2", "e3", "e4", "e5"];
        string[] properties = ["x", "y", "w", "h", "text", "color"];
        var sends = new List<Task<OperationResult>>();
        for (int c = 0; c < clients.Length; c++)
        {
            var random = new Random(seed * 100 + c);
            BoardClient client = clients[c];
            for (int i = 0; i < 40; i++)
            {
                string id = ids[random.Next(ids.Length)];
                BoardChange change = random.Next(6) switch
                {
                    0 => CreateNote(id, random.Next(500), random.Next(500)),
                    1 => Delete(id),
                    _ => RandomSet(random, id, properties),
                };
                sends.Add(client.SendAsync(client.NextOpId(), client.Version, change));
            }
        }

        OperationResult[] results = await Task.WhenAll(sends);

        Assert.DoesNotContain(results, r => r.Status == OperationResult.Rejected);
        long finalVersion = results.Max(r => r.Version);
        Assert.Equal(results.Count(r => r.Status == OperationResult.Applied), finalVersion);
        BoardDocument server = await BoardClient.ExportAsync(http, room.Code, room.BoardId);
        SortedDictionary<string, string> expected = BoardClient.CanonicalOf(server.Elements);
        foreach (BoardClient client in clients)
        {
            await client.WaitForVersionAsync(finalVersion);
            Assert.Equal(expected, client.Canonical());
        }
    }

    [Fact]
    public async Task Undo_RevertsOnlyOwnWrites()
    {
        await using BoardTestHost host = await BoardTestHost.StartAsync("Ada", "Bo");
        BoardClient[] clients = host.Clients;
        (BoardClient a, BoardClient b) = (clients[0], clients[1]);
        await a.SendAsync(CreateNote("n1", 0, 0));
        await b.WaitForVersionAsync(1);
        await a.SendAsync(Set("n1", "x", 40));
        await b.WaitForVersionAsync(2);
        await b.SendAsync(Set("n1", "y", 70));
        await a.WaitForVersionAsync(3);

        OperationResult undo = await a.UndoAsync();

        Assert.Equal(OperationResult.Applied, undo.Status);
        foreach (BoardClient client in clients)
        {
            await client.WaitForVersionAsync(4);
            Assert.Equal(0, Number(client.Find("n1"), "x"));
            Assert.Equal(70, Number(client.Find("n1"), "y"));
        }

        OperationResult redo = await a.RedoAsync();

        Assert.Equal(OperationResult.Applied, redo.Status);
        await b.WaitForVersionAsync(5);
        Assert.Equal(40, Number(b.Find("n1"), "x"));
        Assert.Equal(70, Number(b.Find("n1"), "y"));
    }

    [Fact]
    public async Task Reconnect_GetsExactlyTheMissedOperations()
    {
        await using BoardTestHost host = await BoardTestHost.StartAsync("Ada", "Bo");
        CreateRoomResponse room = host.Room;
        BoardClient[] clients = host.Clients;
        (BoardClient a, BoardClient b) = (clients[0], clients[1]);
        await a.SendAsync(CreateNote("n1"), CreateNote("n2"));
        await b.WaitForVersionAsync(1);

        await b.StopAsync();
        await a.SendAsync(Set("n1", "x", 5));
        await a.SendAsync(Set("n2", "x", 6));
        await a.SendAsync(Set("n1", "text", "edited while B was away"));
        await b.ReconnectAsync();
        JoinBoardResult rejoin = await b.JoinAsync(room.Code, room.BoardId, lastVersion: 1);

        Assert.Null(rejoin.Snapshot);
        Assert.NotNull(rejoin.Operations);
        Assert.Equal([2L, 3L, 4L], rejoin.Operations.Select(o => o.Version));
        Assert.Equal(4, rejoin.Version);
        Assert.Equal(a.Canonical(), b.Canonical());

        // B's edits made offline against version 1: a write to a property A changed is a conflict, another applies.
        OperationResult offlineConflict = await b.SendAsync("b-offline-1", 1, Set("n1", "x", 99));
        OperationResult offlineApplied = await b.SendAsync("b-offline-2", 1, Set("n2", "y", 77));

        Assert.Equal(OperationResult.Conflict, offlineConflict.Status);
        Assert.Equal(OperationResult.Applied, offlineApplied.Status);
        await a.WaitForVersionAsync(5);
        Assert.Equal(5, Number(a.Find("n1"), "x"));
        Assert.Equal(77, Number(a.Find("n2"), "y"));
    }

    [Fact]
    public async Task Rejoin_FromCurrentVersionGetsNoOperations()
    {
        await using BoardTestHost host = await BoardTestHost.StartAsync("Ada");
        CreateRoomResponse room = host.Room;
        BoardClient[] clients = host.Clients;
        await clients[0].SendAsync(CreateNote("n1"));

        JoinBoardResult rejoin = await clients[0].JoinAsync(room.Code, room.BoardId, lastVersion: 1);

        Assert.Null(rejoin.Snapshot);
        Assert.Empty(rejoin.Operations!);
    }

    [Fact]
    public async Task ResentOperation_IsNotAppliedTwice()
    {
        await using BoardTestHost host = await BoardTestHost.StartAsync("Ada");
        HttpClient http = host.Http;
        CreateRoomResponse room = host.Room;
        BoardClient[] clients = host.Clients;
        BoardClient a = clients[0];

        OperationResult first = await a.SendAsync("op-1", 0, CreateNote("n1"));
        OperationResult again = await a.SendAsync("op-1", 0, CreateNote("n1"));

        Assert.Equal(OperationResult.Applied, first.Status);
        Assert.Equal(first.Status, again.Status);
        Assert.Equal(1, again.Version);
        BoardInfo board = Assert.Single(await http.GetFromJsonAsync<BoardInfo[]>($"/api/rooms/{room.Code}/boards") ?? []);
        Assert.Equal(1, board.Version);
    }

    [Fact]
    public async Task RateLimit_RejectsWithMessage()
    {
        await using BoardTestHost host = await BoardTestHost.StartAsync(
            new Dictionary<string, string> { ["Boards:MaxOperationsPerSecond"] = "1" }, "Ada");
        BoardClient[] clients = host.Clients;

        // The bucket contains 2 operations and refills 1 per second, so 10 sent back to back cannot all pass.
        var results = new List<OperationResult>();
        for (int i = 0; i < 10; i++)
        {
            results.Add(await clients[0].SendAsync(CreateNote($"n{i}")));
        }

        OperationResult limited = Assert.Single(results.Where(r => r.Status == OperationResult.Rejected).Take(1));
        Assert.Equal("Too many edits: at most 1 per second. Wait a moment and try again.", limited.Error);
        Assert.Equal(OperationResult.Applied, results[0].Status);
    }

    [Fact]
    public async Task Restart_ShowsTheSameBoard()
    {
        using var folder = new TestDataFolder();
        CreateRoomResponse room;
        SortedDictionary<string, string> before;
        await using (var factory = new FedWorkbenchFactory(folder.Path))
        {
            using HttpClient http = factory.CreateClient();
            room = await CreateAsync(http);
            BoardClient[] clients = await JoinAllAsync(factory, room, "Ada");
            await clients[0].SendAsync(CreateNote("n1", 1, 2, "kept"), CreateNote("n2"));
            await clients[0].SendAsync(Set("n1", "x", 42));
            await clients[0].SendAsync(Delete("n2"));
            await clients[0].WaitForVersionAsync(3);
            before = clients[0].Canonical();
            await DisposeAllAsync(clients);
        }

        await using (var factory = new FedWorkbenchFactory(folder.Path))
        {
            using HttpClient http = factory.CreateClient();
            BoardDocument after = await BoardClient.ExportAsync(http, room.Code, room.BoardId);
            Assert.Equal(before, BoardClient.CanonicalOf(after.Elements));

            // A browser that saw version 2 before the restart catches up from the stored log.
            BoardClient[] clients = await JoinAllAsync(factory, room, "Bo");
            JoinBoardResult rejoin = await clients[0].JoinAsync(room.Code, room.BoardId, lastVersion: 2);
            Assert.Equal(3, rejoin.Version);
            Assert.Equal([3L], rejoin.Operations!.Select(o => o.Version));
            await DisposeAllAsync(clients);
        }
    }

    [Fact]
    public async Task FailedSave_RejectsAndKeepsNothing()
    {
        await using BoardTestHost host = await BoardTestHost.StartAsync(
            new Dictionary<string, string> { ["Storage:BusyTimeoutMilliseconds"] = "0" }, "Ada");
        TestDataFolder folder = host.Folder;
        HttpClient http = host.Http;
        CreateRoomResponse room = host.Room;
        BoardClient[] clients = host.Clients;
        await clients[0].SendAsync(CreateNote("n1"));

        // Another connection holds the write lock, so the app's save fails after its 1 s busy timeout.
        OperationResult blocked;
        await using (var locker = new SqliteConnection($"Data Source={folder.DatabasePath};Pooling=False"))
        {
            await locker.OpenAsync();
            await using (SqliteCommand begin = locker.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE;";
                await begin.ExecuteNonQueryAsync();
            }

            blocked = await clients[0].SendAsync("op-blocked", 1, Set("n1", "x", 5));
        }

        Assert.Equal(OperationResult.Rejected, blocked.Status);
        Assert.Equal(BoardService.SaveFailedMessage, blocked.Error);
        BoardDocument stored = await BoardClient.ExportAsync(http, room.Code, room.BoardId);
        Assert.Equal(0, Number(Assert.Single(stored.Elements), "x"));

        // The browser resends the same operation once the database is free, and it is applied then.
        OperationResult resent = await clients[0].SendAsync("op-blocked", 1, Set("n1", "x", 5));

        Assert.True(resent.Status == OperationResult.Applied, $"The resent operation was {resent.Status}: {resent.Error}");
        Assert.Equal(2, resent.Version);
        await clients[0].WaitForVersionAsync(2);
        Assert.Equal(5, Number(clients[0].Find("n1"), "x"));
    }

    private static BoardChange RandomSet(Random random, string id, string[] properties)
    {
        string property = properties[random.Next(properties.Length)];
        object value = property switch
        {
            "text" => $"t{random.Next(1000)}",
            "color" => $"#{random.Next(0x1000000):x6}",
            "w" or "h" => random.Next(20, 400),
            _ => random.Next(-500, 500),
        };
        return Set(id, property, value);
    }

    internal static async Task<BoardClient[]> JoinAllAsync(FedWorkbenchFactory factory, CreateRoomResponse room, params string[] names)
    {
        var clients = new BoardClient[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            clients[i] = await BoardClient.ConnectAsync(factory.Server, names[i]);
            await clients[i].JoinAsync(room.Code, room.BoardId);
        }

        return clients;
    }

    internal static async Task DisposeAllAsync(IEnumerable<BoardClient> clients)
    {
        foreach (BoardClient client in clients)
        {
            await client.DisposeAsync();
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(RunApi.FailureTimeout);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
