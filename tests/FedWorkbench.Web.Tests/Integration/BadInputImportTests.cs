using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FedWorkbench.Web.Api;

namespace FedWorkbench.Web.Tests.Integration;

/// <summary>
/// Malformed and oversized board files sent to <c>POST /api/rooms/{code}/boards</c>: each gets a 4xx problem that
/// names the element, property or value at fault, and no board, element or operation is stored.
/// </summary>
public sealed class BadInputImportTests : IAsyncLifetime
{
    private const string Header = """ "format": "fedworkbench-board", "formatVersion": 1, "name": "Imported" """;

    private readonly TestDataFolder _folder = new();
    private FedWorkbenchFactory _factory = null!;
    private HttpClient _http = null!;
    private CreateRoomResponse _room = null!;

    public static TheoryData<string, string, string[]> InvalidFiles => new()
    {
        { "not JSON", "this is not a board", ["not valid JSON", "line 1"] },
        { "truncated", $$"""{ {{Header}}, "elements": [{"id": "n1", "type": "note" """, ["not valid JSON"] },
        { "JSON array", "[]", ["JSON object", "format"] },
        { "JSON null", "null", ["JSON object", "null"] },
        { "wrong format name", """{"format": "miro-board", "formatVersion": 1, "name": "B", "elements": []}""", ["not a FedWorkbench board file", "miro-board"] },
        { "missing format", """{"formatVersion": 1, "name": "B", "elements": []}""", ["\"format\"", "add it"] },
        { "newer format version", """{"format": "fedworkbench-board", "formatVersion": 2, "name": "B", "elements": []}""", ["newer FedWorkbench", "format version 2"] },
        { "format version as text", """{"format": "fedworkbench-board", "formatVersion": "1", "name": "B", "elements": []}""", ["formatVersion", "\"1\""] },
        { "format version zero", """{"format": "fedworkbench-board", "formatVersion": 0, "name": "B", "elements": []}""", ["formatVersion", "0"] },
        { "unknown top-level property", File("[], \"owner\": \"x\""), ["unknown property", "owner"] },
        { "empty name", """{"format": "fedworkbench-board", "formatVersion": 1, "name": "  ", "elements": []}""", ["\"name\"", "empty"] },
        { "long name", $$"""{"format": "fedworkbench-board", "formatVersion": 1, "name": "{{new string('b', 101)}}", "elements": []}""", ["\"name\"", "101 characters"] },
        { "hidden character in name", "{\"format\": \"fedworkbench-board\", \"formatVersion\": 1, \"name\": \"B\\u200b\", \"elements\": []}", ["name", "U+200B"] },
        { "elements not a list", File("""{"n1": {}}"""), ["\"elements\"", "list of elements"] },
        { "null element", File("""[null]"""), ["Element 1", "JSON object", "null"] },
        { "element without id", File("""[{"type": "note"}]"""), ["Element 1", "\"id\""] },
        { "id with bad characters", File("""[{"id": "n 1/x", "type": "note"}]"""), ["Element 1", "n 1/x", "invalid"] },
        { "id as number", File("""[{"id": 7, "type": "note"}]"""), ["Element 1", "7", "invalid"] },
        { "unknown type", File("""[{"id": "r1", "type": "rocket"}]"""), ["\"r1\"", "rocket", "note"] },
        { "duplicated ids", File("""[{"id": "n1", "type": "note"}, {"id": "n1", "type": "text"}]"""), ["Element 2", "\"n1\"", "same id"] },
        { "connector to missing element", File("""[{"id": "n1", "type": "note"}, {"id": "c1", "type": "connector", "props": {"from": "n1", "to": "ghost"}}]"""), ["\"c1\"", "ghost", "no element with that id"] },
        { "connector to connector", File("""[{"id": "n1", "type": "note"}, {"id": "c1", "type": "connector", "props": {"from": "n1", "to": "c2"}}, {"id": "c2", "type": "connector", "props": {"from": "n1", "to": "c1"}}]"""), ["\"c1\"", "c2", "connector"] },
        { "connector without ends", File("""[{"id": "c1", "type": "connector"}]"""), ["\"c1\"", "\"from\""] },
        { "unknown element property", File("""[{"id": "n1", "type": "note", "props": {"owner": "Ada"}}]"""), ["\"n1\"", "owner"] },
        { "props not an object", File("""[{"id": "n1", "type": "note", "props": [1]}]"""), ["\"n1\"", "\"props\""] },
        { "number as text", File("""[{"id": "n1", "type": "note", "props": {"x": "10"}}]"""), ["\"n1\"", "\"x\"", "number"] },
        { "number beyond double", File("""[{"id": "n1", "type": "note", "props": {"x": 1e400}}]"""), ["\"n1\"", "\"x\"", "1e400"] },
        { "text too long", File("[{\"id\": \"n1\", \"type\": \"note\", \"props\": {\"text\": \"" + new string('t', 2_001) + "\"}}]"), ["\"n1\"", "\"text\"", "2,001"] },
        { "unknown choice", File("""[{"id": "g1", "type": "client-group", "props": {"partition": "round-robin"}}]"""), ["\"g1\"", "\"partition\"", "round-robin"] },
        { "deeply nested", File("""[{"id": "n1", "type": "note", "props": {"text": """ + new string('[', 100) + new string(']', 100) + "}}]"), ["not valid JSON", "depth"] },
    };

