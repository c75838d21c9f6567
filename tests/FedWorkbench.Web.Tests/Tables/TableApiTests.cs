using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FedWorkbench.Data;
using FedWorkbench.Web.Tests.Integration;
using FedWorkbench.Web.Tests.Security;

namespace FedWorkbench.Web.Tests.Tables;

/// <summary><c>POST /api/tables</c>: status codes, the response body and problem details without stack traces.</summary>
public sealed class TableApiTests
{
    private const string GoodCsv = "hospital,age,smoker,outcome\nNorth,54,no,home\nSouth,61,,readmitted\nNorth,47,yes,home\n";

    [Fact]
    public async Task Upload_GoodFile_Returns201WithProfiles()
    {
        // Arrange
        using var folder = new TestDataFolder();
        await using var factory = new LimitsFactory(folder.Path);
        using HttpClient client = factory.CreateClient();

        // Act
        using HttpResponseMessage response = await PostAsync(client, Encoding.UTF8.GetBytes(GoodCsv), "discharges.csv");

        // Assert
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement root = body.RootElement;
        Assert.Equal(TableSourceLoader.ComputeId(Encoding.UTF8.GetBytes(GoodCsv)), root.GetProperty("id").GetString());
        Assert.Equal("discharges.csv", root.GetProperty("fileName").GetString());
        Assert.Equal(3, root.GetProperty("rowCount").GetInt32());
        Assert.Equal(4, root.GetProperty("columnCount").GetInt32());
        Assert.Equal(",", root.GetProperty("delimiter").GetString());
        Assert.Equal(3, root.GetProperty("previewRows").GetArrayLength());

        JsonElement age = root.GetProperty("columns")[1];
        Assert.Equal("age", age.GetProperty("name").GetString());
        Assert.Equal("numeric", age.GetProperty("inferredType").GetString());
        Assert.Equal(3, age.GetProperty("distinctCount").GetInt32());
        JsonElement smoker = root.GetProperty("columns")[2];
        Assert.Equal("categorical", smoker.GetProperty("inferredType").GetString());
        Assert.Equal(1, smoker.GetProperty("missingCount").GetInt32());
    }

    [Fact]
    public async Task Upload_BadFile_Returns400NamingLine()
    {
        using var folder = new TestDataFolder();
        await using var factory = new LimitsFactory(folder.Path);
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage response = await PostAsync(client, Encoding.UTF8.GetBytes("a,b,c\n1,2,3\n4,5\n"), "ragged.csv");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string detail = await DetailAsync(response);
        Assert.StartsWith("The file ragged.csv cannot be used: Line 3", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_TooLarge_Returns413()
    {
        // Arrange: one byte over the file limit.
        using var folder = new TestDataFolder();
        await using var factory = new LimitsFactory(folder.Path);
        using HttpClient client = factory.CreateClient();
        byte[] bytes = new byte[CsvLimits.MaxFileBytes + 1];

        // Act
        using HttpResponseMessage response = await PostAsync(client, bytes, "big.csv");

        // Assert
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("is 20 MiB (20,971,521 bytes), and the limit for a CSV file is 20 MiB (20,971,520 bytes)", await DetailAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_OverRate_Returns429WithRetryAfter()
    {
        using var folder = new TestDataFolder();
        await using var factory = new LimitsFactory(folder.Path, new Dictionary<string, string> { ["RateLimits:TableUploadsPerHourPerAddress"] = "1" });
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage first = await PostAsync(client, Encoding.UTF8.GetBytes(GoodCsv), "one.csv");
        using HttpResponseMessage second = await PostAsync(client, Encoding.UTF8.GetBytes(GoodCsv), "one.csv");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.InRange(second.Headers.RetryAfter!.Delta!.Value.TotalMinutes, 1, 60);
        Assert.Contains("at most 1 CSV uploads per hour (RateLimits:TableUploadsPerHourPerAddress)", await DetailAsync(second), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_MissingFileName_Returns400()
    {
        using var folder = new TestDataFolder();
        await using var factory = new LimitsFactory(folder.Path);
        using HttpClient client = factory.CreateClient();

        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(GoodCsv));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using HttpResponseMessage response = await client.PostAsync("/api/tables", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("The file name is missing.", await DetailAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_JsonBody_Returns415()
    {
        using var folder = new TestDataFolder();
        await using var factory = new LimitsFactory(folder.Path);
        using HttpClient client = factory.CreateClient();

        using var content = new StringContent("{}", Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await client.PostAsync("/api/tables?fileName=a.csv", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("Content-Type: text/csv", await DetailAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tables_Get_Returns405()
    {
        using var folder = new TestDataFolder();
        await using var factory = new LimitsFactory(folder.Path);
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage response = await client.GetAsync("/api/tables");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("POST", string.Join(",", response.Content.Headers.Allow));
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] bytes, string fileName)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return await client.PostAsync($"/api/tables?fileName={Uri.EscapeDataString(fileName)}", content);
    }

    /// <summary>Returns the problem's detail after checking that the body is a problem without a stack trace.</summary>
    private static async Task<string> DetailAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        string text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(" at FedWorkbench.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        using JsonDocument problem = JsonDocument.Parse(text);
        return problem.RootElement.GetProperty("detail").GetString()!;
    }
}
