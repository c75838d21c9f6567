using System.Net;
using System.Text.Json;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Operations;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Tests.Integration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace FedWorkbench.Web.Tests.Operations;

/// <summary>The health endpoints and the Prometheus endpoint of the whole app in memory.</summary>
/// <remarks>
/// OpenTelemetry's meter provider listens to every meter named FedWorkbench in the process, so an app started by a
/// test class running in parallel would add its instruments to these scrapes. The collection runs alone.
/// </remarks>
[Collection(MetricsCollection.Name)]
public sealed class OperationsEndpointTests : IDisposable
{
    private const string StrangerAddress = "203.0.113.7";

    private readonly TestDataFolder _folder = new();
    private readonly string _datasetFolder;

    public OperationsEndpointTests()
    {
        // Files that start like gzip, which is all the readiness check reads, so the tests do not need the dataset package.
        _datasetFolder = Path.Combine(Path.GetTempPath(), "fedworkbench-tests", "dataset-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_datasetFolder);
        foreach (string name in FashionMnistLoader.FileNames)
        {
            File.WriteAllBytes(Path.Combine(_datasetFolder, name), [0x1f, 0x8b, 0x08, 0x00]);
        }
    }

    public void Dispose()
    {
        _folder.Dispose();
        Directory.Delete(_datasetFolder, recursive: true);
    }

    [Fact]
    public async Task Live_Is200WithNoChecks()
    {
        await using WebApplicationFactory<Program> factory = CreateFactory();
        using HttpClient http = factory.CreateClient();

        using HttpResponseMessage response = await http.GetAsync(OperationsExtensions.LivenessPath);
        using JsonDocument body = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(0, body.RootElement.GetProperty("checks").GetArrayLength());
    }

    [Fact]
    public async Task Ready_Is200WhenEverythingWorks()
    {
        await using WebApplicationFactory<Program> factory = CreateFactory();
        using HttpClient http = factory.CreateClient();
        await WaitForWarmUpsAsync(factory.Services.GetRequiredService<StartupWarmUpStatus>());

        using HttpResponseMessage response = await http.GetAsync(OperationsExtensions.ReadinessPath);
        using JsonDocument body = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(["database", "migrations", "fashion-mnist", "run-worker", "warm-up"], CheckNames(body));
        Assert.All(body.RootElement.GetProperty("checks").EnumerateArray(), check =>
        {
            Assert.Equal("Healthy", check.GetProperty("status").GetString());
            Assert.False(string.IsNullOrEmpty(check.GetProperty("description").GetString()));
        });
    }

    [Fact]
    public async Task Ready_Is503WhenDatabaseFileIsGone()
    {
        await using WebApplicationFactory<Program> factory = CreateFactory();
        using HttpClient http = factory.CreateClient();
        using (HttpResponseMessage before = await http.GetAsync(OperationsExtensions.ReadinessPath))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        SqliteConnection.ClearAllPools();
        DeleteDatabaseFiles();

        using HttpResponseMessage response = await http.GetAsync(OperationsExtensions.ReadinessPath);
        using JsonDocument body = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("Unhealthy", CheckStatus(body, "database"));
        Assert.Equal("Unhealthy", CheckStatus(body, "migrations"));
        Assert.Equal("Healthy", CheckStatus(body, "run-worker"));
        Assert.False(File.Exists(_folder.DatabasePath), "the readiness check must not create an empty database");
    }

    [Fact]
    public async Task Ready_Is503WithoutPathWhenDatabaseIsNotSqlite()
    {
        await using WebApplicationFactory<Program> factory = CreateFactory();
        using HttpClient http = factory.CreateClient();
        using (HttpResponseMessage before = await http.GetAsync(OperationsExtensions.ReadinessPath))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        SqliteConnection.ClearAllPools();
        DeleteDatabaseFiles();
        await File.WriteAllBytesAsync(_folder.DatabasePath, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 37))]);

        using HttpResponseMessage response = await http.GetAsync(OperationsExtensions.ReadinessPath);
        string text = await response.Content.ReadAsStringAsync();
        using JsonDocument body = JsonDocument.Parse(text);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", CheckStatus(body, "database"));
        Assert.Equal("The check failed with an error; the server log has the details.", CheckDescription(body, "database"));
        Assert.DoesNotContain(_folder.Path, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_Is503WhenDatasetFolderIsMissing()
    {
        string missing = Path.Combine(_folder.Path, "no-fashion-mnist-here");
        await using WebApplicationFactory<Program> factory = CreateFactory(new() { ["Datasets:FashionMnistFolder"] = missing });
        using HttpClient http = factory.CreateClient();

        using HttpResponseMessage response = await http.GetAsync(OperationsExtensions.ReadinessPath);
        using JsonDocument body = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", CheckStatus(body, "fashion-mnist"));
        Assert.Contains("Datasets:FashionMnistFolder", CheckDescription(body, "fashion-mnist"), StringComparison.Ordinal);
        Assert.Equal("Healthy", CheckStatus(body, "database"));
    }

    [Fact]
    public async Task Metrics_ShowCountersAndGauges()
    {
        await using WebApplicationFactory<Program> factory = CreateFactory();
        using HttpClient http = factory.CreateClient();
        WorkbenchMetrics metrics = factory.Services.GetRequiredService<WorkbenchMetrics>();
        RoomPresence presence = factory.Services.GetRequiredService<RoomPresence>();
        metrics.RoundStored();
        metrics.RoundStored();
        metrics.BoardOperationApplied();
        metrics.RequestRejected("rate-limit");
        presence.Join(Guid.NewGuid(), "connection-1", "p1", "Ada", Guid.NewGuid(), maxParticipants: 10);
        presence.Join(Guid.NewGuid(), "connection-2", "p2", "Grace", Guid.NewGuid(), maxParticipants: 10);

        using HttpResponseMessage response = await http.GetAsync("/metrics");
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Equal(2, SampleValue(text, "fedworkbench_rounds_total"));
        Assert.Equal(1, SampleValue(text, "fedworkbench_board_operations_total"));
        Assert.Equal(1, SampleValue(text, "fedworkbench_requests_rejected_total", "reason=\"rate-limit\""));
        Assert.Equal(2, SampleValue(text, "fedworkbench_board_participants"));
        Assert.Equal(0, SampleValue(text, "fedworkbench_runs_queued"));
        Assert.Equal(0, SampleValue(text, "fedworkbench_runs_running"));
        Assert.Equal(0, SampleValue(text, "fedworkbench_circuits_open"));
        Assert.Contains("# TYPE fedworkbench_runs_queued gauge", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE fedworkbench_rounds_total counter", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_Are404FromOtherAddress()
    {
        await using WebApplicationFactory<Program> factory = CreateFactory(remoteAddress: StrangerAddress);
        using HttpClient http = factory.CreateClient();

        using HttpResponseMessage metrics = await http.GetAsync("/metrics");
        using HttpResponseMessage ready = await http.GetAsync(OperationsExtensions.ReadinessPath);

        Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);
        Assert.DoesNotContain("fedworkbench_", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Metrics_ServeAllowedNetwork()
    {
        await using WebApplicationFactory<Program> factory = CreateFactory(
            new() { ["Operations:MetricsAllowedFrom"] = "10.1.2.3; 203.0.113.0/24" },
            remoteAddress: StrangerAddress);
        using HttpClient http = factory.CreateClient();

        using HttpResponseMessage response = await http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("fedworkbench_runs_queued", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_ServeIpv4MappedLoopback()
    {
        await using WebApplicationFactory<Program> factory = CreateFactory(remoteAddress: "::ffff:127.0.0.1");
        using HttpClient http = factory.CreateClient();

        using HttpResponseMessage response = await http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_MoveToConfiguredPath()
    {
        await using WebApplicationFactory<Program> factory = CreateFactory(new() { ["Operations:MetricsPath"] = "/internal/prometheus" });
        using HttpClient http = factory.CreateClient();

        using HttpResponseMessage moved = await http.GetAsync("/internal/prometheus");
        using HttpResponseMessage old = await http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
    }

    [Fact]
    public async Task Metrics_DisabledIs404()
    {
        await using WebApplicationFactory<Program> factory = CreateFactory(new() { ["Operations:MetricsEnabled"] = "false" });
        using HttpClient http = factory.CreateClient();

        using HttpResponseMessage response = await http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private WebApplicationFactory<Program> CreateFactory(Dictionary<string, string>? settings = null, string remoteAddress = "127.0.0.1")
    {
        // The fake files cannot be loaded, so the start-up load is off unless a test turns it on.
        var all = new Dictionary<string, string>
        {
            ["Datasets:FashionMnistFolder"] = _datasetFolder,
            ["Datasets:PreloadFashionMnist"] = "false",
        };
        foreach ((string key, string value) in settings ?? [])
        {
            all[key] = value;
        }

        // The in-memory test server has no network peer, so every request gets the address a real client would have.
        return new FedWorkbenchFactory(_folder.Path, settings: all).WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services =>
                services.AddSingleton<IStartupFilter>(new RemoteAddressStartupFilter(IPAddress.Parse(remoteAddress)))));
    }

    // The warm-ups take well under a second here; the limit only keeps a broken warm-up from hanging the run.
    private static async Task WaitForWarmUpsAsync(StartupWarmUpStatus status)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!status.IsFinished)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }

    private void DeleteDatabaseFiles()
    {
        foreach (string suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_folder.DatabasePath + suffix);
        }
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static string[] CheckNames(JsonDocument body) =>
        [.. body.RootElement.GetProperty("checks").EnumerateArray().Select(check => check.GetProperty("name").GetString()!)];

    private static JsonElement Check(JsonDocument body, string name) =>
        body.RootElement.GetProperty("checks").EnumerateArray().Single(check => check.GetProperty("name").GetString() == name);

    private static string? CheckStatus(JsonDocument body, string name) => Check(body, name).GetProperty("status").GetString();

    private static string? CheckDescription(JsonDocument body, string name) => Check(body, name).GetProperty("description").GetString();

    // Returns the value of the one sample of <metric> whose labels contain <label>, from Prometheus text format.
    private static double SampleValue(string text, string metric, string label = "")
    {
        string line = Assert.Single(text.Split('\n'), l => l.StartsWith(metric + "{", StringComparison.Ordinal) && l.Contains(label, StringComparison.Ordinal));
        return double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed class RemoteAddressStartupFilter(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>Tests that read the process-wide metrics and must not run beside another app instance.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Metrics";
}
