using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FedWorkbench.Web.Api;
using FedWorkbench.Web.Boards;
using static FedWorkbench.Web.Tests.Integration.BoardRooms;

namespace FedWorkbench.Web.Tests.Integration;

/// <summary>
/// Requests to unknown paths, with ids that are not GUIDs, unknown room codes, wrong methods, bad room and simulate
/// bodies, and a simulate of a board that cannot run. Each gets a 4xx problem, never a 500, and nothing is stored.
/// Large query strings and headers within Kestrel's limits are ignored, because the API reads neither.
/// </summary>
public sealed class BadInputApiTests : IAsyncLifetime
{
    private readonly TestDataFolder _folder = new();
    private FedWorkbenchFactory _factory = null!;
    private HttpClient _http = null!;
    private CreateRoomResponse _room = null!;

    public async Task InitializeAsync()
    {
        _factory = new FedWorkbenchFactory(_folder.Path);
        _http = _factory.CreateClient();
        _room = await CreateAsync(_http);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _factory.DisposeAsync();
        _folder.Dispose();
    }

    [Theory]
    [InlineData("GET", "/api/nothing-here", "/api/nothing-here")]
    [InlineData("POST", "/api/runs/00000000-0000-0000-0000-000000000000/pause", "/pause")]
    [InlineData("GET", "/api/runs/not-a-guid", "/api/runs/not-a-guid")]
    [InlineData("GET", "/api/runs/{00000000-0000-0000-0000", "/api/runs/")]
    [InlineData("POST", "/api/runs/12345/cancel", "/api/runs/12345/cancel")]
    [InlineData("GET", "/api/rooms/ROOM/boards/not-a-guid", "not-a-guid")]
    [InlineData("POST", "/api/rooms/ROOM/boards/not-a-guid/simulate", "not-a-guid")]
    [InlineData("DELETE", "/api/rooms/ROOM", "/api/rooms/")]
    public async Task UnknownPathOrBadId_Is404Problem(string method, string path, string keyword)
    {
        StoredRows before = await StoredRows.ReadAsync(_factory);
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("ROOM", _room.Code, StringComparison.Ordinal));

        using HttpResponseMessage response = await _http.SendAsync(request);

