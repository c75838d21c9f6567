using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace FedWorkbench.Web.Tests.Integration;

/// <summary>
/// Malformed and oversized experiments sent to <c>POST /api/runs</c>: each gets a 4xx problem that names the
/// property or value at fault, and no experiment, run or round is stored.
/// </summary>
public sealed class BadInputRunTests : IAsyncLifetime
{
    private readonly TestDataFolder _folder = new();
    private FedWorkbenchFactory _factory = null!;
    private HttpClient _http = null!;

    public static TheoryData<string, string, string[]> MalformedExperiments => new()
    {
        { "unclosed object", """{"rounds": 10""", ["not valid JSON", "line"] },
        { "trailing garbage", """{"rounds": 10} x""", ["not valid JSON"] },
        { "JSON null", "null", ["contains null"] },
        { "JSON array", "[1, 2]", ["expected a JSON object"] },
        { "bare string", "\"rounds\"", ["expected a JSON object"] },
        { "text for a number", """{"rounds": "many"}""", ["rounds", "whole number"] },
        { "number as string", """{"learningRate": "0.1"}""", ["learningRate", "number"] },
        { "object for a number", """{"clients": {"count": 5}}""", ["clients", "whole number"] },
        { "fraction for a whole number", """{"rounds": 2.5}""", ["rounds", "whole number"] },
        { "whole number overflow", """{"rounds": 99999999999999999999}""", ["rounds", "whole number"] },
        { "unknown dataset name", """{"dataset": "cifar-100"}""", ["dataset", "fashion-mnist"] },
        { "enum as integer", """{"dataset": 1}""", ["dataset", "synthetic"] },
        { "unknown strategy name", """{"strategy": "krum"}""", ["strategy", "aggregation"] },
        { "unknown property", """{"roundz": 10}""", ["roundz", "unknown property"] },
        { "duplicate property", """{"rounds": 10, "rounds": 20}""", ["rounds", "more than once"] },
        { "NaN literal", """{"learningRate": NaN}""", ["not valid JSON"] },
        { "NaN as string", """{"learningRate": "NaN"}""", ["learningRate", "number"] },
        { "Infinity as string", """{"learningRate": "Infinity"}""", ["learningRate", "number"] },
        { "number beyond double", """{"learningRate": 1e400}""", ["learningRate"] },
        { "list of strings for layers", """{"hiddenLayers": ["wide"]}""", ["hiddenLayers", "whole numbers"] },
        { "nested lists for layers", """{"hiddenLayers": [[200]]}""", ["hiddenLayers"] },
        { "client group of wrong type", """{"clientGroups": [{"name": "Phones", "count": "many"}]}""", ["count", "whole number"] },
        { "unknown client group property", """{"clientGroups": [{"name": "Phones", "size": 3}]}""", ["clientGroups", "unknown property"] },
        { "deeply nested lists", """{"clientGroups": """ + new string('[', 200) + new string(']', 200) + "}", ["clientGroups", "list of client groups"] },
        { "deeply nested root", new string('[', 200) + new string(']', 200), ["expected a JSON object"] },
        { "nested past depth limit", """{"name": "a", "rounds": 1, "dataset": "synthetic"}""".Replace("\"a\"", new string('[', 70) + new string(']', 70), StringComparison.Ordinal), ["name", "string"] },
    };

    public static TheoryData<string, string, string[]> InvalidExperiments => new()
    {
        { "negative rounds", """{"dataset": "synthetic", "rounds": -5}""", ["rounds", "-5"] },
        { "zero clients", """{"dataset": "synthetic", "clients": 0}""", ["clients", "0"] },
        { "client fraction over one", """{"dataset": "synthetic", "clientFraction": 1.5}""", ["clientFraction", "1.5"] },
        { "negative learning rate", """{"dataset": "synthetic", "learningRate": -0.1}""", ["learningRate", "-0.1"] },
        { "huge client count", """{"dataset": "synthetic", "clients": 2000000000}""", ["clients"] },
        { "too many hidden layers", """{"dataset": "synthetic", "model": "mlp", "hiddenLayers": [""" + string.Join(",", Enumerable.Repeat(8, 5_000)) + "]}", ["hiddenLayers"] },
        { "layer too wide", """{"dataset": "synthetic", "model": "mlp", "hiddenLayers": [100000]}""", ["hiddenLayers", "100000"] },
        { "control character in name", "{\"dataset\": \"synthetic\", \"name\": \"run\\u0000one\"}", ["name", "U+0000"] },
        { "line break in name", "{\"dataset\": \"synthetic\", \"name\": \"run\\u2028one\"}", ["name", "U+2028"] },
        { "long name", $$"""{"dataset": "synthetic", "name": "{{new string('n', 1_000)}}"}""", ["name", "1000 characters"] },
    };

