using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FedWorkbench.Web.Api;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static FedWorkbench.Web.Tests.Integration.BoardRooms;

namespace FedWorkbench.Web.Tests.Integration;

public sealed class BoardApiTests
{
    [Fact]
    public async Task CreateRoom_ReturnsCodeLinkAndOneBoard()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient http = factory.CreateClient();

        CreateRoomResponse room = await CreateAsync(http, "Workshop");

        Assert.Matches("^[a-z0-9]{20}$", room.Code);
        Assert.EndsWith($"/rooms/{room.Code}", room.Link);
        Assert.StartsWith("http", room.Link);
        BoardInfo board = Assert.Single(await http.GetFromJsonAsync<BoardInfo[]>($"/api/rooms/{room.Code}/boards") ?? []);
        Assert.Equal(room.BoardId, board.Id);
        Assert.Equal(RoomService.DefaultBoardName, board.Name);
        Assert.Equal(0, board.ElementCount);
    }

    [Fact]
    public async Task CreateRoom_TooLongNameIs400()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient http = factory.CreateClient();

        using HttpResponseMessage response = await http.PostAsJsonAsync("/api/rooms", new { name = new string('a', 101) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("101 characters; use at most 100", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("\u202eevil", "U+202E at position 1")]
    [InlineData("\u200b", "U+200B at position 1")]
    [InlineData("Room\u2029two", "U+2029 at position 5")]
    public async Task CreateRoom_HiddenCharacterIs400(string name, string expected)
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient http = factory.CreateClient();

        using HttpResponseMessage response = await http.PostAsJsonAsync("/api/rooms", new { name });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"invisible character {expected}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownRoomAndBoard_Are404()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient http = factory.CreateClient();
        CreateRoomResponse room = await CreateAsync(http);

        using HttpResponseMessage unknownRoom = await http.GetAsync("/api/rooms/aaaaaaaaaaaaaaaaaaaa/boards");
        using HttpResponseMessage unknownBoard = await http.GetAsync($"/api/rooms/{room.Code}/boards/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, unknownRoom.StatusCode);
        Assert.Equal("application/problem+json", unknownRoom.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, unknownBoard.StatusCode);
    }

    [Fact]
    public async Task OtherMethod_Is405WithAllow()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient http = factory.CreateClient();

        using HttpResponseMessage response = await http.GetAsync("/api/rooms");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("POST", response.Content.Headers.Allow.Single());
    }

    [Fact]
    public async Task CrossSitePost_Is403()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient http = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/rooms") { Content = JsonContent.Create(new { name = "x" }) };
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        using HttpResponseMessage response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        string body = await response.Content.ReadAsStringAsync();
        Assert.Contains("This endpoint changes data", body, StringComparison.Ordinal);
        Assert.DoesNotContain("runs", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_ReturnsTheBoardAsEdited()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient http = factory.CreateClient();
        CreateRoomResponse room = await CreateAsync(http);
        BoardClient[] clients = await BoardHubTests.JoinAllAsync(factory, room, "Ada");
        await clients[0].SendAsync(CreateNote("n1", 3, 4, "hello"));

        BoardDocument document = await BoardClient.ExportAsync(http, room.Code, room.BoardId);

        Assert.Equal(BoardDocument.FormatName, document.Format);
        Assert.Equal(BoardDocument.CurrentFormatVersion, document.FormatVersion);
        BoardElement note = Assert.Single(document.Elements);
        Assert.Equal("hello", note.Props["text"].GetString());
        Assert.Equal(3, note.Props["x"].GetDouble());
        await BoardHubTests.DisposeAllAsync(clients);
    }

    [Fact]
    public async Task Import_InvalidFileIs400AndSavesNothing()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient http = factory.CreateClient();
        CreateRoomResponse room = await CreateAsync(http);
        string json = """{"format":"fedworkbench-board","formatVersion":1,"name":"Bad","elements":[{"id":"n1","type":"note","props":{"x":1}},{"id":"n2","type":"rocket","props":{}}]}""";

        using HttpResponseMessage response = await http.PostAsync($"/api/rooms/{room.Code}/boards",
            new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("rocket", await response.Content.ReadAsStringAsync());
        Assert.Single(await http.GetFromJsonAsync<BoardInfo[]>($"/api/rooms/{room.Code}/boards") ?? []);
    }

    [Fact]
    public async Task Import_OverSizeLimitIs413()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path,
            settings: new Dictionary<string, string> { ["Boards:MaxImportBytes"] = "2048" });
        using HttpClient http = factory.CreateClient();
        CreateRoomResponse room = await CreateAsync(http);
        string json = $$"""{"format":"fedworkbench-board","formatVersion":1,"name":"{{new string('a', 3000)}}","elements":[]}""";

        using HttpResponseMessage response = await http.PostAsync($"/api/rooms/{room.Code}/boards",
            new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("2,048 bytes", await response.Content.ReadAsStringAsync());
        Assert.Single(await http.GetFromJsonAsync<BoardInfo[]>($"/api/rooms/{room.Code}/boards") ?? []);
    }

    [Fact]
    public async Task Import_ValidFileAddsBoard()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient http = factory.CreateClient();
        CreateRoomResponse room = await CreateAsync(http);
        BoardClient[] clients = await BoardHubTests.JoinAllAsync(factory, room, "Ada");
        await clients[0].SendAsync(CreateNote("n1", 3, 4, "hello"), CreateNote("n2"));
        string exported = await http.GetStringAsync($"/api/rooms/{room.Code}/boards/{room.BoardId}");

        using HttpResponseMessage response = await http.PostAsync($"/api/rooms/{room.Code}/boards",
            new StringContent(exported, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        BoardInfo? imported = await response.Content.ReadFromJsonAsync<BoardInfo>();
        Assert.NotNull(imported);
        Assert.Equal(2, imported.ElementCount);
        BoardDocument copy = await BoardClient.ExportAsync(http, room.Code, imported.Id);
        Assert.Equal(clients[0].Canonical(), BoardClient.CanonicalOf(copy.Elements));
        await BoardHubTests.DisposeAllAsync(clients);
    }

    [Fact]
    public async Task Import_ParallelStopsAtBoardLimit()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path,
            settings: new Dictionary<string, string> { ["Boards:MaxBoardsPerRoom"] = "5" });
        using HttpClient http = factory.CreateClient();
        CreateRoomResponse room = await CreateAsync(http);
        BoardClient[] clients = await BoardHubTests.JoinAllAsync(factory, room, "Ada");

        // 300 elements make each import's insert slow enough that the imports overlap.
        await clients[0].SendAsync(Enumerable.Range(0, 300).Select(i => CreateNote($"n{i}", i, i, "note")).ToArray());
        string exported = await http.GetStringAsync($"/api/rooms/{room.Code}/boards/{room.BoardId}");

        // The room has 1 board, so 4 of the 40 imports fit and 36 must be rejected, whatever order they run in.
        HttpResponseMessage[] responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ =>
            http.PostAsync($"/api/rooms/{room.Code}/boards", new StringContent(exported, Encoding.UTF8, "application/json"))));

        Assert.Equal(4, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(36, responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest));
        BoardInfo[]? boards = await http.GetFromJsonAsync<BoardInfo[]>($"/api/rooms/{room.Code}/boards");
        Assert.Equal(5, boards!.Length);
        foreach (HttpResponseMessage response in responses)
        {
            response.Dispose();
        }

        await BoardHubTests.DisposeAllAsync(clients);
    }

    [Fact]
    public async Task Simulate_EmptyBoardIs422WithProblems()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient http = factory.CreateClient();
        CreateRoomResponse room = await CreateAsync(http);

        using HttpResponseMessage response = await http.PostAsJsonAsync(
            $"/api/rooms/{room.Code}/boards/{room.BoardId}/simulate", new { launchedBy = "Ada" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using JsonDocument problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement problems = problem.RootElement.GetProperty("problems");
        Assert.True(problems.GetArrayLength() > 0, "The 422 answer lists no problems.");
        Assert.Contains(problems.EnumerateArray(), p => p.GetProperty("message").GetString()!.Contains("Server", StringComparison.Ordinal));
        Assert.Empty(await http.GetFromJsonAsync<JsonElement[]>("/api/runs") ?? []);
    }
}