        await BadInputAssert.ProblemAsync(response, HttpStatusCode.NotFound, keyword, method);
        Assert.Equal(before, await StoredRows.ReadAsync(_factory));
    }

    [Fact]
    public async Task UnknownRunId_Is404NamingId()
    {
        var id = Guid.NewGuid();

        using HttpResponseMessage get = await _http.GetAsync($"/api/runs/{id}");
        using HttpResponseMessage cancel = await _http.PostAsync($"/api/runs/{id}/cancel", content: null);

        await BadInputAssert.ProblemAsync(get, HttpStatusCode.NotFound, id.ToString());
        await BadInputAssert.ProblemAsync(cancel, HttpStatusCode.NotFound, id.ToString());
    }

    [Theory]
    [InlineData("aaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaa")]
    [InlineData("short", "short")]
    [InlineData("%E2%80%AEevil", "evil")]
    [InlineData("%01%02", "No room")]
    [InlineData("..%2F..%2Fetc", "No room")]
    [InlineData("x' OR '1'='1", "No room")]
    public async Task UnknownRoomCode_Is404NamingCode(string code, string keyword)
    {
        StoredRows before = await StoredRows.ReadAsync(_factory);

        using HttpResponseMessage boards = await _http.GetAsync($"/api/rooms/{code}/boards");
        using HttpResponseMessage board = await _http.GetAsync($"/api/rooms/{code}/boards/{_room.BoardId}");
        using HttpResponseMessage simulate = await _http.PostAsync($"/api/rooms/{code}/boards/{_room.BoardId}/simulate", content: null);

        await BadInputAssert.ProblemAsync(boards, HttpStatusCode.NotFound, keyword);
        await BadInputAssert.ProblemAsync(board, HttpStatusCode.NotFound, keyword);
        await BadInputAssert.ProblemAsync(simulate, HttpStatusCode.NotFound, keyword);
        Assert.Equal(before, await StoredRows.ReadAsync(_factory));
    }

    [Fact]
    public async Task LongRoomCode_Is404WithShortenedCode()
    {
        string code = new('q', 4_000);

        using HttpResponseMessage response = await _http.GetAsync($"/api/rooms/{code}/boards");

        string body = await BadInputAssert.ProblemAsync(response, HttpStatusCode.NotFound, new string('q', 40) + "…");
        Assert.DoesNotContain(new string('q', 41), body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PUT", "/api/rooms", "POST")]
    [InlineData("DELETE", "/api/rooms/ROOM/boards", "GET, POST")]
    [InlineData("PUT", "/api/rooms/ROOM/boards/BOARD", "GET")]
    [InlineData("GET", "/api/rooms/ROOM/boards/BOARD/simulate", "POST")]
    [InlineData("POST", "/api/experiments/defaults", "GET")]
    public async Task WrongMethod_Is405NamingAllowed(string method, string path, string allow)
    {
        StoredRows before = await StoredRows.ReadAsync(_factory);
        string url = path.Replace("ROOM", _room.Code, StringComparison.Ordinal).Replace("BOARD", _room.BoardId.ToString(), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = JsonContent.Create(new { name = "x" }) };

        using HttpResponseMessage response = await _http.SendAsync(request);

        await BadInputAssert.ProblemAsync(response, HttpStatusCode.MethodNotAllowed, method, allow);
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
        Assert.Equal(before, await StoredRows.ReadAsync(_factory));
    }

    [Fact]
    public async Task LargeQueryString_IsIgnored()
    {
        // Kestrel's default request line limit is 8 KiB; this stays under it. The API takes no query parameters.
        string query = "?filter=" + new string('f', 6_000) + "&x=%00%FF&x=%E2%80%AE";

        using HttpResponseMessage runs = await _http.GetAsync("/api/runs" + query);
        using HttpResponseMessage boards = await _http.GetAsync($"/api/rooms/{_room.Code}/boards" + query);

        Assert.Equal(HttpStatusCode.OK, runs.StatusCode);
        Assert.Equal(HttpStatusCode.OK, boards.StatusCode);
    }

    [Fact]
    public async Task LargeHeaders_AreIgnored()
    {
        // Kestrel's default limit for all request headers together is 32 KiB; these add 24 KiB.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/rooms") { Content = JsonContent.Create(new { name = "Headers" }) };
        request.Headers.Add("X-Padding-One", new string('h', 12_000));
        request.Headers.Add("X-Padding-Two", new string('h', 12_000));
        request.Headers.TryAddWithoutValidation("Cookie", "a=" + new string('c', 500));

        using HttpResponseMessage response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"name\": ", "not valid JSON")]
    [InlineData("{\"name\": 5}", "$.name")]
    [InlineData("{\"template\": [\"banks\"]}", "$.template")]
    [InlineData("[1]", "not valid JSON")]
    [InlineData("{\"name\": \"bad\\u0007bell\"}", "U+0007")]
    [InlineData("{\"template\": \"../../etc/passwd\"}", "../../etc/passwd")]
    public async Task CreateRoom_BadBodyIs400(string json, string keyword)
    {
        StoredRows before = await StoredRows.ReadAsync(_factory);

        using HttpResponseMessage response = await _http.PostAsync("/api/rooms", new StringContent(json, Encoding.UTF8, "application/json"));

        await BadInputAssert.ProblemAsync(response, HttpStatusCode.BadRequest, keyword);
        Assert.Equal(before, await StoredRows.ReadAsync(_factory));
    }

    [Fact]
    public async Task CreateRoom_OversizedBodyIs413()
    {
        StoredRows before = await StoredRows.ReadAsync(_factory);

        using HttpResponseMessage response = await _http.PostAsJsonAsync("/api/rooms", new { name = new string('n', 20_000) });

        await BadInputAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "16,384 bytes");
        Assert.Equal(before, await StoredRows.ReadAsync(_factory));
    }

    [Fact]
    public async Task CreateRoom_WrongContentTypeIs415()
    {
        using HttpResponseMessage response = await _http.PostAsync("/api/rooms", new StringContent("name=x", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await BadInputAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "application/x-www-form-urlencoded");
        Assert.Equal(1, (await StoredRows.ReadAsync(_factory)).Rooms);
    }

    [Theory]
    [InlineData("{\"launchedBy\": 5}", HttpStatusCode.BadRequest, "$.launchedBy")]
    [InlineData("{\"launchedBy\": \"Ada\"", HttpStatusCode.BadRequest, "not valid JSON")]
    [InlineData("{\"launchedBy\": \"Ada\\u202e\"}", HttpStatusCode.BadRequest, "U+202E")]
    [InlineData("{\"launchedBy\": \"a name that is far longer than forty characters\"}", HttpStatusCode.BadRequest, "launch")]
    public async Task Simulate_BadBodyIs4xx(string json, HttpStatusCode expected, string keyword)
    {
        StoredRows before = await StoredRows.ReadAsync(_factory);

        using HttpResponseMessage response = await _http.PostAsync(
            $"/api/rooms/{_room.Code}/boards/{_room.BoardId}/simulate", new StringContent(json, Encoding.UTF8, "application/json"));

        await BadInputAssert.ProblemAsync(response, expected, keyword);
        Assert.Equal(before, await StoredRows.ReadAsync(_factory));
    }

    [Fact]
    public async Task Simulate_BoardWithProblemsIs422NamingElements()
    {
        // A server, a client group not connected to it, and a connected client group with no clients.
        BoardClient[] clients = await BoardHubTests.JoinAllAsync(_factory, _room, "Ada");
        OperationResult created = await clients[0].SendAsync(
            Create("s1", BoardElementTypes.Server),
            Create("g1", BoardElementTypes.ClientGroup),
            Create("g2", BoardElementTypes.ClientGroup, ("count", 0)),
            Connect("c1", "g2", "s1"));
        Assert.Equal(OperationResult.Applied, created.Status);
        StoredRows before = await StoredRows.ReadAsync(_factory);

        using HttpResponseMessage response = await _http.PostAsJsonAsync(
            $"/api/rooms/{_room.Code}/boards/{_room.BoardId}/simulate", new { launchedBy = "Ada" });

        string body = await BadInputAssert.ProblemAsync(response, (HttpStatusCode)422, "not connected", "count");
        using JsonDocument problem = JsonDocument.Parse(body);
        JsonElement[] problems = [.. problem.RootElement.GetProperty("problems").EnumerateArray()];
        Assert.Contains(problems, p => p.GetProperty("elementIds").EnumerateArray().Any(id => id.GetString() == "g1"));
        Assert.Contains(problems, p => p.GetProperty("property").GetString() == "count");
        Assert.Equal(before, await StoredRows.ReadAsync(_factory));
        await BoardHubTests.DisposeAllAsync(clients);
    }

    private static BoardChange Create(string id, string type, params (string Name, object Value)[] props) =>
        new(BoardChange.Create, Element: new BoardElement(id, type, props.ToDictionary(p => p.Name, p => JsonSerializer.SerializeToElement(p.Value))));

    private static BoardChange Connect(string id, string from, string to) =>
        Create(id, BoardElementTypes.Connector, ("from", from), ("to", to));
}
