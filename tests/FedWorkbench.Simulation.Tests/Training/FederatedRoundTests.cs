using System.Diagnostics;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Partitioning;
using FedWorkbench.Simulation.Training;
using FedWorkbench.Simulation.Training.Attacks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FedWorkbench.Simulation.Tests.Training;

/// <summary>Whole rounds on small in-memory data: scenarios, validation policies, bytes and per-client accuracy.</summary>
public sealed class FederatedRoundTests
{
    private static readonly Dataset Blobs = InMemoryData.CreateBlobs(classes: 5, features: 30, trainCount: 1_000, testCount: 300, seed: 8);

    // 30·24 + 24 + 24·12 + 12 + 12·5 + 5 = 1,109 parameters.
    private const int ParameterCount = 1_109;

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
        ClientTestFraction = 0.2,
    };

    // Clients hold about 40 training samples, so with E = 2 and the median speed of 1,000 samples/s a client
    // needs about 0.08 s plus its transfers: a 0.1 s deadline cuts off the slower clients.
    private static readonly ExperimentConfig Scenario = SmallConfig with
    {
        Rounds = 5,
        Dropout = 0.2,
        RoundDeadlineSeconds = 0.1,
        OverSelection = 0.5,
        Attack = AttackKind.SignFlip,
        MaliciousFraction = 0.2,
        Aggregation = AggregationKind.TrimmedMean,
        TrimFraction = 0.2,
        Compression = CompressionKind.TopK,
        TopKFraction = 0.1,
    };

    [Fact]
    public async Task RunAsync_ScenarioSameForAnyParallelism()
    {
        // Act
        List<RoundResult> sequential = await CollectAsync(CreateSimulation(1).RunAsync(Scenario));
        List<RoundResult> parallel = await CollectAsync(CreateSimulation(2).RunAsync(Scenario));

        // Assert: every metric but the wall-clock timings is bit-identical.
        Assert.Equal(Scenario.Rounds, sequential.Count);
        Assert.Equal(sequential.Count, parallel.Count);
        for (int i = 0; i < sequential.Count; i++)
        {
            RoundResult first = sequential[i];
            RoundResult second = parallel[i];
            Assert.Equal(first.TestAccuracy, second.TestAccuracy);
            Assert.Equal(first.TestLoss, second.TestLoss);
            Assert.Equal(first.TrainLoss, second.TrainLoss);
            Assert.Equal(first.SampledClients, second.SampledClients);
            Assert.Equal(first.AggregatedClients, second.AggregatedClients);
            Assert.Equal(first.TrainedSamples, second.TrainedSamples);
            Assert.Equal(first.RejectedUpdates, second.RejectedUpdates);
            Assert.Equal(first.ReportedClients, second.ReportedClients);
            Assert.Equal(first.DroppedClients, second.DroppedClients);
            Assert.Equal(first.MaliciousClients, second.MaliciousClients);
            Assert.Equal(first.BytesDown, second.BytesDown);
            Assert.Equal(first.BytesUp, second.BytesUp);
            Assert.Equal(first.SimulatedSeconds, second.SimulatedSeconds);
            Assert.Equal(first.ClientAccuracy, second.ClientAccuracy);
            Assert.Equal(first.GlobalModelKeptReason, second.GlobalModelKeptReason);
        }

        // Assert: the scenario exercised what it configures. m = 6, s = ⌈6·1.5⌉ = 9.
        Assert.All(sequential, r => Assert.Equal(9, r.SampledClients));
        Assert.All(sequential, r => Assert.InRange(r.ReportedClients, 0, 6));
        Assert.All(sequential, r => Assert.True(r.ReportedClients + r.DroppedClients <= r.SampledClients));
        Assert.Contains(sequential, r => r.DroppedClients > 0);
        Assert.Contains(sequential, r => r.MaliciousClients > 0);
        Assert.Contains(sequential, r => r.AggregatedClients > 0);
        Assert.All(sequential, r => Assert.InRange(r.SimulatedSeconds, 0, 0.1));
        Assert.All(sequential, r => Assert.NotNull(r.ClientAccuracy));
    }

    [Fact]
    public void RunRound_FailPolicyNamesClient()
    {
        // Arrange: features of 1e30 overflow the forward pass, so every update is NaN or infinite.
        ExperimentConfig config = SmallConfig with { InvalidUpdates = InvalidUpdatePolicy.Fail, LearningRate = 10 };
        var logger = new RecordingLogger();
        FederatedRun run = FederatedRun.Create(config, _ => CreateExplodingData(), SplitWithHeldOut, 2, logger);
        int firstClient = ClientSampler.Sample(config.Seed, round: 1, config.Clients, clientFraction: config.ClientFraction)[0];

        // Act
        ExperimentException error = Assert.Throws<ExperimentException>(() => run.RunRound(1, Stopwatch.StartNew(), CancellationToken.None));

        // Assert
        Assert.Contains("Round 1:", error.Message, StringComparison.Ordinal);
        Assert.Contains($"client {firstClient} is invalid", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a finite number", error.Message, StringComparison.Ordinal);
        Assert.Single(logger.Events, e => e.Id == 113 && e.Level == LogLevel.Error && e.Message.Contains($"client {firstClient}", StringComparison.Ordinal));
    }

    [Fact]
    public void RunRound_DropPolicyCountsRejections()
    {
        // Arrange
        ExperimentConfig config = SmallConfig with { LearningRate = 10 };
        var logger = new RecordingLogger();
        FederatedRun run = FederatedRun.Create(config, _ => CreateExplodingData(), SplitWithHeldOut, 2, logger);
        float[] initial = run.GlobalParameters.ToArray();

        // Act
        RoundResult result = run.RunRound(1, Stopwatch.StartNew(), CancellationToken.None);

        // Assert
        Assert.Equal(6, result.ReportedClients);
        Assert.Equal(6, result.RejectedUpdates.Count);
        Assert.Equal(0, result.AggregatedClients);
        Assert.Equal("All 6 reported updates were rejected as invalid.", result.GlobalModelKeptReason);
        Assert.Equal(initial, run.GlobalParameters.ToArray());
        Assert.Equal(6, logger.Events.Count(e => e.Id == 110));
        Assert.Single(logger.Events, e => e.Id == 111 && e.Message.Contains("rejected as invalid", StringComparison.Ordinal));
    }

    [Fact]
    public void RunRound_DivergedClientsLeftOutOthersAggregated()
    {
        // Arrange: clients 10–19 hold rows of 1e30, whose updates overflow, and the others normal rows. Plain
        // FedAvg lets the aggregator form the deltas, so it is the aggregator that finds the diverged clients.
        int[] sampled = ClientSampler.Sample(SmallConfig.Seed, round: 1, SmallConfig.Clients, clientFraction: SmallConfig.ClientFraction);
        int[] diverged = sampled.Where(client => client >= 10).ToArray();
        Assert.NotEmpty(diverged);
        Assert.NotEqual(sampled.Length, diverged.Length);

        // Act
        (RoundResult result, float[] initial, float[] global) = RunMixedRound(threads: 2);
        (_, _, float[] globalOnOneThread) = RunMixedRound(threads: 1);

        // Assert: each diverged client is rejected with the delta's value named, and the others move the model.
        Assert.Equal(sampled.Length - diverged.Length, result.AggregatedClients);
        Assert.Equal(diverged.Length, result.RejectedUpdates.Count);
        for (int i = 0; i < diverged.Length; i++)
        {
            Assert.StartsWith($"Client {diverged[i]}: parameter ", result.RejectedUpdates[i], StringComparison.Ordinal);
            Assert.EndsWith("not a finite number.", result.RejectedUpdates[i], StringComparison.Ordinal);
        }

        Assert.Equal(-1, FedAvg.IndexOfNonFinite(global));
        Assert.NotEqual(initial, global);
        Assert.Equal(globalOnOneThread, global);
    }

    [Fact]
    public void RunRound_EveryoneDroppedKeepsModel()
    {
        // Arrange: half the clients drop out and a 1 µs deadline cuts off everyone else.
        ExperimentConfig config = SmallConfig with { Dropout = 0.5, RoundDeadlineSeconds = 1e-6 };
        var logger = new RecordingLogger();
        FederatedRun run = FederatedRun.Create(config, _ => Blobs, SplitWithHeldOut, 2, logger);
        float[] initial = run.GlobalParameters.ToArray();

        // Act
        RoundResult result = run.RunRound(1, Stopwatch.StartNew(), CancellationToken.None);

        // Assert
        Assert.Equal(6, result.SampledClients);
        Assert.Equal(0, result.ReportedClients);
        Assert.Equal(6, result.DroppedClients);
        Assert.Equal(0, result.AggregatedClients);
        Assert.Equal(0, result.TrainedSamples);
        Assert.True(double.IsNaN(result.TrainLoss));
        Assert.Equal(0, result.BytesUp);
        Assert.Equal(6L * 4 * ParameterCount, result.BytesDown);
        Assert.Equal(1e-6, result.SimulatedSeconds);
        Assert.NotNull(result.GlobalModelKeptReason);
        Assert.StartsWith("No selected client reported:", result.GlobalModelKeptReason, StringComparison.Ordinal);
        Assert.Contains("missed the round deadline", result.GlobalModelKeptReason, StringComparison.Ordinal);
        Assert.Equal(initial, run.GlobalParameters.ToArray());
        Assert.Single(logger.Events, e => e.Id == 111 && e.Message.Contains("No selected client reported", StringComparison.Ordinal));
    }

    [Fact]
    public void RunRound_GaussianAttackersSkipTraining()
    {
        // Arrange: every client reports, and half of them send Gaussian noise instead of training.
        ExperimentConfig config = SmallConfig with
        {
            ClientFraction = 1, Attack = AttackKind.Gaussian, MaliciousFraction = 0.5, Aggregation = AggregationKind.Median,
        };
        FederatedRun run = FederatedRun.Create(config, _ => Blobs, SplitWithHeldOut, 2, NullLogger.Instance);
        ClientPartition partition = SplitWithHeldOut(config, Blobs);
        var attack = AttackModel.Create(config);
        int[] honest = Enumerable.Range(0, config.Clients).Where(client => !attack.IsMalicious(client)).ToArray();

        // Act
        RoundResult result = run.RunRound(1, Stopwatch.StartNew(), CancellationToken.None);

        // Assert: trained samples count the honest clients only, E·Σ n_k.
        Assert.Equal(10, honest.Length);
        Assert.Equal(20, result.ReportedClients);
        Assert.Equal(10, result.MaliciousClients);
        Assert.Equal(20, result.AggregatedClients);
        Assert.Equal(config.LocalEpochs * honest.Sum(client => (long)partition.SizeOf(client)), result.TrainedSamples);
        Assert.True(double.IsFinite(result.TrainLoss));
        Assert.Null(result.GlobalModelKeptReason);
    }

    [Theory]
    // FedAvg without compression: 4·P each way.
    [InlineData(StrategyKind.FedAvg, CompressionKind.None, 4L * ParameterCount, 4L * ParameterCount)]
    // q8: P bytes plus 8 per bucket of 512, ⌈1109/512⌉ = 3 buckets.
    [InlineData(StrategyKind.FedAvg, CompressionKind.Q8, 4L * ParameterCount, ParameterCount + 24L)]
    // q4: ⌈1109·4/8⌉ = 555 bytes plus 24.
    [InlineData(StrategyKind.FedAvg, CompressionKind.Q4, 4L * ParameterCount, 555L + 24)]
    // topk with f = 0.01: k = ⌈11.09⌉ = 12 values of 8 bytes.
    [InlineData(StrategyKind.FedAvg, CompressionKind.TopK, 4L * ParameterCount, 96L)]
    // SCAFFOLD sends c down and Δc_i up besides the model and the update.
    [InlineData(StrategyKind.Scaffold, CompressionKind.None, 8L * ParameterCount, 8L * ParameterCount)]
    public void RunRound_CountsBytes(StrategyKind strategy, CompressionKind compression, long downPerClient, long upPerClient)
    {
        // Arrange
        ExperimentConfig config = SmallConfig with { Strategy = strategy, Compression = compression };
        FederatedRun run = FederatedRun.Create(config, _ => Blobs, SplitWithHeldOut, 2, NullLogger.Instance);

        // Act
        RoundResult result = run.RunRound(1, Stopwatch.StartNew(), CancellationToken.None);

        // Assert
        Assert.Equal(ParameterCount, run.Layout.ParameterCount);
        Assert.Equal(6, result.ReportedClients);
        Assert.Equal(6 * downPerClient, result.BytesDown);
        Assert.Equal(6 * upPerClient, result.BytesUp);
    }

    [Fact]
    public void RunRound_ClientAccuracyOnHeldOutSplits()
    {
        // Arrange
        FederatedRun run = FederatedRun.Create(SmallConfig, _ => Blobs, SplitWithHeldOut, 2, NullLogger.Instance);
        ClientPartition partition = SplitWithHeldOut(SmallConfig, Blobs);

        // Act
        RoundResult result = run.RunRound(1, Stopwatch.StartNew(), CancellationToken.None);

        // Assert: recompute each client's accuracy with a plain evaluation of the held-out samples.
        float[] global = run.GlobalParameters.ToArray();
        var evaluator = new ModelEvaluator(run.Layout);
        var parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = 1 };
        var accuracies = new List<double>();
        for (int client = 0; client < SmallConfig.Clients; client++)
        {
            int[] heldOut = partition.HeldOutOf(client).ToArray();
            Assert.NotEmpty(heldOut);
            float[] features = heldOut.SelectMany(i => Blobs.Train.Features.Slice(i * Blobs.FeatureCount, Blobs.FeatureCount).ToArray()).ToArray();
            byte[] labels = heldOut.Select(i => Blobs.Train.Labels[i]).ToArray();
            accuracies.Add(evaluator.Evaluate(global, new DataSplit(features, labels, Blobs.FeatureCount), parallelOptions).Accuracy);
        }

        double mean = accuracies.Average();
        double std = Math.Sqrt(accuracies.Sum(a => (a - mean) * (a - mean)) / accuracies.Count);
        double worst = accuracies.Order().Take(2).Average();
        Assert.NotNull(result.ClientAccuracy);
        Assert.Equal(20, result.ClientAccuracy.Clients);
        Assert.Equal(mean, result.ClientAccuracy.Mean, 1e-12);
        Assert.Equal(std, result.ClientAccuracy.StandardDeviation, 1e-12);
        Assert.Equal(worst, result.ClientAccuracy.Worst10Percent, 1e-12);
    }

    [Fact]
    public void RunRound_NoHeldOutNoClientAccuracy()
    {
        // Arrange
        ExperimentConfig config = SmallConfig with { ClientTestFraction = 0 };
        FederatedRun run = FederatedRun.Create(config, _ => Blobs, SplitWithHeldOut, 2, NullLogger.Instance);

        // Act
        RoundResult result = run.RunRound(1, Stopwatch.StartNew(), CancellationToken.None);

        // Assert
        Assert.Null(result.ClientAccuracy);
        Assert.Equal(6, result.AggregatedClients);
    }

    [Fact]
    public void RunRound_FeatureNoiseDeterministic()
    {
        // Arrange: the held-out noise is drawn once per run from the seed, so two runs with 1 and 2 threads agree.
        ExperimentConfig config = SmallConfig with { Partition = PartitionKind.FeatureNoise, FeatureNoiseSigma = 3 };
        FederatedRun first = FederatedRun.Create(config, _ => Blobs, SplitWithHeldOut, 1, NullLogger.Instance);
        FederatedRun second = FederatedRun.Create(config, _ => Blobs, SplitWithHeldOut, 2, NullLogger.Instance);

        // Act
        RoundResult firstResult = first.RunRound(1, Stopwatch.StartNew(), CancellationToken.None);
        RoundResult secondResult = second.RunRound(1, Stopwatch.StartNew(), CancellationToken.None);

        // Assert
        Assert.NotNull(firstResult.ClientAccuracy);
        Assert.Equal(firstResult.ClientAccuracy, secondResult.ClientAccuracy);
        Assert.InRange(firstResult.ClientAccuracy.Worst10Percent, 0, firstResult.ClientAccuracy.Mean);
    }

    [Fact]
    public async Task RunAsync_PartitionCallbackBeforeRoundOne()
    {
        // Arrange
        FederatedSimulation simulation = CreateSimulation(2);
        var calls = new List<(PartitionStatistics Statistics, int RoundsSeen)>();
        var rounds = new List<RoundResult>();

        // Act
        await foreach (RoundResult round in simulation.RunAsync(
            SmallConfig with { Rounds = 2 },
            (statistics, _) =>
            {
                calls.Add((statistics, rounds.Count));
                return Task.CompletedTask;
            }))
        {
            rounds.Add(round);
        }

        // Assert: one call, before any round, with a held-out split of ⌊0.2·50⌋ = 10 samples per client.
        (PartitionStatistics statistics, int roundsSeen) = Assert.Single(calls);
        Assert.Equal(0, roundsSeen);
        Assert.Equal(2, rounds.Count);
        Assert.Equal(20, statistics.ClientSizes.Length);
        Assert.All(statistics.HeldOutSizes, size => Assert.Equal(10, size));
        Assert.Equal(1_000, statistics.ClientSizes.Sum() + statistics.HeldOutSizes.Sum());
    }

    private static ClientPartition SplitWithHeldOut(ExperimentConfig config, Dataset dataset) =>
        Partitioner.Split(config, dataset.Train.Labels, dataset.ClassCount);

    /// <summary>Runs round 1 with 50 rows per client, the rows of clients 10–19 set to 1e30.</summary>
    private static (RoundResult Result, float[] Initial, float[] Global) RunMixedRound(int threads)
    {
        float[] features = Blobs.Train.Features.ToArray();
        Array.Fill(features, 1e30f, 500 * Blobs.FeatureCount, 500 * Blobs.FeatureCount);
        var mixed = new Dataset(
            "mixed", Blobs.FeatureCount, Blobs.ClassNames, new DataSplit(features, Blobs.Train.Labels.ToArray(), Blobs.FeatureCount), Blobs.Test);
        ExperimentConfig config = SmallConfig with { LearningRate = 10, ClientTestFraction = 0 };
        int[][] indices = Enumerable.Range(0, config.Clients).Select(client => Enumerable.Range(50 * client, 50).ToArray()).ToArray();
        FederatedRun run = FederatedRun.Create(config, _ => mixed, (_, _) => new ClientPartition(indices), threads, NullLogger.Instance);
        float[] initial = run.GlobalParameters.ToArray();
        RoundResult result = run.RunRound(1, Stopwatch.StartNew(), CancellationToken.None);
        return (result, initial, run.GlobalParameters.ToArray());
    }

    private static Dataset CreateExplodingData()
    {
        float[] huge = Enumerable.Repeat(1e30f, Blobs.Train.Count * Blobs.FeatureCount).ToArray();
        return new Dataset(
            "exploding", Blobs.FeatureCount, Blobs.ClassNames, new DataSplit(huge, Blobs.Train.Labels.ToArray(), Blobs.FeatureCount), Blobs.Test);
    }

    private static FederatedSimulation CreateSimulation(int maxDegreeOfParallelism) =>
        new(_ => Blobs, SplitWithHeldOut, new SimulationOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism });

    private static async Task<List<RoundResult>> CollectAsync(IAsyncEnumerable<RoundResult> rounds)
    {
        var results = new List<RoundResult>();
        await foreach (RoundResult round in rounds)
        {
            results.Add(round);
        }

        return results;
    }

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
}