    public async Task InitializeAsync()
    {
        _factory = new FedWorkbenchFactory(_folder.Path);
        _http = _factory.CreateClient();
        _room = await BoardRooms.CreateAsync(_http);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _factory.DisposeAsync();
        _folder.Dispose();
    }

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public async Task InvalidFile_Is400NamingProblem(string description, string json, string[] keywords)
    {
        StoredRows before = await StoredRows.ReadAsync(_factory);

        using HttpResponseMessage response = await ImportAsync(json);

        await BadInputAssert.ProblemAsync(response, HttpStatusCode.BadRequest, keywords);
        Assert.True(before == await StoredRows.ReadAsync(_factory), $"'{description}' stored rows.");
    }

    [Fact]
    public async Task TooManyElements_Is400NamingLimit()
    {
        // The default limit is 1,000 elements per board.
        string elements = string.Join(", ", Enumerable.Range(0, 1_001).Select(i => $$"""{"id": "n{{i}}", "type": "note"}"""));
        StoredRows before = await StoredRows.ReadAsync(_factory);

        using HttpResponseMessage response = await ImportAsync(File("[" + elements + "]"));

        await BadInputAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "1,001 elements", "1,000");
        Assert.Equal(before, await StoredRows.ReadAsync(_factory));
    }

    [Fact]
    public async Task OverSizeLimit_Is413NamingLimit()
    {
        // A valid file padded with spaces to one byte over the default 1 MiB import limit.
        string file = File("""[]""");
        string json = file + new string(' ', (1024 * 1024) + 1 - file.Length);
        StoredRows before = await StoredRows.ReadAsync(_factory);

        using HttpResponseMessage response = await ImportAsync(json);

        await BadInputAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "1,048,577 bytes", "1,048,576 bytes");
        Assert.Equal(before, await StoredRows.ReadAsync(_factory));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \r\n ")]
    public async Task EmptyBody_Is400(string body)
    {
        using HttpResponseMessage response = await ImportAsync(body);

        await BadInputAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "empty", "board file");
        Assert.Equal(1, (await StoredRows.ReadAsync(_factory)).Boards);
    }

    [Fact]
    public async Task WrongContentType_Is415()
    {
        using var content = new StringContent(File("""[]"""), Encoding.UTF8, "text/csv");

        using HttpResponseMessage response = await _http.PostAsync($"/api/rooms/{_room.Code}/boards", content);

        await BadInputAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "text/csv", "application/json");
        Assert.Equal(1, (await StoredRows.ReadAsync(_factory)).Boards);
    }

    [Fact]
    public async Task UnknownRoom_Is404NamingCode()
    {
        using var content = new StringContent(File("""[]"""), Encoding.UTF8, "application/json");

        using HttpResponseMessage response = await _http.PostAsync("/api/rooms/zzzzzzzzzzzzzzzzzzzz/boards", content);

        await BadInputAssert.ProblemAsync(response, HttpStatusCode.NotFound, "zzzzzzzzzzzzzzzzzzzz");
        Assert.Equal(1, (await StoredRows.ReadAsync(_factory)).Boards);
    }

    [Fact]
    public async Task InvalidUtf8_Is400()
    {
        byte[] body = [.. Encoding.UTF8.GetBytes($$"""{ {{Header}}, "elements": [{"id": "n"""), 0xFF, 0xFE, .. "\", \"type\": \"note\"}]}"u8];
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using HttpResponseMessage response = await _http.PostAsync($"/api/rooms/{_room.Code}/boards", content);

        // The reader replaces invalid bytes with U+FFFD, which no element id may contain.
        await BadInputAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "Element 1", "invalid");
        Assert.Equal(1, (await StoredRows.ReadAsync(_factory)).Boards);
    }

    /// <summary>Returns a board file of format version 1 named "Imported" with <paramref name="elements"/> as its "elements" value.</summary>
    private static string File(string elements) => "{" + Header + ", \"elements\": " + elements + "}";

    private Task<HttpResponseMessage> ImportAsync(string json) =>
        _http.PostAsync($"/api/rooms/{_room.Code}/boards", new StringContent(json, Encoding.UTF8, "application/json"));
}