public sealed class BoardTemplateApiTests
{
    [Theory]
    [InlineData("phones")]
    [InlineData("hospitals")]
    [InlineData("banks")]
    [InlineData("factories")]
    [InlineData("hospital-discharges")]
    public async Task TemplateRoom_HasTheTemplateBoard(string template)
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient http = factory.CreateClient();

        using HttpResponseMessage response = await http.PostAsJsonAsync("/api/rooms", new { template });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        CreateRoomResponse? room = await response.Content.ReadFromJsonAsync<CreateRoomResponse>();
        Assert.NotNull(room);
        BoardDocument document = await BoardClient.ExportAsync(http, room.Code, room.BoardId);
        BoardTemplate expected = BoardTemplates.Find(template)!;
        Assert.Equal(expected.Document.Name, document.Name);
        Assert.Equal(expected.Document.Elements.Count, document.Elements.Count);
    }

    [Fact]
    public async Task UnknownTemplate_Is400ListingKeys()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient http = factory.CreateClient();

        using HttpResponseMessage response = await http.PostAsJsonAsync("/api/rooms", new { template = "rockets" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string body = await response.Content.ReadAsStringAsync();
        Assert.Contains("'rockets'", body);
        Assert.Contains("hospitals", body);
    }

    [Fact]
    public async Task Simulate_TemplateLaunchesRunAndNotifiesRoom()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient http = factory.CreateClient();
        using HttpResponseMessage created = await http.PostAsJsonAsync("/api/rooms", new { template = "banks" });
        CreateRoomResponse? room = await created.Content.ReadFromJsonAsync<CreateRoomResponse>();
        Assert.NotNull(room);
        BoardClient[] clients = await BoardHubTests.JoinAllAsync(factory, room, "Ada", "Bo");

        using HttpResponseMessage response = await http.PostAsJsonAsync(
            $"/api/rooms/{room.Code}/boards/{room.BoardId}/simulate", new { launchedBy = "Ada" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        SimulateResponse? simulated = await response.Content.ReadFromJsonAsync<SimulateResponse>();
        Assert.NotNull(simulated);
        using HttpResponseMessage run = await http.GetAsync($"/api/runs/{simulated.RunId}");
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        using var timeout = new CancellationTokenSource(RunApi.FailureTimeout);
        while (clients[1].RunNotices.Count == 0)
        {
            await Task.Delay(10, timeout.Token);
        }

        RoomRunNotice notice = Assert.Single(clients[1].RunNotices);
        Assert.Equal(simulated.RunId, notice.RunId);
        Assert.Equal(room.BoardId, notice.BoardId);
        Assert.Equal("Ada", notice.LaunchedBy);
        Assert.EndsWith(" #1", notice.RunName, StringComparison.Ordinal);

        // A second Simulate of the same board gets the next number.
        using HttpResponseMessage second = await http.PostAsJsonAsync(
            $"/api/rooms/{room.Code}/boards/{room.BoardId}/simulate", new { launchedBy = "Bo" });
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        while (clients[1].RunNotices.Count < 2)
        {
            await Task.Delay(10, timeout.Token);
        }

        Assert.Equal(notice.RunName![..^" #1".Length] + " #2", clients[1].RunNotices[1].RunName);

        // The run is stored with its origin, so the room lists it and the global list leaves it out.
        IRoomService rooms = factory.Services.GetRequiredService<IRoomService>();
        Assert.Contains(await rooms.ListRunsAsync(room.RoomId), r => r.Id == simulated.RunId);
        JsonElement[] listed = await http.GetFromJsonAsync<JsonElement[]>("/api/runs") ?? [];
        Assert.DoesNotContain(listed, r => r.GetProperty("id").GetGuid() == simulated.RunId);
        JsonElement fetched = await run.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(fetched.GetProperty("summary").GetProperty("launchedInRoom").GetBoolean());
        await using FedWorkbenchDbContext context = await factory.Services
            .GetRequiredService<IDbContextFactory<FedWorkbenchDbContext>>().CreateDbContextAsync();
        RunEntity stored = await context.Runs.SingleAsync(r => r.Id == simulated.RunId);
        Assert.Equal(room.RoomId, stored.RoomId);
        Assert.Equal(room.BoardId, stored.BoardId);
        Assert.Equal("Ada", stored.LaunchedBy);
        await BoardHubTests.DisposeAllAsync(clients);
    }
}
