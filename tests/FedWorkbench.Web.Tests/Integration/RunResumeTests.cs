using System.Net;
using System.Net.Http.Json;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Training;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FedWorkbench.Web.Tests.Integration;

/// <summary>Checkpoints stored with each round, graceful interruption, and <c>POST /api/runs/{id}/resume</c>.</summary>
public sealed class RunResumeTests
{
    private const int Rounds = 6;
    private const int RoundsBeforeStop = 3;

    [Fact]
    public async Task AddRound_StoresRoundAndCheckpointTogether()
    {
        // Arrange
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        RunStore store = factory.Services.GetRequiredService<RunStore>();
        Guid runId = await store.CreateQueuedRunAsync(new ExperimentConfig { Dataset = DatasetKind.Synthetic, Rounds = 3 }, origin: null, CancellationToken.None);

        // Act: round 1, then round 1 again, which the unique index on (run, round) rejects.
        await store.AddRoundAsync(runId, Metrics(1), new EngineCheckpoint(1, 0.5, [1]), null, CancellationToken.None);
        await Assert.ThrowsAsync<DbUpdateException>(() =>
            store.AddRoundAsync(runId, Metrics(1), new EngineCheckpoint(1, 0.5, [9]), null, CancellationToken.None));

        // Assert: the rejected round left the checkpoint of the stored one.
        RunCheckpointEntity checkpoint = Assert.Single(await CheckpointsAsync(factory, runId));
        Assert.Equal(1, checkpoint.CompletedRounds);
        Assert.Equal([1], checkpoint.State);
        RunDetails? details = await store.GetDetailsAsync(runId, CancellationToken.None);
        Assert.Equal([1], details!.Rounds.Select(r => r.Round));
    }

    [Fact]
    public async Task AddRound_WithoutCheckpoint_DeletesOldOneAndStoresReason()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        RunStore store = factory.Services.GetRequiredService<RunStore>();
        Guid runId = await store.CreateQueuedRunAsync(new ExperimentConfig { Dataset = DatasetKind.Synthetic, Rounds = 3 }, origin: null, CancellationToken.None);
        const string reason = "The checkpoint would be 3 MiB, more than Runs:MaxCheckpointBytes.";

        await store.AddRoundAsync(runId, Metrics(1), new EngineCheckpoint(1, 0.5, [1]), null, CancellationToken.None);
        RunSummary skipped = await store.AddRoundAsync(runId, Metrics(2), checkpoint: null, reason, CancellationToken.None);

        Assert.Empty(await CheckpointsAsync(factory, runId));
        Assert.Equal(reason, skipped.Error);

        RunSummary again = await store.AddRoundAsync(runId, Metrics(3), new EngineCheckpoint(3, 1.5, [3]), null, CancellationToken.None);

