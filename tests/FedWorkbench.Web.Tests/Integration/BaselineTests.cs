using System.Net;
using System.Net.Http.Json;
using FedWorkbench.Data.Baselines;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Baselines;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FedWorkbench.Web.Tests.Integration;

/// <summary>
/// Centralized baselines of runs: training in the background, the cache shared by runs, failures, the queue limit,
/// start-up after a stop, the HTTP endpoint and the events for live pages. All train on the small synthetic dataset.
/// </summary>
public sealed class BaselineTests
{
    private static readonly TimeSpan BaselineTimeout = TimeSpan.FromSeconds(60);

    // About 7,000 samples of 60 features; two rounds give the engine baseline two epochs.
    private static readonly ExperimentConfig Synthetic = new()
    {
        Name = "baseline test",
        Dataset = DatasetKind.Synthetic,
        Model = ModelKind.Softmax,
        Clients = 10,
        ClientFraction = 0.5,
        Rounds = 2,
        Seed = 7,
    };

    [Fact]
    public async Task Launch_WithBaselines_CompletesEachKind()
    {
        // Arrange
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        IRunService runs = factory.Services.GetRequiredService<IRunService>();
        using HttpClient client = factory.CreateClient();

        // Act
        Guid runId = await runs.LaunchAsync(Synthetic, origin: null, [BaselineKind.LightGbm, BaselineKind.Engine, BaselineKind.MaximumEntropy]);
        IReadOnlyList<RunBaseline> baselines = await WaitForBaselinesAsync(client, runId, b => b.Status == BaselineStatus.Completed, "completed");

        // Assert: the endpoint lists them in kind order, each with a score in [0, 1] and a description.
        Assert.Equal([BaselineKind.Engine, BaselineKind.MaximumEntropy, BaselineKind.LightGbm], baselines.Select(b => b.Kind));
        foreach (RunBaseline baseline in baselines)
        {
            Assert.InRange(baseline.TestAccuracy!.Value, 0.0, 1.0);
            Assert.False(string.IsNullOrWhiteSpace(baseline.Description));
            Assert.NotNull(baseline.FinishedAt);
            Assert.Null(baseline.Error);
        }

        // Ten balanced-ish classes: any trained model beats guessing by a wide margin.
        Assert.All(baselines, b => Assert.True(b.TestAccuracy > 0.3, $"{b.Kind} scored {b.TestAccuracy}."));
        Assert.Equal(3, await CountRowsAsync(factory));
    }

    [Fact]
    public async Task SecondRun_SameSettings_ReusesCompletedRow()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        IRunService runs = factory.Services.GetRequiredService<IRunService>();
        using HttpClient client = factory.CreateClient();
        Guid first = await runs.LaunchAsync(Synthetic, origin: null, [BaselineKind.MaximumEntropy]);
        RunBaseline trained = Assert.Single(await WaitForBaselinesAsync(client, first, b => b.Status == BaselineStatus.Completed, "completed"));

        // A new name and learning rate change neither the data nor what maximum entropy reads.
        Guid second = await runs.LaunchAsync(Synthetic with { Name = "another name", LearningRate = 0.2 }, origin: null, [BaselineKind.MaximumEntropy]);
        IReadOnlyList<RunBaseline> reused = await GetBaselinesAsync(client, second);

        RunBaseline baseline = Assert.Single(reused);
        Assert.Equal(BaselineStatus.Completed, baseline.Status);
        Assert.Equal(trained.TestAccuracy, baseline.TestAccuracy);
        Assert.Equal(trained.FinishedAt, baseline.FinishedAt);
        Assert.Equal(1, await CountRowsAsync(factory));