    public async Task InitializeAsync()
    {
        _factory = new FedWorkbenchFactory(_folder.Path);
        _http = _factory.CreateClient();
        await Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _factory.DisposeAsync();
        _folder.Dispose();
    }

    [Theory]
    [MemberData(nameof(MalformedExperiments))]
    public async Task Malformed_Is400NamingValue(string description, string json, string[] keywords)
    {
        StoredRows before = await StoredRows.ReadAsync(_factory);

        using HttpResponseMessage response = await RunApi.PostExperimentAsync(_http, json);

        await BadInputAssert.ProblemAsync(response, HttpStatusCode.BadRequest, keywords);
        Assert.True(before == await StoredRows.ReadAsync(_factory), $"'{description}' stored rows.");
    }

    [Theory]
    [MemberData(nameof(InvalidExperiments))]
    public async Task OutOfRange_Is400NamingField(string description, string json, string[] keywords)
    {
        StoredRows before = await StoredRows.ReadAsync(_factory);

        using HttpResponseMessage response = await RunApi.PostExperimentAsync(_http, json);

        await BadInputAssert.ProblemAsync(response, HttpStatusCode.BadRequest, keywords);
        Assert.True(before == await StoredRows.ReadAsync(_factory), $"'{description}' stored rows.");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n  ")]
    public async Task EmptyBody_Is400(string body)
    {
        StoredRows before = await StoredRows.ReadAsync(_factory);

        using HttpResponseMessage response = await RunApi.PostExperimentAsync(_http, body);

        await BadInputAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "empty");
        Assert.Equal(before, await StoredRows.ReadAsync(_factory));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/xml")]
    public async Task WrongContentType_Is415NamingType(string contentType)
    {
        StoredRows before = await StoredRows.ReadAsync(_factory);
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(RunApi.SyntheticExperiment(rounds: 1)));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using HttpResponseMessage response = await _http.PostAsync("/api/runs", content);

        string mediaType = MediaTypeHeaderValue.Parse(contentType).MediaType!;
        await BadInputAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, mediaType, "application/json");
        Assert.Equal(before, await StoredRows.ReadAsync(_factory));
    }

    [Fact]
    public async Task MissingContentType_Is415()
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(RunApi.SyntheticExperiment(rounds: 1)));

        using HttpResponseMessage response = await _http.PostAsync("/api/runs", content);

        await BadInputAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "missing", "application/json");
        Assert.Equal(0, (await StoredRows.ReadAsync(_factory)).Runs);
    }

    [Fact]
    public async Task BodyOverLimit_Is413NamingLimit()
    {
        // A valid experiment padded with spaces to one byte over the 64 KiB file limit.
        string experiment = RunApi.SyntheticExperiment(rounds: 1);
        string json = experiment + new string(' ', Simulation.Configuration.ExperimentJson.MaxFileBytes + 1 - experiment.Length);
        StoredRows before = await StoredRows.ReadAsync(_factory);

        using HttpResponseMessage response = await RunApi.PostExperimentAsync(_http, json);

        await BadInputAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "65,537 bytes", "65,536");
        Assert.Equal(before, await StoredRows.ReadAsync(_factory));
    }

    [Fact]
    public async Task InvalidUtf8_Is400()
    {
        // 0xC3 0x28 is an invalid two-byte sequence; the reader replaces it with U+FFFD, which is a visible character.
        byte[] body = [.. "{\"dataset\": \"synthetic\", \"name\": \""u8, 0xC3, 0x28, .. "\", \"rounds\": \"x\"}"u8];
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using HttpResponseMessage response = await _http.PostAsync("/api/runs", content);

        await BadInputAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "rounds");
        Assert.Equal(0, (await StoredRows.ReadAsync(_factory)).Runs);
    }
}
