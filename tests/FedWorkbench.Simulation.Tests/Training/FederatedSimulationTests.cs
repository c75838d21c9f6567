using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Models;
using FedWorkbench.Simulation.Partitioning;
using FedWorkbench.Simulation.Training;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FedWorkbench.Simulation.Tests.Training;

public sealed partial class FederatedSimulationTests
{
    private static readonly Dataset Blobs = InMemoryData.CreateBlobs(classes: 5, features: 30, trainCount: 1_000, testCount: 300, seed: 8);

    private static readonly ExperimentConfig SmallConfig = new()
    {
        Name = "blobs",
        Model = ModelKind.Mlp,
        HiddenLayers = [24, 12],
        Clients = 20,
        ClientFraction = 0.3,
        LocalEpochs = 2,
        BatchSize = 10,
        LearningRate = 0.05,
        Rounds = 4,
        Seed = 7,

        // Clients train on all 50 of their samples, which the sample counts below rely on.
        ClientTestFraction = 0,
    };

    [Fact]
    public async Task RunAsync_SameMetricsForAnyParallelism()
    {
        // Arrange
        FederatedSimulation sequential = CreateSimulation(Blobs, maxDegreeOfParallelism: 1);
        FederatedSimulation parallel = CreateSimulation(Blobs, maxDegreeOfParallelism: 2);

        // Act: 30·160 + 160 + 160·12 + 12 + 12·5 + 5 = 6,957 parameters span two aggregation chunks.
        ExperimentConfig config = SmallConfig with { HiddenLayers = [160, 12] };
        List<RoundResult> first = await CollectAsync(sequential.RunAsync(config));
        List<RoundResult> second = await CollectAsync(parallel.RunAsync(config));

        // Assert: everything but the timings is bit-identical.
        Assert.Equal(config.Rounds, first.Count);
        Assert.Equal(first.Count, second.Count);
        for (int i = 0; i < first.Count; i++)
        {
            Assert.Equal(first[i].Round, second[i].Round);
            Assert.Equal(first[i].TestAccuracy, second[i].TestAccuracy);
            Assert.Equal(first[i].TestLoss, second[i].TestLoss);
            Assert.Equal(first[i].TrainLoss, second[i].TrainLoss);
            Assert.Equal(first[i].SampledClients, second[i].SampledClients);
            Assert.Equal(first[i].AggregatedClients, second[i].AggregatedClients);
            Assert.Equal(first[i].TrainedSamples, second[i].TrainedSamples);
        }
    }

    [Fact]
    public async Task RunAsync_ReportsRoundMetrics()
    {
        // Arrange: clients hold 50 samples, so 4 rounds make only 40 SGD steps, and η = 0.2 makes them enough.
        FederatedSimulation simulation = CreateSimulation(Blobs, maxDegreeOfParallelism: 2);

        // Act
        List<RoundResult> rounds = await CollectAsync(simulation.RunAsync(SmallConfig with { LearningRate = 0.2 }));

        // Assert: 6 of 20 clients with 50 samples each train 2 epochs, so 600 samples per round.
        Assert.Equal([1, 2, 3, 4], rounds.Select(r => r.Round));
        Assert.All(rounds, r => Assert.Equal(6, r.SampledClients));
        Assert.All(rounds, r => Assert.Equal(6, r.AggregatedClients));
        Assert.All(rounds, r => Assert.Equal(600, r.TrainedSamples));
        Assert.All(rounds, r => Assert.Empty(r.RejectedUpdates));
        Assert.All(rounds, r => Assert.InRange(r.TestAccuracy, 0, 1));
        Assert.All(rounds, r => Assert.True(r.TrainingSeconds > 0 && r.TrainingSeconds <= r.RoundSeconds));
        Assert.True(rounds[^1].ElapsedSeconds >= rounds[0].ElapsedSeconds);
        Assert.True(rounds[^1].TestAccuracy > 0.95, $"Final accuracy {rounds[^1].TestAccuracy} on well-separated blobs is below 0.95.");
        Assert.True(rounds[^1].TestLoss < rounds[0].TestLoss, "Test loss did not fall from round 1 to round 4.");
    }

    [Fact]
    public async Task RunAsync_CancellationStopsStream()
    {
        // Arrange
        FederatedSimulation simulation = CreateSimulation(Blobs, maxDegreeOfParallelism: 2);
        using var cancellation = new CancellationTokenSource();
        var received = new List<RoundResult>();

        // Act
        async Task RunUntilCancelledAsync()
        {
            await foreach (RoundResult round in simulation.RunAsync(SmallConfig with { Rounds = 1_000 }, cancellation.Token))
            {
                received.Add(round);
                if (round.Round == 2)
                {
                    await cancellation.CancelAsync();
                }
            }
        }

        // Assert
        await Assert.ThrowsAnyAsync<OperationCanceledException>(RunUntilCancelledAsync);
        Assert.Equal(2, received.Count);
    }

