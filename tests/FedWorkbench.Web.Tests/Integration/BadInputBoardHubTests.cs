using System.Text.Json;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Facilitation;
using FedWorkbench.Web.Hubs;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using static FedWorkbench.Web.Tests.Integration.BoardRooms;

namespace FedWorkbench.Web.Tests.Integration;

/// <summary>
/// Malformed board operations, joins, cursor moves and votes sent through <c>/hubs/board</c>: each gets a rejected
/// <see cref="OperationResult"/> or a <see cref="HubException"/> whose message names the element, property, field or
/// value, the connection stays open, and the board version and the stored rows do not change.
/// </summary>
public sealed class BadInputBoardHubTests : IAsyncLifetime
{
    private BoardTestHost _host = null!;

    private BoardClient Ada => _host.Clients[0];

    public static TheoryData<string, BoardChange[], string[]> InvalidChanges => new()
    {
        { "unknown kind", [new BoardChange("explode", Id: "n1")], ["explode", "create"] },
        { "create without element", [new BoardChange(BoardChange.Create)], ["creates no element"] },
        { "unknown element type", [new BoardChange(BoardChange.Create, Element: new BoardElement("r1", "rocket", new Dictionary<string, JsonElement>()))], ["rocket", "note"] },
        { "null element type", [new BoardChange(BoardChange.Create, Element: new BoardElement("r1", null!, new Dictionary<string, JsonElement>()))], ["null", "unknown"] },
        { "null element id", [new BoardChange(BoardChange.Create, Element: new BoardElement(null!, BoardElementTypes.Note, new Dictionary<string, JsonElement>()))], ["null", "invalid"] },
        { "id with spaces", [CreateNote("bad id!")], ["bad id!", "invalid"] },
        { "id with control character", [CreateNote("n\u0001")], ["n?", "invalid"] },
        { "id with a quote", [CreateNote("n\"1")], ["n\"1", "invalid"] },
        { "id too long", [CreateNote(new string('n', 65))], ["invalid", "64 characters"] },
        { "empty id", [CreateNote("")], ["\"\"", "invalid"] },
        { "duplicate create", [CreateNote("d1"), CreateNote("d1")], ["d1", "created twice"] },
        { "unknown property", [Set("n1", "colour", "#ffffff")], ["n1", "colour"] },
        { "text for a number", [Set("n1", "x", "left")], ["\"x\"", "number", "left"] },
        { "coordinate out of range", [Set("n1", "x", 1e12)], ["\"x\"", "1000000000000"] },
        { "text too long", [Set("n1", "text", new string('t', 2_001))], ["\"text\"", "2,001 characters"] },
        { "bad colour", [Set("n1", "color", "red")], ["\"color\"", "red"] },
        { "null for a required value", [Set("n1", "x", null!)], ["\"x\"", "cannot be empty"] },
        { "set without properties", [new BoardChange(BoardChange.Set, Id: "n1")], ["n1", "no property"] },
        { "set with null id", [new BoardChange(BoardChange.Set, Props: new Dictionary<string, JsonElement> { ["x"] = Value(1) })], ["null", "invalid"] },
        { "delete with bad id", [new BoardChange(BoardChange.Delete, Id: "a/b")], ["a/b", "invalid"] },
        { "connector to itself", [Connector("c1", "c1", "n1")], ["c1", "connector itself"] },
        { "connector without ends", [new BoardChange(BoardChange.Create, Element: new BoardElement("c1", BoardElementTypes.Connector, new Dictionary<string, JsonElement>()))], ["c1", "from"] },
        { "client count not whole", [CreateGroup("g1", "count", 2.5)], ["count", "whole number", "2.5"] },
        { "unknown choice", [CreateGroup("g1", "partition", "round-robin")], ["partition", "round-robin"] },
        { "too many changes", Enumerable.Range(0, 1_001).Select(i => CreateNote($"m{i}")).ToArray(), ["1,001 changes", "1,000"] },
        { "no changes", [], ["no changes"] },
    };

