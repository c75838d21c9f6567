using System.Diagnostics;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Partitioning;
using FedWorkbench.Simulation.Privacy;
using FedWorkbench.Simulation.Privacy.SecureAggregation;
using FedWorkbench.Simulation.Training;
using Microsoft.Extensions.Logging.Abstractions;

namespace FedWorkbench.Simulation.Tests.Training;

/// <summary>Whole rounds with differential privacy, Poisson sampling and secure aggregation on small in-memory data.</summary>
public sealed class PrivateRoundTests
{
    private static readonly Dataset Blobs = InMemoryData.CreateBlobs(classes: 5, features: 30, trainCount: 1_000, testCount: 300, seed: 8);

    private static readonly ExperimentConfig SmallConfig = new()
    {
        Name = "private blobs",
        Model = ModelKind.Mlp,
        HiddenLayers = [24, 12],
        Clients = 20,
        ClientFraction = 0.3,
        LocalEpochs = 1,
        BatchSize = 10,
        LearningRate = 0.05,
        Rounds = 3,
        Seed = 7,
        ClientTestFraction = 0,
    };

    [Fact]
    public void CentralWithoutNoiseOrClipping_MatchesFedAvg()
    {
        // Arrange: an IID split of 1,000 samples gives every client 50, so the weighted mean of FedAvg equals the
        // unweighted sum over the fixed denominator m = 6. S = 1e6 clips nothing and z = 0 adds no noise.
        ExperimentConfig central = SmallConfig with { DifferentialPrivacy = DifferentialPrivacyKind.Central, ClipNorm = 1e6, NoiseMultiplier = 0 };
        FederatedRun plain = CreateRun(SmallConfig, 2);
        FederatedRun dp = CreateRun(central, 2);

        // Act
        RoundResult plainRound = plain.RunRound(1, Stopwatch.StartNew(), CancellationToken.None);
        RoundResult dpRound = dp.RunRound(1, Stopwatch.StartNew(), CancellationToken.None);

        // Assert: float32 sums in different orders agree to about 1e-6.
        AssertClose(plain.GlobalParameters, dp.GlobalParameters, 1e-5);
        Assert.Equal(6, dpRound.AggregatedClients);
        Assert.Equal(double.PositiveInfinity, dpRound.Epsilon);
        Assert.Equal(1e6, dpRound.ClipNorm);
        Assert.Equal(0.0, dpRound.ClippedFraction);
        Assert.Null(plainRound.Epsilon);
        Assert.Null(plainRound.ClipNorm);
        Assert.Null(plainRound.ClippedFraction);
    }

    [Fact]
    public void CentralTinyClipNorm_ClipsEveryUpdate()
    {
        // Arrange: S = 1e-4 is far below any update norm, so every update is scaled to norm S and
        // ‖Σ Δ_k / m‖ ≤ S.
        ExperimentConfig config = SmallConfig with { DifferentialPrivacy = DifferentialPrivacyKind.Central, ClipNorm = 1e-4, NoiseMultiplier = 0 };
        FederatedRun run = CreateRun(config, 2);
        float[] before = run.GlobalParameters.ToArray();

        // Act
        RoundResult round = run.RunRound(1, Stopwatch.StartNew(), CancellationToken.None);

        // Assert
        Assert.Equal(1.0, round.ClippedFraction);
        float[] step = [.. run.GlobalParameters.ToArray().Zip(before, (after, b) => after - b)];
        Assert.InRange(UpdateClipping.L2Norm(step), 0, 1e-4 * 1.001);
    }

    [Fact]
    public void ClientDp_ClipsOnTheClient()
    {
        ExperimentConfig config = SmallConfig with { DifferentialPrivacy = DifferentialPrivacyKind.Client, ClipNorm = 1e-4, NoiseMultiplier = 0 };
        FederatedRun run = CreateRun(config, 2);
        float[] before = run.GlobalParameters.ToArray();

        RoundResult round = run.RunRound(1, Stopwatch.StartNew(), CancellationToken.None);

        Assert.Equal(1.0, round.ClippedFraction);
        float[] step = [.. run.GlobalParameters.ToArray().Zip(before, (after, b) => after - b)];
        Assert.InRange(UpdateClipping.L2Norm(step), 0, 1e-4 * 1.001);
    }