        // Another seed draws other data, so it gets a row of its own.
        Guid third = await runs.LaunchAsync(Synthetic with { Seed = 8 }, origin: null, [BaselineKind.MaximumEntropy]);
        await WaitForBaselinesAsync(client, third, b => b.Status == BaselineStatus.Completed, "completed");
        Assert.Equal(2, await CountRowsAsync(factory));
    }

    [Fact]
    public async Task MissingTable_StoresUserMessage()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();
        ExperimentConfig config = Synthetic with
        {
            Dataset = DatasetKind.Table,
            Table = new TableSource { Id = new string('a', TableSource.IdLength), FileName = "deleted.csv", LabelColumn = "label" },
        };

        // Stored and requested directly, because the run itself would fail on the same missing file.
        Guid runId = await factory.Services.GetRequiredService<RunStore>().CreateQueuedRunAsync(config, null, CancellationToken.None, [BaselineKind.MaximumEntropy]);
        await factory.Services.GetRequiredService<BaselineService>().RequestAsync(runId, config, [BaselineKind.MaximumEntropy], CancellationToken.None);
        RunBaseline failed = Assert.Single(await WaitForBaselinesAsync(client, runId, b => b.Status == BaselineStatus.Failed, "failed"));

        Assert.Null(failed.TestAccuracy);
        Assert.Contains("deleted.csv is not stored on this instance", failed.Error, StringComparison.Ordinal);
        Assert.Contains("Upload it again", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FullQueue_StoresNotQueuedMessage()
    {
        using var folder = new TestDataFolder();
        await using WebApplicationFactory<Program> factory = WithoutBaselineWorker(
            new FedWorkbenchFactory(folder.Path, settings: new Dictionary<string, string> { ["Baselines:QueueCapacity"] = "1" }));
        IRunService runs = factory.Services.GetRequiredService<IRunService>();
        using HttpClient client = factory.CreateClient();

        // Nothing takes from the queue, so the first baseline fills it.
        Guid runId = await runs.LaunchAsync(Synthetic, origin: null, [BaselineKind.Engine, BaselineKind.MaximumEntropy]);
        IReadOnlyList<RunBaseline> baselines = await GetBaselinesAsync(client, runId);

        Assert.Equal(BaselineStatus.Queued, baselines[0].Status);
        Assert.Equal(BaselineStatus.Failed, baselines[1].Status);
        Assert.StartsWith("Not queued: the baseline queue is full (1 baselines waiting).", baselines[1].Error, StringComparison.Ordinal);
        RunDetails details = await RunApi.WaitForEndAsync(client, runId);
        Assert.Equal(RunStatus.Completed, details.Summary.Status);
    }

    [Fact]
    public async Task Restart_QueuesLeftoverRowsAgain()
    {
        using var folder = new TestDataFolder();
        Guid runId;
        await using (WebApplicationFactory<Program> stopped = WithoutBaselineWorker(new FedWorkbenchFactory(folder.Path)))
        {
            runId = await stopped.Services.GetRequiredService<IRunService>().LaunchAsync(Synthetic, origin: null, [BaselineKind.Engine, BaselineKind.MaximumEntropy]);
            await using FedWorkbenchDbContext context = await CreateContextAsync(stopped);

            // As a process killed while training leaves it.
            BaselineEntity engine = await context.Baselines.SingleAsync(b => b.Kind == "engine");
            engine.Status = BaselineStatus.Running;

            // A row whose run was deleted, so no stored run requests it.
            context.Baselines.Add(new BaselineEntity
            {
                Key = new string('0', 64),
                KeyText = "v1;dataset=gone;kind=maximum-entropy;seed=1;max-training-samples=20000",
                Kind = "maximum-entropy",
                Status = BaselineStatus.Queued,
                CreatedAt = DateTimeOffset.UtcNow,
            });
            await context.SaveChangesAsync();
        }

        await using var restarted = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = restarted.CreateClient();
        IReadOnlyList<RunBaseline> baselines = await WaitForBaselinesAsync(client, runId, b => b.Status == BaselineStatus.Completed, "completed");

        Assert.All(baselines, b => Assert.InRange(b.TestAccuracy!.Value, 0.0, 1.0));
        await using FedWorkbenchDbContext after = await CreateContextAsync(restarted);
        BaselineEntity orphan = await after.Baselines.SingleAsync(b => b.Key == new string('0', 64));
        Assert.Equal(BaselineStatus.Failed, orphan.Status);
        Assert.Contains("no stored run asks for it", orphan.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitingRun_GetsRunningThenCompleted()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        Guid runId = await factory.Services.GetRequiredService<RunStore>().CreateQueuedRunAsync(Synthetic, null, CancellationToken.None, [BaselineKind.MaximumEntropy]);
        var events = new List<BaselineChanged>();
        var completed = new TaskCompletionSource();
        using IDisposable subscription = factory.Services.GetRequiredService<IRunNotifier>().Subscribe(runId, runEvent =>
        {
            if (runEvent is BaselineChanged changed)
            {
                events.Add(changed);
                if (changed.Baseline.Status == BaselineStatus.Completed)
                {
                    completed.TrySetResult();
                }
            }

            return Task.CompletedTask;
        });

        await factory.Services.GetRequiredService<BaselineService>().RequestAsync(runId, Synthetic, [BaselineKind.MaximumEntropy], CancellationToken.None);
        await completed.Task.WaitAsync(BaselineTimeout);

        Assert.Equal([BaselineStatus.Running, BaselineStatus.Completed], events.Select(e => e.Baseline.Status));
        Assert.All(events, e => Assert.Equal(BaselineKind.MaximumEntropy, e.Baseline.Kind));
        Assert.NotNull(events[^1].Baseline.TestAccuracy);
    }

    [Fact]
    public async Task Endpoint_UnknownRun_Returns404()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();
        var runId = Guid.NewGuid();

        using HttpResponseMessage response = await client.GetAsync($"/api/runs/{runId}/baselines");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        ProblemDetails? problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Contains(runId.ToString(), problem!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endpoint_RunWithoutBaselines_ReturnsEmptyList()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();
        Guid runId = await factory.Services.GetRequiredService<IRunService>().LaunchAsync(Synthetic);

        IReadOnlyList<RunBaseline> baselines = await GetBaselinesAsync(client, runId);

        Assert.Empty(baselines);
        Assert.Equal(0, await CountRowsAsync(factory));
    }

    // The run queue and worker stay; only the baseline worker is left out, so queued baselines stay queued.
    private static WebApplicationFactory<Program> WithoutBaselineWorker(WebApplicationFactory<Program> factory) =>
        factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            ServiceDescriptor worker = services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(BaselineWorker));
            services.Remove(worker);
        }));

    private static async Task<IReadOnlyList<RunBaseline>> GetBaselinesAsync(HttpClient client, Guid runId)
    {
        IReadOnlyList<RunBaseline>? baselines = await client.GetFromJsonAsync<IReadOnlyList<RunBaseline>>($"/api/runs/{runId}/baselines", RunApi.JsonOptions);
        Assert.NotNull(baselines);
        return baselines;
    }

    private static async Task<IReadOnlyList<RunBaseline>> WaitForBaselinesAsync(
        HttpClient client, Guid runId, Func<RunBaseline, bool> condition, string description)
    {
        using var timeout = new CancellationTokenSource(BaselineTimeout);
        IReadOnlyList<RunBaseline> baselines = await GetBaselinesAsync(client, runId);
        while (baselines.Count == 0 || !baselines.All(condition))
        {
            Assert.False(timeout.IsCancellationRequested,
                $"The baselines of run {runId} did not all become {description}: {string.Join("; ", baselines.Select(b => $"{b.Kind} {b.Status} {b.Error}"))}.");
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            baselines = await GetBaselinesAsync(client, runId);
        }

        return baselines;
    }

    private static async Task<int> CountRowsAsync(WebApplicationFactory<Program> factory)
    {
        await using FedWorkbenchDbContext context = await CreateContextAsync(factory);
        return await context.Baselines.CountAsync();
    }

    private static Task<FedWorkbenchDbContext> CreateContextAsync(WebApplicationFactory<Program> factory) =>
        factory.Services.GetRequiredService<IDbContextFactory<FedWorkbenchDbContext>>().CreateDbContextAsync();
}