    public static TheoryData<string, string, string[]> MalformedOperationJson => new()
    {
        { "number beyond double", """{"opId": "r1", "baseVersion": 1, "changes": [{"kind": "set", "id": "n1", "props": {"x": 1e400}}]}""", ["\"x\"", "number", "1e400"] },
        { "long number text", """{"opId": "r1", "baseVersion": 1, "changes": [{"kind": "set", "id": "n1", "props": {"x": 1.000000000000000000000000000000000001}}]}""", ["\"x\"", "characters"] },
        { "object for text", """{"opId": "r1", "baseVersion": 1, "changes": [{"kind": "set", "id": "n1", "props": {"text": {"a": [1, 2]}}}]}""", ["\"text\"", "must be text"] },
        { "null change", """{"opId": "r1", "baseVersion": 1, "changes": [null]}""", ["malformed", "changes"] },
        { "null changes", """{"opId": "r1", "baseVersion": 1, "changes": null}""", ["malformed", "changes"] },
        { "missing changes", """{"opId": "r1", "baseVersion": 1}""", ["malformed", "changes"] },
        { "missing opId", """{"baseVersion": 1, "changes": [{"kind": "delete", "id": "n1"}]}""", ["operation id", "null"] },
    };

    public static TheoryData<string, string, string[]> WrongKindOperationJson => new()
    {
        {
            "baseVersion as text",
            """{"opId": "r1", "baseVersion": "latest", "changes": [{"kind": "delete", "id": "n1"}]}""",
            ["baseVersion must be a whole number (the board version your change is based on), but it was the string \"latest\"."]
        },
        {
            "baseVersion as fraction",
            """{"opId": "r1", "baseVersion": 1.5, "changes": [{"kind": "delete", "id": "n1"}]}""",
            ["baseVersion must be a whole number", "the number 1.5"]
        },
        { "changes as number", """{"opId": "r1", "baseVersion": 1, "changes": 5}""", ["changes must be an array", "the number 5"] },
        { "opId as number", """{"opId": 7, "baseVersion": 1, "changes": [{"kind": "delete", "id": "n1"}]}""", ["opId must be a string", "the number 7"] },
        { "operation as list", """[1, 2, 3]""", ["operation must be an object", "opId, baseVersion and changes", "an array"] },
        { "change as text", """{"opId": "r1", "baseVersion": 1, "changes": ["delete n1"]}""", ["changes[0] must be an object", "the string \"delete n1\""] },
        { "kind as number", """{"opId": "r1", "baseVersion": 1, "changes": [{"kind": 3, "id": "n1"}]}""", ["changes[0].kind must be a string", "create, set or delete", "the number 3"] },
        { "props as list", """{"opId": "r1", "baseVersion": 1, "changes": [{"kind": "set", "id": "n1", "props": [1]}]}""", ["changes[0].props must be an object", "an array"] },
        { "element type as object", """{"opId": "r1", "baseVersion": 1, "changes": [{"kind": "create", "element": {"id": "z", "type": {}, "props": {}}}]}""", ["changes[0].element.type must be a string", "an object"] },
    };

    public async Task InitializeAsync()
    {
        _host = await BoardTestHost.StartAsync("Ada", "Bo");

        // One note at version 1, which the sets and deletes below refer to.
        OperationResult created = await Ada.SendAsync(CreateNote("n1", 10, 20, "first"));
        Assert.Equal(OperationResult.Applied, created.Status);
        await _host.Clients[1].WaitForVersionAsync(1);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [MemberData(nameof(InvalidChanges))]
    public async Task InvalidChange_RejectedNamingValue(string description, BoardChange[] changes, string[] keywords)
    {
        StoredRows before = await StoredRows.ReadAsync(_host.Factory);

        OperationResult result = await Ada.SendAsync(Ada.NextOpId(), Ada.Version, changes);

        AssertRejected(result, description, keywords);
        await AssertNothingChangedAsync(before);
    }

    [Theory]
    [InlineData("op id", "op id")]
    [InlineData("undo-7", "reserved")]
    [InlineData("", "\"\"")]
    public async Task InvalidOpId_RejectedNamingIt(string opId, string keyword)
    {
        StoredRows before = await StoredRows.ReadAsync(_host.Factory);

        OperationResult result = await Ada.SendAsync(opId, Ada.Version, Set("n1", "x", 5));

        AssertRejected(result, opId, ["operation id", keyword]);
        await AssertNothingChangedAsync(before);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2)]
    [InlineData(long.MaxValue)]
    public async Task BaseVersionOutOfRange_Rejected(long baseVersion)
    {
        StoredRows before = await StoredRows.ReadAsync(_host.Factory);

        OperationResult result = await Ada.SendAsync(Ada.NextOpId(), baseVersion, Set("n1", "x", 5));

        AssertRejected(result, $"base version {baseVersion}", [$"board version {baseVersion:N0}", "at version 1"]);
        await AssertNothingChangedAsync(before);
    }

