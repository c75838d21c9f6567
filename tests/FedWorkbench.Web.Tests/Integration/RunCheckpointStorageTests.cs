using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Training;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FedWorkbench.Web.Tests.Integration;

/// <summary>How <see cref="RunStore.AddRoundAsync"/> replaces the one stored checkpoint of a run round after round.</summary>
public sealed class RunCheckpointStorageTests
{
    [Fact]
    public async Task AddRound_ReplacesEarlierCheckpoint()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        RunStore store = factory.Services.GetRequiredService<RunStore>();
        Guid runId = await store.CreateQueuedRunAsync(new ExperimentConfig { Dataset = DatasetKind.Synthetic, Rounds = 3 }, origin: null, CancellationToken.None);

        await store.AddRoundAsync(runId, Metrics(1), new EngineCheckpoint(1, 0.5, [1, 1, 1]), null, CancellationToken.None);
        RunSummary second = await store.AddRoundAsync(runId, Metrics(2), new EngineCheckpoint(2, 1.0, [2, 2]), null, CancellationToken.None);

        RunCheckpointEntity checkpoint = Assert.Single(await CheckpointsAsync(factory, runId));
        Assert.Equal(2, checkpoint.CompletedRounds);
        Assert.Equal(1.0, checkpoint.ElapsedSeconds);
        Assert.Equal([2, 2], checkpoint.State);
        Assert.Null(second.Error);
        Assert.Equal(2, second.CompletedRounds);
    }

    [Fact]
    public async Task AddRound_SkipWithoutStoredCheckpoint_StoresReason()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        RunStore store = factory.Services.GetRequiredService<RunStore>();
        Guid runId = await store.CreateQueuedRunAsync(new ExperimentConfig { Dataset = DatasetKind.Synthetic, Rounds = 3 }, origin: null, CancellationToken.None);
        const string reason = "The checkpoint would be 3 MiB, more than Runs:MaxCheckpointBytes.";

        RunSummary first = await store.AddRoundAsync(runId, Metrics(1), checkpoint: null, reason, CancellationToken.None);
        RunSummary second = await store.AddRoundAsync(runId, Metrics(2), new EngineCheckpoint(2, 1.0, [2]), null, CancellationToken.None);

        Assert.Equal(reason, first.Error);
        Assert.Null(second.Error);
        Assert.Equal([2], Assert.Single(await CheckpointsAsync(factory, runId)).State);
    }

    private static RoundMetrics Metrics(int round) =>
        new(round, 0.1 * round, 1.0, 1.0, SampledClients: 5, AggregatedClients: 5, TrainedSamples: 100, RoundSeconds: 0.5, ElapsedSeconds: 0.5 * round);

    private static async Task<List<RunCheckpointEntity>> CheckpointsAsync(FedWorkbenchFactory factory, Guid runId)
    {
        IDbContextFactory<FedWorkbenchDbContext> contexts = factory.Services.GetRequiredService<IDbContextFactory<FedWorkbenchDbContext>>();
        await using FedWorkbenchDbContext context = await contexts.CreateDbContextAsync();
        return await context.RunCheckpoints.AsNoTracking().Where(c => c.RunId == runId).ToListAsync();
    }
}