    [Fact]
    public void EmptyPoissonRound_KeepsModel()
    {
        // Arrange: with C = 0.02 and K = 20, a round samples no client with probability 0.98^20 ≈ 0.67.
        ExperimentConfig config = SmallConfig with
        {
            Sampling = ClientSamplingKind.Poisson,
            ClientFraction = 0.02,
            DifferentialPrivacy = DifferentialPrivacyKind.Central,
            NoiseMultiplier = 1.0,
            Rounds = 10,
        };
        int emptyRound = Enumerable.Range(2, 8).First(r => ClientSampler.SamplePoisson(config.Seed, r, config.Clients, config.ClientFraction).Length == 0);
        FederatedRun run = CreateRun(config, 2);
        var rounds = new List<RoundResult>();
        float[] beforeEmpty = [];

        // Act
        for (int round = 1; round <= emptyRound; round++)
        {
            beforeEmpty = run.GlobalParameters.ToArray();
            rounds.Add(run.RunRound(round, Stopwatch.StartNew(), CancellationToken.None));
        }

        // Assert
        RoundResult empty = rounds[^1];
        Assert.Equal(0, empty.SampledClients);
        Assert.Equal(0, empty.AggregatedClients);
        Assert.Contains("Poisson sampling selected no client", empty.GlobalModelKeptReason);
        Assert.Equal(beforeEmpty, run.GlobalParameters.ToArray());
        double expected = RdpAccountant.Epsilon(0.02, 1.0, emptyRound, config.Delta);
        Assert.Equal(expected, empty.Epsilon!.Value, 9);
        Assert.True(empty.Epsilon > rounds[^2].Epsilon);
    }

    [Theory]
    [InlineData(DifferentialPrivacyKind.Central, false)]
    [InlineData(DifferentialPrivacyKind.CentralAdaptive, false)]
    [InlineData(DifferentialPrivacyKind.Client, true)]
    [InlineData(DifferentialPrivacyKind.Local, true)]
    public async Task PrivateRun_SameForOneAndTwoThreads(DifferentialPrivacyKind mechanism, bool secure)
    {
        // Arrange: Poisson sampling, dropouts and, where allowed, secure aggregation.
        ExperimentConfig config = SmallConfig with
        {
            Sampling = ClientSamplingKind.Poisson,
            Dropout = 0.1,
            DifferentialPrivacy = mechanism,
            NoiseMultiplier = 0.5,
            SecureAggregation = secure,
            SecureAggregationThreshold = 0.5,
        };
        Assert.Empty(ExperimentValidator.Validate(config));

        // Act
        List<RoundResult> one = await CollectAsync(CreateSimulation(1).RunAsync(config));
        List<RoundResult> two = await CollectAsync(CreateSimulation(2).RunAsync(config));

        // Assert: every metric but the wall-clock timings is bit-identical.
        Assert.Equal(config.Rounds, one.Count);
        for (int i = 0; i < one.Count; i++)
        {
            Assert.Equal(one[i].TestAccuracy, two[i].TestAccuracy);
            Assert.Equal(one[i].TestLoss, two[i].TestLoss);
            Assert.Equal(one[i].Epsilon, two[i].Epsilon);
            Assert.Equal(one[i].ClipNorm, two[i].ClipNorm);
            Assert.Equal(one[i].ClippedFraction, two[i].ClippedFraction);
            Assert.Equal(one[i].SecureAggregationBytes, two[i].SecureAggregationBytes);
            Assert.Equal(one[i].GlobalModelKeptReason, two[i].GlobalModelKeptReason);
            Assert.True(one[i].Epsilon > 0);
        }
    }

    [Fact]
    public void AdaptiveClipNorm_FollowsUpdateRule()
    {
        // Arrange: S starts at 1e-4, below every update norm, so all bits b_k are 0 and C grows.
        ExperimentConfig config = SmallConfig with
        {
            DifferentialPrivacy = DifferentialPrivacyKind.CentralAdaptive,
            ClipNorm = 1e-4,
            NoiseMultiplier = 0.1,
            ClipQuantile = 0.5,
            ClipLearningRate = 0.2,
        };
        FederatedRun run = CreateRun(config, 2);

        // Act
        RoundResult first = run.RunRound(1, Stopwatch.StartNew(), CancellationToken.None);
        RoundResult second = run.RunRound(2, Stopwatch.StartNew(), CancellationToken.None);

        // Assert: C₂ = C₁·exp(−η_C·(b̄ − γ)) with b̄ = (0 + N(0, σ_b²))/m, σ_b = m/20 and m = 6.
        Assert.Equal(1e-4, first.ClipNorm);
        Assert.Equal(1.0, first.ClippedFraction);
        double expected = AdaptiveClipping.NextClipNorm(1e-4, 0, 6, 0.5, 0.2, config.Seed, 1);
        Assert.Equal(expected, second.ClipNorm!.Value, 15);
        Assert.True(second.ClipNorm > first.ClipNorm);
    }

    [Fact]
    public void SecureRound_MatchesPlainRound()
    {
        // Arrange: quantity skew gives the clients different n_k, so a wrong weight would show.
        ExperimentConfig skewed = SmallConfig with { Partition = PartitionKind.Quantity };
        ExperimentConfig secure = skewed with { SecureAggregation = true, SecureAggregationThreshold = 0.5 };
        FederatedRun plain = CreateRun(skewed, 2);
        FederatedRun masked = CreateRun(secure, 2);

        // Act
        RoundResult plainRound = plain.RunRound(1, Stopwatch.StartNew(), CancellationToken.None);
        RoundResult maskedRound = masked.RunRound(1, Stopwatch.StartNew(), CancellationToken.None);

        // Assert: see PlainVersusSecureTolerance for the error budget.
        AssertClose(plain.GlobalParameters, masked.GlobalParameters, PlainVersusSecureTolerance);
        Assert.Equal(plainRound.AggregatedClients, maskedRound.AggregatedClients);
        Assert.True(maskedRound.SecureAggregationBytes > 0);
        Assert.NotNull(maskedRound.MaskedUpdate);
        Assert.Equal(0, plainRound.SecureAggregationBytes);
        Assert.Null(plainRound.MaskedUpdate);
    }