        Assert.Equal(3, Assert.Single(await CheckpointsAsync(factory, runId)).CompletedRounds);
        Assert.Null(again.Error);
    }

    [Fact]
    public async Task Resume_UnknownRun_Returns404()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();
        var runId = Guid.NewGuid();

        using HttpResponseMessage response = await PostResumeAsync(client, runId);

        ProblemDetails problem = await ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains(runId.ToString(), problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_CompletedRun_Returns409()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();
        Guid runId = await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 2));
        await RunApi.WaitForEndAsync(client, runId);

        using HttpResponseMessage response = await PostResumeAsync(client, runId);

        ProblemDetails problem = await ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("is completed", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(RunStatus.Completed, (await RunApi.GetAsync(client, runId)).Summary.Status);
    }

    [Fact]
    public async Task Resume_RunWithoutCheckpoint_Returns409WithReason()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();
        RunStore store = factory.Services.GetRequiredService<RunStore>();
        const string reason = "The checkpoint would be 3 MiB, more than Runs:MaxCheckpointBytes.";
        Guid runId = await store.CreateQueuedRunAsync(new ExperimentConfig { Dataset = DatasetKind.Synthetic, Rounds = 3 }, origin: null, CancellationToken.None);
        await store.AddRoundAsync(runId, Metrics(1), checkpoint: null, reason, CancellationToken.None);
        await store.MarkLeftoverRunsInterruptedAsync(CancellationToken.None);

        RunDetails before = await RunApi.GetAsync(client, runId);
        using HttpResponseMessage response = await PostResumeAsync(client, runId);

        Assert.False(before.Summary.CanResume);
        ProblemDetails problem = await ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains(reason, problem.Detail, StringComparison.Ordinal);
        Assert.Equal(RunStatus.Interrupted, (await RunApi.GetAsync(client, runId)).Summary.Status);
    }

    [Fact]
    public async Task Resume_CheckpointOfEarlierRound_Returns409()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();
        RunStore store = factory.Services.GetRequiredService<RunStore>();
        Guid runId = await store.CreateQueuedRunAsync(new ExperimentConfig { Dataset = DatasetKind.Synthetic, Rounds = 3 }, origin: null, CancellationToken.None);
        await store.AddRoundAsync(runId, Metrics(1), new EngineCheckpoint(1, 0.5, [1]), null, CancellationToken.None);
        await store.AddRoundAsync(runId, Metrics(2), new EngineCheckpoint(2, 1.0, [2]), null, CancellationToken.None);
        await store.MarkLeftoverRunsInterruptedAsync(CancellationToken.None);

        // Only a change by hand can do this, because rounds and checkpoints are stored in one transaction.
        await using (FedWorkbenchDbContext context = await ContextAsync(factory))
        {
            await context.RunCheckpoints.Where(c => c.RunId == runId).ExecuteUpdateAsync(s => s.SetProperty(c => c.CompletedRounds, 1));
        }

        using HttpResponseMessage response = await PostResumeAsync(client, runId);

        ProblemDetails problem = await ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("checkpoint is of round 1, but 2 rounds are stored", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_FullQueue_Returns503AndStaysInterrupted()
    {
        // Arrange: run A holds the worker at the gate, run B fills the one queue place.
        using var folder = new TestDataFolder();
        var gate = new RoundGate();
        await using var factory = new FedWorkbenchFactory(folder.Path, gate, new Dictionary<string, string> { ["Runs:QueueCapacity"] = "1" });
        using HttpClient client = factory.CreateClient();
        RunStore store = factory.Services.GetRequiredService<RunStore>();
        Guid interrupted = await store.CreateQueuedRunAsync(new ExperimentConfig { Dataset = DatasetKind.Synthetic, Rounds = 3 }, origin: null, CancellationToken.None);
        await store.MarkLeftoverRunsInterruptedAsync(CancellationToken.None);
        Guid running = await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 2));
        await RunApi.WaitUntilAsync(client, running, d => d.Summary.Status == RunStatus.Running, "running");
        await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 2));

        // Act
        using HttpResponseMessage response = await PostResumeAsync(client, interrupted);

        // Assert
        ProblemDetails problem = await ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("queue is full", problem.Detail, StringComparison.Ordinal);
        RunSummary summary = (await RunApi.GetAsync(client, interrupted)).Summary;
        Assert.Equal(RunStatus.Interrupted, summary.Status);
        Assert.NotNull(summary.FinishedAt);
        Assert.True(summary.CanResume);

        gate.Release(10);
    }

    [Fact]
    public async Task Resume_RunWithoutRounds_StartsFromRoundOne()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();
        RunStore store = factory.Services.GetRequiredService<RunStore>();
        ExperimentConfig config = new() { Dataset = DatasetKind.Synthetic, Rounds = 2, Clients = 10, ClientFraction = 0.5 };
        Guid runId = await store.CreateQueuedRunAsync(config, origin: null, CancellationToken.None);
        await store.MarkLeftoverRunsInterruptedAsync(CancellationToken.None);

        using HttpResponseMessage response = await PostResumeAsync(client, runId);
        RunDetails details = await RunApi.WaitForEndAsync(client, runId);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(RunStatus.Completed, details.Summary.Status);
        Assert.Equal([1, 2], details.Rounds.Select(r => r.Round));
    }

    [Fact]
    public async Task Resume_InterruptedRun_MatchesUninterruptedRun()
    {
        // Arrange: stop the app after three stored rounds, as a graceful shutdown does.
        using var folder = new TestDataFolder();
        string experiment = RunApi.SyntheticExperiment(rounds: Rounds, name: "resumed");
        Guid runId;
        RunDetails stopped;
        var gate = new RoundGate();
        await using (var first = new FedWorkbenchFactory(folder.Path, gate))
        {
            using HttpClient client = first.CreateClient();
            runId = await RunApi.LaunchAsync(client, experiment);
            gate.Release(RoundsBeforeStop);
            await RunApi.WaitUntilAsync(client, runId, d => d.Rounds.Count == RoundsBeforeStop, $"{RoundsBeforeStop} rounds");
        }

        SqliteConnection.ClearAllPools();
        await using var second = new FedWorkbenchFactory(folder.Path);
        using HttpClient resumed = second.CreateClient();
        stopped = await RunApi.GetAsync(resumed, runId);
        RunCheckpointEntity checkpoint = Assert.Single(await CheckpointsAsync(second, runId));

        // Act
        using HttpResponseMessage response = await PostResumeAsync(resumed, runId);
        RunSummary? queued = await response.Content.ReadFromJsonAsync<RunSummary>(RunApi.JsonOptions);
        RunDetails finished = await RunApi.WaitForEndAsync(resumed, runId);
        Guid referenceId = await RunApi.LaunchAsync(resumed, experiment);
        RunDetails reference = await RunApi.WaitForEndAsync(resumed, referenceId);

        // Assert: the shutdown left a resumable run whose checkpoint is of its last stored round.
        Assert.Equal(RunStatus.Interrupted, stopped.Summary.Status);
        Assert.True(stopped.Summary.CanResume);
        Assert.Equal(RoundsBeforeStop, stopped.Rounds.Count);
        Assert.Equal(RoundsBeforeStop, checkpoint.CompletedRounds);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(RunStatus.Queued, queued?.Status);
        Assert.Equal(RunStatus.Completed, finished.Summary.Status);
        Assert.Null(finished.Summary.Error);
        Assert.Equal(Rounds, finished.Summary.CompletedRounds);
        Assert.Equal(reference.Summary.BestAccuracy, finished.Summary.BestAccuracy);

        // The rounds stored before the stop are kept as they were.
        Assert.Equal(stopped.Rounds, finished.Rounds.Take(RoundsBeforeStop));

        // Elapsed time continues from the checkpoint instead of starting over.
        Assert.True(finished.Rounds[RoundsBeforeStop].ElapsedSeconds >= checkpoint.ElapsedSeconds,
            $"Round {RoundsBeforeStop + 1} reports {finished.Rounds[RoundsBeforeStop].ElapsedSeconds} s elapsed, less than the checkpoint's {checkpoint.ElapsedSeconds} s.");

        Assert.Equal(reference.Rounds.Count, finished.Rounds.Count);
        for (int i = 0; i < reference.Rounds.Count; i++)
        {
            Assert.Equal(WithoutTimings(reference.Rounds[i]), WithoutTimings(finished.Rounds[i]));
        }
    }

    [Fact]
    public async Task TooLargeCheckpoint_RunTrainsButCannotResume()
    {
        // Arrange: a 60-1024-512-10 perceptron has 592,394 parameters, 2.4 MB as 32-bit floats, over the 1 MiB limit.
        using var folder = new TestDataFolder();
        var settings = new Dictionary<string, string> { ["Runs:MaxCheckpointBytes"] = "1048576" };
        string experiment = """
            {
              "name": "large model",
              "dataset": "synthetic",
              "model": "mlp",
              "hiddenLayers": [1024, 512],
              "clients": 10,
              "clientFraction": 0.2,
              "localEpochs": 1,
              "batchSize": 50,
              "learningRate": 0.05,
              "rounds": 3,
              "seed": 7
            }
            """;
        Guid runId;
        RunDetails running;
        var gate = new RoundGate();
        await using (var first = new FedWorkbenchFactory(folder.Path, gate, settings))
        {
            using HttpClient client = first.CreateClient();
            runId = await RunApi.LaunchAsync(client, experiment);
            gate.Release(1);
            running = await RunApi.WaitUntilAsync(client, runId, d => d.Rounds.Count == 1, "1 round");
        }

        SqliteConnection.ClearAllPools();
        await using var second = new FedWorkbenchFactory(folder.Path, settings: settings);
        using HttpClient resumed = second.CreateClient();

        // Act
        RunDetails stopped = await RunApi.GetAsync(resumed, runId);
        using HttpResponseMessage response = await PostResumeAsync(resumed, runId);

        // Assert: the round is stored without a checkpoint, and the reason reaches the user.
        Assert.Empty(await CheckpointsAsync(second, runId));
        Assert.NotNull(running.Summary.Error);
        Assert.Equal(RunStatus.Interrupted, stopped.Summary.Status);
        Assert.False(stopped.Summary.CanResume);
        Assert.Equal(running.Summary.Error, stopped.Summary.Error);
        ProblemDetails problem = await ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains(running.Summary.Error, problem.Detail, StringComparison.Ordinal);
    }

    private static RoundMetrics WithoutTimings(RoundMetrics metrics) =>
        metrics with { RoundSeconds = 0, ElapsedSeconds = 0, SecureAggregationSeconds = 0 };

    private static RoundMetrics Metrics(int round) =>
        new(round, 0.1 * round, 1.0, 1.0, SampledClients: 5, AggregatedClients: 5, TrainedSamples: 100, RoundSeconds: 0.5, ElapsedSeconds: 0.5 * round);

    private static Task<HttpResponseMessage> PostResumeAsync(HttpClient client, Guid runId) =>
        client.PostAsync($"/api/runs/{runId}/resume", content: null);

    private static async Task<ProblemDetails> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        ProblemDetails? problem = System.Text.Json.JsonSerializer.Deserialize<ProblemDetails>(body, RunApi.JsonOptions);
        Assert.NotNull(problem?.Detail);
        return problem;
    }

    private static async Task<FedWorkbenchDbContext> ContextAsync(FedWorkbenchFactory factory) =>
        await factory.Services.GetRequiredService<IDbContextFactory<FedWorkbenchDbContext>>().CreateDbContextAsync();

    private static async Task<List<RunCheckpointEntity>> CheckpointsAsync(FedWorkbenchFactory factory, Guid runId)
    {
        await using FedWorkbenchDbContext context = await ContextAsync(factory);
        return await context.RunCheckpoints.AsNoTracking().Where(c => c.RunId == runId).ToListAsync();
    }
}