    [Fact]
    public async Task OverElementLimit_RejectedWithLimit()
    {
        // The default limit is 1,000 elements; the board has 1, and 1,000 more in one operation pass every
        // other check.
        StoredRows before = await StoredRows.ReadAsync(_host.Factory);
        BoardChange[] changes = Enumerable.Range(0, 1_000).Select(i => CreateNote($"m{i}")).ToArray();

        OperationResult result = await Ada.SendAsync(Ada.NextOpId(), Ada.Version, changes);

        AssertRejected(result, "element limit", ["1,000"]);
        await AssertNothingChangedAsync(before);
    }

    [Theory]
    [MemberData(nameof(MalformedOperationJson))]
    public async Task MalformedJson_RejectedNamingValue(string description, string json, string[] keywords)
    {
        await using HubConnection raw = await ConnectRawAsync();
        StoredRows before = await StoredRows.ReadAsync(_host.Factory);

        OperationResult result = await raw.InvokeAsync<OperationResult>("ApplyOperation", Parse(json));

        AssertRejected(result, description, keywords);
        Assert.Equal(HubConnectionState.Connected, raw.State);
        await AssertNothingChangedAsync(before);
    }

    [Theory]
    [MemberData(nameof(WrongKindOperationJson))]
    public async Task WrongKindJson_HubErrorNamingField(string description, string json, string[] keywords)
    {
        await using HubConnection raw = await ConnectRawAsync();
        StoredRows before = await StoredRows.ReadAsync(_host.Factory);

        HubException error = await Assert.ThrowsAsync<HubException>(() => raw.InvokeAsync<OperationResult>("ApplyOperation", Parse(json)));

        AssertNamed(error, description, keywords);
        Assert.True(raw.State == HubConnectionState.Connected, $"'{description}' closed the connection.");
        await AssertNothingChangedAsync(before);

        // The connection still works after the error.
        OperationResult next = await raw.InvokeAsync<OperationResult>("ApplyOperation", new BoardOperation("after-error", 1, [Set("n1", "y", 3)]));
        Assert.Equal(OperationResult.Applied, next.Status);
    }

    [Fact]
    public async Task NullOperation_Rejected()
    {
        await using HubConnection raw = await ConnectRawAsync();
        StoredRows before = await StoredRows.ReadAsync(_host.Factory);

        OperationResult result = await raw.InvokeAsync<OperationResult>("ApplyOperation", (object?)null);

        AssertRejected(result, "null operation", ["malformed", "opId"]);
        await AssertNothingChangedAsync(before);
    }

    [Fact]
    public async Task OperationBeforeJoin_IsHubError()
    {
        await using HubConnection unjoined = await ConnectAsync();

        HubException error = await Assert.ThrowsAsync<HubException>(() =>
            unjoined.InvokeAsync<OperationResult>("ApplyOperation", new BoardOperation("x1", 0, [CreateNote("z1")])));

        Assert.Contains(BoardHub.JoinFirstMessage, error.Message, StringComparison.Ordinal);
        Assert.Null(Ada.Find("z1"));
    }

    [Fact]
    public async Task UndoWithNothingToUndo_ChangesNothing()
    {
        StoredRows before = await StoredRows.ReadAsync(_host.Factory);

        OperationResult result = await _host.Clients[1].UndoAsync();

        Assert.NotEqual(OperationResult.Applied, result.Status);
        Assert.Equal(1, result.Version);
        await AssertNothingChangedAsync(before);
    }

    [Theory]
    [InlineData("aaaaaaaaaaaaaaaaaaaa", "token-joiner-xxxxx", "Joiner", "does not exist")]
    [InlineData("bad code <script>", "token-joiner-xxxxx", "Joiner", "bad code <script>")]
    [InlineData(null, "token-joiner-xxxxx", "Joiner", "does not exist")]
    [InlineData("ROOM", "short", "Joiner", "client token")]
    [InlineData("ROOM", "token with spaces!!", "Joiner", "client token")]
    [InlineData("ROOM", "token-joiner-xxxxx", "", "display name")]
    [InlineData("ROOM", "token-joiner-xxxxx", "a name that is far longer than forty characters", "display name")]
    [InlineData("ROOM", "token-joiner-xxxxx", "Ada\u202e", "U+202E")]
    public async Task InvalidJoin_IsHubErrorNamingValue(string? code, string token, string name, string keyword)
    {
        await using HubConnection connection = await ConnectAsync();
        var request = new JoinBoardRequest(code == "ROOM" ? _host.Room.Code : code!, _host.Room.BoardId, token, name);

        HubException error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<JoinBoardResult>("JoinBoard", request));