    [Fact]
    public async Task RunAsync_InvalidConfigThrowsBeforeFirstRound()
    {
        // Arrange
        FederatedSimulation simulation = CreateSimulation(Blobs, maxDegreeOfParallelism: 1);
        ExperimentConfig invalid = SmallConfig with { Rounds = 0, ClientFraction = 2 };

        // Act
        ExperimentException error = await Assert.ThrowsAsync<ExperimentException>(() => CollectAsync(simulation.RunAsync(invalid)));

        // Assert
        Assert.Contains("Rounds 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("Client fraction 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PartitionErrorThrowsExperimentException()
    {
        // Arrange: the partition has 3 clients while the experiment requests 20.
        var simulation = new FederatedSimulation(
            _ => Blobs,
            (_, dataset) => InMemoryData.SplitIid(dataset.Train.Count, 3, seed: 1),
            new SimulationOptions { MaxDegreeOfParallelism = 1 });

        // Act
        ExperimentException error = await Assert.ThrowsAsync<ExperimentException>(() => CollectAsync(simulation.RunAsync(SmallConfig)));

        // Assert
        Assert.Contains("3 clients", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MissingDataThrowsExperimentException()
    {
        // Arrange
        string folder = Path.Combine(Path.GetTempPath(), "fedworkbench-missing-" + Guid.NewGuid().ToString("N"));
        var simulation = new FederatedSimulation(new DatasetCatalog(folder), new SimulationOptions { MaxDegreeOfParallelism = 1 });

        // Act
        ExperimentException error = await Assert.ThrowsAsync<ExperimentException>(() => CollectAsync(simulation.RunAsync(new ExperimentConfig())));

        // Assert
        Assert.Contains(folder, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RunRound_NonFiniteUpdatesKeepGlobalModel()
    {
        // Arrange: features of 1e30 overflow the forward pass, so every local update becomes NaN or infinite.
        float[] huge = Enumerable.Repeat(1e30f, Blobs.Train.Count * Blobs.FeatureCount).ToArray();
        var exploding = new Dataset(
            "exploding", Blobs.FeatureCount, Blobs.ClassNames, new DataSplit(huge, Blobs.Train.Labels.ToArray(), Blobs.FeatureCount), Blobs.Test);
        ExperimentConfig config = SmallConfig with { LearningRate = 10, ClientFraction = 0.6 };
        var logger = new RecordingLogger();
        FederatedRun run = FederatedRun.Create(
            config, _ => exploding, (c, d) => InMemoryData.SplitIid(d.Train.Count, c.Clients, c.Seed), 2, logger);
        float[] initial = run.GlobalParameters.ToArray();

        // Act
        RoundResult result = run.RunRound(1, System.Diagnostics.Stopwatch.StartNew(), CancellationToken.None);

        // Assert
        Assert.Equal(0, result.AggregatedClients);
        Assert.Equal(result.SampledClients, result.RejectedUpdates.Count);
        Assert.All(result.RejectedUpdates, reason => Assert.Contains("not a finite number", reason, StringComparison.Ordinal));
        Assert.True(double.IsNaN(result.TrainLoss));
        Assert.Equal(initial, run.GlobalParameters.ToArray());
        Assert.Equal(-1, FedAvg.IndexOfNonFinite(run.GlobalParameters));
        Assert.True(double.IsFinite(result.TestLoss));
        // Of the 12 rejections, 10 are logged one by one and the other 2 as a count.
        Assert.Equal(12, result.SampledClients);
        Assert.Equal(10, logger.Events.Count(e => e.Id == 110 && e.Level == LogLevel.Warning));
        Assert.All(logger.Events.Where(e => e.Id == 110), e => Assert.Contains("round 1: update of client", e.Message, StringComparison.Ordinal));
        Assert.Single(logger.Events, e => e.Id == 112 && e.Message.Contains("2 more updates", StringComparison.Ordinal));
        Assert.Single(logger.Events, e => e.Id == 111 && e.Level == LogLevel.Warning);
    }

    [Fact]
    public void RunRound_AggregatesAsWeightedMean()
    {
        // Arrange: clients of unequal size, all sampled, so the new model must be Σ_k (n_k / n)·θ_k.
        ExperimentConfig config = SmallConfig with { Clients = 3, ClientFraction = 1, LocalEpochs = 1 };
        int[][] indices = [[.. Enumerable.Range(0, 10)], [.. Enumerable.Range(10, 40)], [.. Enumerable.Range(50, 150)]];
        FederatedRun run = FederatedRun.Create(config, _ => Blobs, (_, _) => new ClientPartition(indices), 2, NullLogger.Instance);
        float[] global = run.GlobalParameters.ToArray();
        var settings = new LocalTrainingSettings(config.LocalEpochs, config.BatchSize, (float)config.LearningRate);
        ClientUpdate[] updates = Enumerable.Range(0, 3)
            .Select(client => LocalTrainer.Train(run.Layout, global, Blobs.Train, indices[client], settings, new LocalTrainingSeed(config.Seed, 1, client)))
            .ToArray();

        // Act
        run.RunRound(1, System.Diagnostics.Stopwatch.StartNew(), CancellationToken.None);

        // Assert: tolerance 1e-6 for the float rounding of the float64 mean.
        float[] aggregated = run.GlobalParameters.ToArray();
        for (int i = 0; i < aggregated.Length; i++)
        {
            double expected = ((10.0 * updates[0].Parameters[i]) + (40.0 * updates[1].Parameters[i]) + (150.0 * updates[2].Parameters[i])) / 200.0;
            Assert.True(Math.Abs(expected - aggregated[i]) <= 1e-6, $"Parameter {i}: expected {expected}, got {aggregated[i]}.");
        }
    }

    [Fact]
    public void RunRound_ClientGroupsDoNotChangeResult()
    {
        // Arrange: a buffer limit of one byte forces groups of two clients (two per thread), so the 6 sampled
        // clients train in three groups instead of one.
        FederatedRun CreateRun(long maxUpdateBufferBytes) => FederatedRun.Create(
            SmallConfig, _ => Blobs, (c, d) => InMemoryData.SplitIid(d.Train.Count, c.Clients, c.Seed), 1, NullLogger.Instance, maxUpdateBufferBytes);
        FederatedRun grouped = CreateRun(maxUpdateBufferBytes: 1);
        FederatedRun whole = CreateRun(FederatedRun.DefaultMaxUpdateBufferBytes);

        // Act
        var clock = System.Diagnostics.Stopwatch.StartNew();
        RoundResult[] groupedRounds = [grouped.RunRound(1, clock, CancellationToken.None), grouped.RunRound(2, clock, CancellationToken.None)];
        RoundResult[] wholeRounds = [whole.RunRound(1, clock, CancellationToken.None), whole.RunRound(2, clock, CancellationToken.None)];

        // Assert
        Assert.Equal(whole.GlobalParameters.ToArray(), grouped.GlobalParameters.ToArray());
        Assert.Equal(wholeRounds.Select(r => r.TrainLoss), groupedRounds.Select(r => r.TrainLoss));
        Assert.Equal(wholeRounds.Select(r => r.TrainedSamples), groupedRounds.Select(r => r.TrainedSamples));
        Assert.All(groupedRounds, r => Assert.Equal(6, r.AggregatedClients));
    }

    [Fact]
    public void RunRound_TinyClientsThreadIndependent()
    {
        // Arrange: 500 clients of 2 samples each and 100 clients per round, the shape of a run with many tiny
        // clients. One run trains on one thread in one group, and the other on two threads in groups of four.
        ExperimentConfig config = SmallConfig with { Clients = 500, ClientFraction = 0.2, LocalEpochs = 1, Rounds = 3 };
        FederatedRun CreateRun(int threads, long maxUpdateBufferBytes) => FederatedRun.Create(
            config, _ => Blobs, (c, d) => InMemoryData.SplitIid(d.Train.Count, c.Clients, c.Seed), threads, NullLogger.Instance, maxUpdateBufferBytes);
        FederatedRun sequential = CreateRun(threads: 1, FederatedRun.DefaultMaxUpdateBufferBytes);
        FederatedRun parallel = CreateRun(threads: 2, maxUpdateBufferBytes: 1);

        // Act
        var clock = System.Diagnostics.Stopwatch.StartNew();
        RoundResult[] sequentialRounds = [.. Enumerable.Range(1, config.Rounds).Select(round => sequential.RunRound(round, clock, CancellationToken.None))];
        RoundResult[] parallelRounds = [.. Enumerable.Range(1, config.Rounds).Select(round => parallel.RunRound(round, clock, CancellationToken.None))];

        // Assert
        Assert.Equal(sequential.GlobalParameters.ToArray(), parallel.GlobalParameters.ToArray());
        Assert.Equal(sequentialRounds.Select(r => r.TestAccuracy), parallelRounds.Select(r => r.TestAccuracy));
        Assert.Equal(sequentialRounds.Select(r => r.TestLoss), parallelRounds.Select(r => r.TestLoss));
        Assert.Equal(sequentialRounds.Select(r => r.TrainLoss), parallelRounds.Select(r => r.TrainLoss));
        Assert.All(parallelRounds, r => Assert.Equal(100, r.AggregatedClients));
        Assert.All(parallelRounds, r => Assert.Equal(200, r.TrainedSamples));
    }

    private static FederatedSimulation CreateSimulation(Dataset dataset, int maxDegreeOfParallelism) =>
        new(
            _ => dataset,
            (config, data) => InMemoryData.SplitIid(data.Train.Count, config.Clients, config.Seed),
            new SimulationOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism });

    /// <summary>Records the event id, level and message of every log entry.</summary>
    private sealed class RecordingLogger : ILogger
    {
        public List<(int Id, LogLevel Level, string Message)> Events { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Events)
            {
                Events.Add((eventId.Id, logLevel, formatter(state, exception)));
            }
        }
    }

    private static async Task<List<RoundResult>> CollectAsync(IAsyncEnumerable<RoundResult> rounds)
    {
        var results = new List<RoundResult>();
        await foreach (RoundResult round in rounds)
        {
            results.Add(round);
        }

        return results;
    }
}