    [Fact]
    public void SecureRoundFailure_FollowsPolicy()
    {
        // Arrange: with threshold 1 a round fails as soon as one of the 6 selected clients drops out (probability 0.5 each).
        ExperimentConfig config = SmallConfig with { SecureAggregation = true, SecureAggregationThreshold = 1.0, Dropout = 0.5, Rounds = 5 };
        FederatedRun skip = CreateRun(config, 2);
        FederatedRun fail = CreateRun(config with { RoundFailures = RoundFailurePolicy.Fail }, 2);
        int failing = Enumerable.Range(1, 5).First(r => skip.RunRound(r, Stopwatch.StartNew(), CancellationToken.None) is { GlobalModelKeptReason: { } reason }
            && reason.StartsWith("Secure aggregation could not unmask", StringComparison.Ordinal));

        // Act and assert
        for (int round = 1; round < failing; round++)
        {
            fail.RunRound(round, Stopwatch.StartNew(), CancellationToken.None);
        }

        ExperimentException exception = Assert.Throws<ExperimentException>(() => fail.RunRound(failing, Stopwatch.StartNew(), CancellationToken.None));
        Assert.StartsWith("Secure aggregation could not unmask", exception.Message);
        Assert.Contains("set roundFailures to skip", exception.Message);
    }

    [Fact]
    public void SecureRoundBytes_FollowProtocol()
    {
        // Arrange: the masked vectors (P + 1 ring values) replace the plain float32 updates that BytesUp counts, so
        // secure aggregation adds BytesUp(n, m, P + 1) + BytesDown(n, m) − 4·P·m. A failed round skips the
        // unmasking shares (12 bytes per reporting client and selected client) and the survivors list.
        ExperimentConfig config = SmallConfig with { SecureAggregation = true, SecureAggregationThreshold = 1.0, Dropout = 0.5, Rounds = 5 };
        FederatedRun run = CreateRun(config, 2);
        int parameters = run.Layout.ParameterCount;

        // Act
        List<RoundResult> rounds = [.. Enumerable.Range(1, 5).Select(r => run.RunRound(r, Stopwatch.StartNew(), CancellationToken.None))];

        // Assert
        Assert.Contains(rounds, round => round.GlobalModelKeptReason is not null);
        foreach (RoundResult round in rounds)
        {
            int selected = round.SampledClients;
            int reported = round.ReportedClients;
            long plain = 4L * parameters * reported;
            long expected = round.GlobalModelKeptReason is null
                ? SecureAggregationTraffic.BytesUp(selected, reported, parameters + 1) + SecureAggregationTraffic.BytesDown(selected, reported) - plain
                : SecureAggregationTraffic.BytesUp(selected, reported, parameters + 1) - (12L * reported * selected)
                    + SecureAggregationTraffic.BytesDown(selected, 0) - plain;
            Assert.Equal(expected, round.SecureAggregationBytes);
        }
    }

    /// <summary>
    /// Largest difference allowed between the global models of a plain and a secure round. The fixed-point step is
    /// B·m/(2³¹ − 1) with B = max |n_k·Δ_k| and m = 6, so quantization moves the weighted mean by at most
    /// (m·step/2)/Σ n_k = B·m²/(2·(2³¹ − 1)·Σ n_k), below 1e-8 for the 1,000 samples here. Rounding n_k·Δ_k and the
    /// parameters to float32 adds a few 1e-8 near parameters of size 1, so 1e-6 leaves a margin.
    /// </summary>
    private const double PlainVersusSecureTolerance = 1e-6;

    private static FederatedRun CreateRun(ExperimentConfig config, int threads) =>
        FederatedRun.Create(config, _ => Blobs, Split, threads, NullLogger.Instance);

    private static ClientPartition Split(ExperimentConfig config, Dataset dataset) =>
        Partitioner.Split(config, dataset.Train.Labels, dataset.ClassCount);

    private static FederatedSimulation CreateSimulation(int threads) =>
        new(_ => Blobs, Split, new SimulationOptions { MaxDegreeOfParallelism = threads });

    private static async Task<List<RoundResult>> CollectAsync(IAsyncEnumerable<RoundResult> rounds)
    {
        var results = new List<RoundResult>();
        await foreach (RoundResult round in rounds)
        {
            results.Add(round);
        }

        return results;
    }

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double difference = Math.Abs(expected[i] - actual[i]);
            Assert.True(difference <= tolerance, $"Parameter {i}: expected {expected[i]}, got {actual[i]}, difference {difference} > {tolerance}.");
        }
    }
}