        Assert.Contains(keyword, error.Message, StringComparison.Ordinal);
        BadInputAssert.AssertNoStackTrace(error.Message);
        Assert.Equal(HubConnectionState.Connected, connection.State);
    }

    [Fact]
    public async Task JoinUnknownBoard_IsHubErrorNamingBoard()
    {
        await using HubConnection connection = await ConnectAsync();
        Guid unknown = Guid.NewGuid();

        HubException error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<JoinBoardResult>(
            "JoinBoard", new JoinBoardRequest(_host.Room.Code, unknown, "token-joiner-xxxxx", "Joiner")));

        Assert.Contains(unknown.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("boardId", "\"not-a-guid\"", "boardId must be a GUID string", "the string \"not-a-guid\"")]
    [InlineData("boardId", "42", "boardId must be a GUID string", "the number 42")]
    [InlineData("lastVersion", "\"3\"", "lastVersion must be a whole number or null", "the string \"3\"")]
    [InlineData("displayName", "[\"Ada\"]", "displayName must be a string", "an array")]
    public async Task JoinWithWrongKind_HubErrorNamingField(string field, string value, string expected, string received)
    {
        await using HubConnection connection = await ConnectAsync();
        var fields = new Dictionary<string, string>
        {
            ["roomCode"] = $"\"{_host.Room.Code}\"",
            ["boardId"] = $"\"{_host.Room.BoardId}\"",
            ["clientToken"] = "\"token-joiner-xxxxx\"",
            ["displayName"] = "\"Joiner\"",
            [field] = value,
        };
        JsonElement request = Parse("{" + string.Join(", ", fields.Select(f => $"\"{f.Key}\": {f.Value}")) + "}");

        HubException error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<JoinBoardResult>("JoinBoard", request));

        AssertNamed(error, field, [expected, received]);
        Assert.Equal(HubConnectionState.Connected, connection.State);

        // The connection can still join with a valid request.
        JoinBoardResult joined = await connection.InvokeAsync<JoinBoardResult>(
            "JoinBoard", new JoinBoardRequest(_host.Room.Code, _host.Room.BoardId, "token-joiner-xxxxx", "Joiner"));
        Assert.Equal(1, joined.Version);
    }

    [Fact]
    public async Task JoinAsList_HubErrorNamingRequest()
    {
        await using HubConnection connection = await ConnectAsync();

        HubException error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<JoinBoardResult>("JoinBoard", Parse("[1]")));

        AssertNamed(error, "join as list", ["request must be an object", "roomCode, boardId, clientToken and displayName", "an array"]);
        Assert.Equal(HubConnectionState.Connected, connection.State);
    }

    [Fact]
    public async Task CursorWithBadArguments_DroppedOrHubError()
    {
        await using HubConnection raw = await ConnectRawAsync();

        // Non-finite coordinates cannot be written in JSON, so the largest finite ones stand for them.
        HubException text = await Assert.ThrowsAsync<HubException>(() => raw.InvokeAsync("MoveCursor", "left", "top"));
        HubException y = await Assert.ThrowsAsync<HubException>(() => raw.InvokeAsync("MoveCursor", 5, Parse("null")));
        await raw.InvokeAsync("MoveCursor", 1e308, -1e308);

        AssertNamed(text, "text coordinates", ["x must be a number", "horizontal board coordinate", "the string \"left\""]);
        AssertNamed(y, "null y", ["y must be a number", "vertical board coordinate", "null"]);
        Assert.Equal(HubConnectionState.Connected, raw.State);
    }

    [Theory]
    [InlineData("\"n1\"", "\"one\"", "delta must be a whole number", "1 to add a vote, -1 to take one back", "the string \"one\"")]
    [InlineData("\"n1\"", "1.5", "delta must be a whole number", "1 to add a vote", "the number 1.5")]
    [InlineData("\"n1\"", "4294967296", "delta must be a whole number from -2,147,483,648 to 2,147,483,647", "1 to add a vote", "the number 4294967296")]
    [InlineData("5", "1", "elementId must be a string", "the id of the sticky note to vote on", "the number 5")]
    [InlineData("{\"id\": \"n1\"}", "1", "elementId must be a string", "sticky note", "an object")]
    public async Task VoteWithWrongKind_HubErrorNamingArgument(string elementId, string delta, string expected, string meaning, string received)
    {
        await using HubConnection raw = await ConnectRawAsync();

        HubException error = await Assert.ThrowsAsync<HubException>(() => raw.InvokeAsync<MyVotes>("CastVote", Parse(elementId), Parse(delta)));

        AssertNamed(error, $"CastVote({elementId}, {delta})", [expected, meaning, received]);
        Assert.Equal(HubConnectionState.Connected, raw.State);
    }

    [Fact]
    public async Task VoteWithoutOpenRound_KeepsServiceMessage()
    {
        await using HubConnection raw = await ConnectRawAsync();

        // Well-typed arguments reach the facilitation service, which stays the source of the semantic message.
        HubException error = await Assert.ThrowsAsync<HubException>(() => raw.InvokeAsync<MyVotes>("CastVote", "n1", 1));

        Assert.Contains("No voting round is open, so the vote was not counted.", error.Message, StringComparison.Ordinal);
        BadInputAssert.AssertNoStackTrace(error.Message);
    }

    [Fact]
    public async Task WrongArgumentCount_IsHubError()
    {
        await using HubConnection raw = await ConnectRawAsync();

        HubException error = await Assert.ThrowsAsync<HubException>(() => raw.InvokeAsync("CastVote", "n1"));

        // NOTE: SignalR checks the number of arguments before the hub method runs and rejects the call with its generic
        // "Failed to invoke 'CastVote' due to an error on the server.", which does not name the expected count.
        Assert.Contains("Failed to invoke 'CastVote' due to an error on the server.", error.Message, StringComparison.Ordinal);
        BadInputAssert.AssertNoStackTrace(error.Message);
        Assert.Equal(HubConnectionState.Connected, raw.State);
    }

    [Fact]
    public async Task UnknownHubMethod_IsHubError()
    {
        await using HubConnection raw = await ConnectRawAsync();

        HubException error = await Assert.ThrowsAsync<HubException>(() => raw.InvokeAsync("DropTables"));

        Assert.Contains("DropTables", error.Message, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, raw.State);
    }

    private static void AssertRejected(OperationResult result, string description, string[] keywords)
    {
        Assert.True(result.Status == OperationResult.Rejected, $"'{description}' was {result.Status}: {result.Error}");
        Assert.NotNull(result.Error);
        foreach (string keyword in keywords)
        {
            Assert.True(result.Error.Contains(keyword, StringComparison.Ordinal), $"'{description}': the message does not name '{keyword}': {result.Error}");
        }

        BadInputAssert.AssertNoStackTrace(result.Error);
    }

    private async Task AssertNothingChangedAsync(StoredRows before)
    {
        Assert.Equal(before, await StoredRows.ReadAsync(_host.Factory));
        BoardDocument document = await BoardClient.ExportAsync(_host.Http, _host.Room.Code, _host.Room.BoardId);
        Assert.Equal(1, Ada.Version);
        Assert.Equal(Ada.Canonical(), BoardClient.CanonicalOf(document.Elements));
        Assert.Equal(Ada.Canonical(), _host.Clients[1].Canonical());
        Assert.Equal(HubConnectionState.Connected, Ada.State);
    }

    private static void AssertNamed(HubException error, string description, string[] keywords)
    {
        foreach (string keyword in keywords)
        {
            Assert.True(error.Message.Contains(keyword, StringComparison.Ordinal), $"'{description}': the message does not name '{keyword}': {error.Message}");
        }

        BadInputAssert.AssertNoStackTrace(error.Message);
    }

    private static JsonElement Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static BoardChange Connector(string id, string from, string to) =>
        new(BoardChange.Create, Element: new BoardElement(id, BoardElementTypes.Connector, new Dictionary<string, JsonElement>
        {
            ["from"] = Value(from),
            ["to"] = Value(to),
        }));

    private static BoardChange CreateGroup(string id, string property, object value) =>
        new(BoardChange.Create, Element: new BoardElement(id, BoardElementTypes.ClientGroup, new Dictionary<string, JsonElement>
        {
            [property] = JsonSerializer.SerializeToElement(value),
        }));

    private async Task<HubConnection> ConnectAsync()
    {
        Microsoft.AspNetCore.TestHost.TestServer server = _host.Factory.Server;
        HubConnection connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, BoardHub.Path), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.HttpMessageHandlerFactory = _ => server.CreateHandler();
                options.WebSocketFactory = async (context, cancellationToken) =>
                    await server.CreateWebSocketClient().ConnectAsync(context.Uri, cancellationToken);
            })
            .Build();
        using var timeout = new CancellationTokenSource(RunApi.FailureTimeout);
        await connection.StartAsync(timeout.Token);
        return connection;
    }

    /// <summary>Connects a plain hub connection and joins the room's board as "Raw", for sending arbitrary JSON.</summary>
    private async Task<HubConnection> ConnectRawAsync()
    {
        HubConnection connection = await ConnectAsync();
        await connection.InvokeAsync<JoinBoardResult>(
            "JoinBoard", new JoinBoardRequest(_host.Room.Code, _host.Room.BoardId, "token-raw-client-xx", "Raw"));
        return connection;
    }
}
