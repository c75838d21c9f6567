using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Partitioning;
using FedWorkbench.Simulation.Training;
using FedWorkbench.Simulation.Training.Attacks;
using FedWorkbench.Simulation.Training.Checkpoints;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FedWorkbench.Simulation.Tests.Training;

/// <summary>
/// Engine checkpoints: a run stopped after <see cref="StopAfter"/> rounds and resumed from its checkpoint in a new
/// engine must finish with the same metrics and state as a run that was never stopped.
/// </summary>
public sealed class CheckpointTests
{
    /// <summary>Rounds run before the interruption.</summary>
    private const int StopAfter = 2;

    private static readonly Dataset Blobs = InMemoryData.CreateBlobs(classes: 5, features: 20, trainCount: 600, testCount: 200, seed: 4);

    /// <summary>12 clients with 6 per round, so after round 2 some clients have reported and others have not.</summary>
    private static readonly ExperimentConfig Base = new()
    {
        Name = "checkpoints",
        Model = ModelKind.Mlp,
        HiddenLayers = [16],
        Clients = 12,
        ClientFraction = 0.5,
        LocalEpochs = 1,
        BatchSize = 10,
        LearningRate = 0.05,
        Rounds = 4,
        Seed = 21,
        ClientTestFraction = 0.2,
    };

    public static TheoryData<string> Scenarios =>
    [
        "fedavg", "fedprox", "fedavgm", "fedadagrad", "fedadam", "fedyogi", "fednova", "scaffold",
        "topk", "q8", "q4", "scaffold-topk", "central-dp", "adaptive-clipping", "client-dp", "local-dp",
        "secure-aggregation", "client-dp-secure", "client-groups", "poisson", "dropout-deadline", "krum-attack",
    ];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Resume_MatchesUninterruptedRun(string scenario)
    {
        // Arrange
        ExperimentConfig config = Scenario(scenario);
        Assert.Empty(ExperimentValidator.Validate(config));
        List<CheckpointedRound> uninterrupted = await CollectAsync(CreateSimulation(2).RunWithCheckpointsAsync(config, null, new CheckpointSettings(), null));
        List<CheckpointedRound> stopped = await CollectAsync(CreateSimulation(2).RunWithCheckpointsAsync(config, null, new CheckpointSettings(), null), StopAfter);
        EngineCheckpoint checkpoint = Assert.IsType<EngineCheckpoint>(stopped[^1].Checkpoint);

        // Act
        List<CheckpointedRound> resumed = await CollectAsync(CreateSimulation(2).RunWithCheckpointsAsync(config, checkpoint, new CheckpointSettings(), null));

        // Assert: the stopped run matches the uninterrupted one up to the stop, and the resumed run after it.
        Assert.Equal(config.Rounds, uninterrupted.Count);
        Assert.Equal(StopAfter, checkpoint.CompletedRounds);
        Assert.Equal(uninterrupted[StopAfter - 1].Checkpoint!.State, checkpoint.State);
        Assert.Equal(config.Rounds - StopAfter, resumed.Count);
        for (int i = 0; i < resumed.Count; i++)
        {
            AssertSameMetrics(uninterrupted[StopAfter + i].Result, resumed[i].Result);
        }

        EngineCheckpoint expectedFinal = uninterrupted[^1].Checkpoint!;
        EngineCheckpoint actualFinal = resumed[^1].Checkpoint!;
        Assert.Equal(GlobalModelOf(config, expectedFinal), GlobalModelOf(config, actualFinal));
        Assert.Equal(expectedFinal.State, actualFinal.State);
    }

    [Fact]
    public async Task Resume_SameForOneAndTwoThreads()
    {
        // Arrange: SCAFFOLD with top-k keeps two sparse per-client states next to the model.
        ExperimentConfig config = Scenario("scaffold-topk");
        List<CheckpointedRound> uninterrupted = await CollectAsync(CreateSimulation(2).RunWithCheckpointsAsync(config, null, new CheckpointSettings(), null));
        List<CheckpointedRound> stopped = await CollectAsync(CreateSimulation(1).RunWithCheckpointsAsync(config, null, new CheckpointSettings(), null), StopAfter);
        EngineCheckpoint checkpoint = stopped[^1].Checkpoint!;

        // Act
        List<CheckpointedRound> one = await CollectAsync(CreateSimulation(1).RunWithCheckpointsAsync(config, checkpoint, new CheckpointSettings(), null));
        List<CheckpointedRound> two = await CollectAsync(CreateSimulation(2).RunWithCheckpointsAsync(config, checkpoint, new CheckpointSettings(), null));

        // Assert
        Assert.Equal(config.Rounds - StopAfter, one.Count);
        Assert.Equal(one.Count, two.Count);
        for (int i = 0; i < one.Count; i++)
        {
            AssertSameMetrics(uninterrupted[StopAfter + i].Result, one[i].Result);
            AssertSameMetrics(uninterrupted[StopAfter + i].Result, two[i].Result);
        }

        Assert.Equal(uninterrupted[^1].Checkpoint!.State, one[^1].Checkpoint!.State);
        Assert.Equal(uninterrupted[^1].Checkpoint!.State, two[^1].Checkpoint!.State);
    }

    [Fact]
    public async Task Resume_FromStoredBytes()
    {
        // Arrange: the checkpoint goes through a byte copy, as it does through a database.
        ExperimentConfig config = Scenario("fedadam");
        List<CheckpointedRound> uninterrupted = await CollectAsync(CreateSimulation(2).RunWithCheckpointsAsync(config, null, new CheckpointSettings(), null));
        EngineCheckpoint taken = uninterrupted[StopAfter - 1].Checkpoint!;
        var stored = new EngineCheckpoint(taken.CompletedRounds, taken.ElapsedSeconds, [.. taken.State]);

        // Act
        List<CheckpointedRound> resumed = await CollectAsync(CreateSimulation(2).RunWithCheckpointsAsync(config, stored, new CheckpointSettings(), null));

        // Assert
        Assert.Equal([3, 4], resumed.Select(round => round.Result.Round));
        AssertSameMetrics(uninterrupted[^1].Result, resumed[^1].Result);
        Assert.Equal(uninterrupted[^1].Checkpoint!.State, resumed[^1].Checkpoint!.State);
    }

    [Fact]
    public async Task Resume_ContinuesElapsedTime()
    {
        // Arrange: a checkpoint that claims 1,000 s of earlier training.
        ExperimentConfig config = Scenario("fedavg");
        List<CheckpointedRound> stopped = await CollectAsync(CreateSimulation(1).RunWithCheckpointsAsync(config, null, new CheckpointSettings(), null), StopAfter);
        EngineCheckpoint taken = stopped[^1].Checkpoint!;
        var checkpoint = new EngineCheckpoint(taken.CompletedRounds, 1_000, taken.State);

        // Act
        List<CheckpointedRound> resumed = await CollectAsync(CreateSimulation(1).RunWithCheckpointsAsync(config, checkpoint, new CheckpointSettings(), null));

        // Assert: elapsed time counts from the checkpoint's, and the next checkpoint carries it on.
        Assert.All(resumed, round => Assert.True(round.Result.ElapsedSeconds >= 1_000, $"Round {round.Result.Round} elapsed {round.Result.ElapsedSeconds} s."));
        Assert.All(resumed, round => Assert.Equal(round.Result.ElapsedSeconds, round.Checkpoint!.ElapsedSeconds));
        Assert.Equal(stopped[^1].Result.ElapsedSeconds, taken.ElapsedSeconds);
    }

    [Fact]
    public async Task Resume_AfterLastRound_YieldsNothing()
    {
        ExperimentConfig config = Scenario("fedavg");
        List<CheckpointedRound> rounds = await CollectAsync(CreateSimulation(1).RunWithCheckpointsAsync(config, null, new CheckpointSettings(), null));

        List<CheckpointedRound> resumed = await CollectAsync(CreateSimulation(1).RunWithCheckpointsAsync(config, rounds[^1].Checkpoint, new CheckpointSettings(), null));

        Assert.Empty(resumed);
    }

    [Fact]
    public async Task Resume_NameMayDiffer()
    {
        // Arrange: the name only labels logs, so it is left out of the fingerprint.
        ExperimentConfig config = Scenario("fedavg");
        List<CheckpointedRound> stopped = await CollectAsync(CreateSimulation(1).RunWithCheckpointsAsync(config, null, new CheckpointSettings(), null), StopAfter);

        // Act
        List<CheckpointedRound> resumed = await CollectAsync(
            CreateSimulation(1).RunWithCheckpointsAsync(config with { Name = "renamed" }, stopped[^1].Checkpoint, new CheckpointSettings(), null));

        // Assert
        Assert.Equal(config.Rounds - StopAfter, resumed.Count);
    }

    [Fact]
    public async Task Resume_CallsPartitionedAndLogs()
    {
        // Arrange
        ExperimentConfig config = Scenario("fedavg");
        List<CheckpointedRound> stopped = await CollectAsync(CreateSimulation(1).RunWithCheckpointsAsync(config, null, new CheckpointSettings(), null), StopAfter);
        EngineCheckpoint checkpoint = stopped[^1].Checkpoint!;
        var logger = new RecordingLogger();
        var simulation = new FederatedSimulation(_ => Blobs, Split, new SimulationOptions { MaxDegreeOfParallelism = 1 }, logger);
        PartitionStatistics? statistics = null;

        // Act
        await CollectAsync(simulation.RunWithCheckpointsAsync(
            config,
            checkpoint,
            new CheckpointSettings(),
            (partition, _) =>
            {
                statistics = partition;
                return Task.CompletedTask;
            }));

        // Assert
        Assert.NotNull(statistics);
        Assert.Equal(config.Clients, statistics.ClientSizes.Length);
        (int _, LogLevel level, string message) = Assert.Single(logger.Events, e => e.Id == 105);
        Assert.Equal(LogLevel.Information, level);
        Assert.Contains($"resumed after round {StopAfter} of {config.Rounds}", message, StringComparison.Ordinal);
        Assert.Contains($"{checkpoint.State.Length} bytes", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Checkpoint_SizeMatchesFormula()
    {
        // Arrange: the model has P parameters and a clients have a control variate. The blob then has 56 bytes of
        // header, 32 of checksum, 4 section headers of 12, (4 + 4P) for the model, 8 for the clip norm, (4 + 4P)
        // for the server variate and (8 + a·(4 + 4P)) for the client variates.
        ExperimentConfig config = Scenario("scaffold");
        FederatedRun run = FederatedRun.Create(config, _ => Blobs, Split, 1, NullLogger.Instance);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // Act
        CheckpointedRound first = run.TakeCheckpoint(run.RunRound(1, clock, CancellationToken.None), long.MaxValue);

        // Assert: in round 1 every accepted client gets its first control variate.
        long parameters = run.Layout.ParameterCount;
        int allocated = first.Result.AggregatedClients;
        long expected = 56 + 32 + (4 * 12) + (4 + (4 * parameters)) + 8 + (4 + (4 * parameters)) + (8 + (allocated * (4 + (4 * parameters))));
        var variates = (ClientVectorsSection)Assert.Single(run.StateSections, section => section.TagName == "SCCV");
        Assert.Equal(allocated, variates.AllocatedCount);
        Assert.Equal(expected, first.Checkpoint!.State.Length);
        Assert.Equal(expected, run.MeasureCheckpoint());
    }

    [Fact]
    public async Task Checkpoint_OverMaxBytes_SkippedWithReason()
    {
        // Arrange: the limit is the size after round 1, and every later round allocates control variates for
        // clients that had none, so rounds 2 to 4 exceed it.
        ExperimentConfig config = Scenario("scaffold");
        List<CheckpointedRound> unlimited = await CollectAsync(CreateSimulation(1).RunWithCheckpointsAsync(config, null, new CheckpointSettings(), null));
        long limit = unlimited[0].Checkpoint!.State.Length;
        Assert.All(unlimited.Skip(1), round => Assert.True(round.Checkpoint!.State.Length > limit));
        var logger = new RecordingLogger();
        var simulation = new FederatedSimulation(_ => Blobs, Split, new SimulationOptions { MaxDegreeOfParallelism = 1 }, logger);

        // Act
        List<CheckpointedRound> limited = await CollectAsync(simulation.RunWithCheckpointsAsync(config, null, new CheckpointSettings { MaxBytes = limit }, null));

        // Assert: the skipped rounds still report their metrics, and the reason names the size, the limit and the largest state.
        Assert.Equal(unlimited[0].Checkpoint!.State, limited[0].Checkpoint!.State);
        Assert.Null(limited[0].CheckpointSkippedReason);
        for (int i = 1; i < limited.Count; i++)
        {
            AssertSameMetrics(unlimited[i].Result, limited[i].Result);
            Assert.Null(limited[i].Checkpoint);
            string reason = Assert.IsType<string>(limited[i].CheckpointSkippedReason);
            string size = (unlimited[i].Checkpoint!.State.Length / (1024.0 * 1024.0)).ToString("N1", System.Globalization.CultureInfo.InvariantCulture);
            string max = (limit / (1024.0 * 1024.0)).ToString("N1", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains($"The checkpoint after round {i + 1} was not saved, because it would take {size} MiB, more than the limit of {max} MiB.", reason, StringComparison.Ordinal);
            Assert.Contains("The largest part is SCAFFOLD's client control variates c_i of ", reason, StringComparison.Ordinal);
            Assert.Contains("raise the checkpoint limit", reason, StringComparison.Ordinal);
        }

        (int _, LogLevel level, string _) = Assert.Single(logger.Events, e => e.Id == 106);
        Assert.Equal(LogLevel.Warning, level);
    }

    [Fact]
    public async Task Checkpoint_ZeroMaxBytes_SkipsEveryRound()
    {
        ExperimentConfig config = Scenario("fedavg");

        List<CheckpointedRound> rounds = await CollectAsync(CreateSimulation(1).RunWithCheckpointsAsync(config, null, new CheckpointSettings { MaxBytes = 0 }, null));

        Assert.Equal(config.Rounds, rounds.Count);
        Assert.All(rounds, round => Assert.Null(round.Checkpoint));
        Assert.All(rounds, round => Assert.Contains("The largest part is the global model", round.CheckpointSkippedReason, StringComparison.Ordinal));
    }

    [Fact]
    public void RunWithCheckpoints_NegativeMaxBytesThrows()
    {
        FederatedSimulation simulation = CreateSimulation(1);

        Assert.Throws<ArgumentOutOfRangeException>(
            () => simulation.RunWithCheckpointsAsync(Base, null, new CheckpointSettings { MaxBytes = -1 }, null));
    }

    [Fact]
    public async Task Resume_OtherConfigRejected()
    {
        // Arrange: another seed gives another run.
        EngineCheckpoint checkpoint = await CheckpointAfterStopAsync(Base);
        int loads = 0;
        var simulation = new FederatedSimulation(
            _ =>
            {
                loads++;
                return Blobs;
            },
            Split,
            new SimulationOptions { MaxDegreeOfParallelism = 1 });

        // Act
        ExperimentException error = await Assert.ThrowsAsync<ExperimentException>(
            () => CollectAsync(simulation.RunWithCheckpointsAsync(Base with { Seed = 22 }, checkpoint, new CheckpointSettings(), null)));

        // Assert: the checkpoint is checked before the data is loaded.
        Assert.Equal(
            "The checkpoint belongs to another experiment configuration, so resuming would mix two runs. Resume with the configuration the run started with; only its name may differ.",
            error.Message);
        Assert.Equal(0, loads);
    }

    [Fact]
    public async Task Resume_DamagedBytesRejected()
    {
        // Arrange: one flipped bit in the model, and a checkpoint cut short.
        EngineCheckpoint checkpoint = await CheckpointAfterStopAsync(Base);
        byte[] flipped = [.. checkpoint.State];
        flipped[CheckpointFormat.HeaderBytes + 40] ^= 0x04;
        byte[] truncated = checkpoint.State[..^100];

        // Act
        ExperimentException flippedError = await ResumeErrorAsync(Base, new EngineCheckpoint(StopAfter, 0, flipped));
        ExperimentException truncatedError = await ResumeErrorAsync(Base, new EngineCheckpoint(StopAfter, 0, truncated));
        ExperimentException tinyError = await ResumeErrorAsync(Base, new EngineCheckpoint(StopAfter, 0, [.. checkpoint.State.Take(10)]));

        // Assert
        const string checksumMessage =
            "The checkpoint is damaged: its SHA-256 checksum does not match its contents. Resume from another checkpoint or start the run again.";
        Assert.Equal(checksumMessage, flippedError.Message);
        Assert.Equal(checksumMessage, truncatedError.Message);
        Assert.StartsWith("The checkpoint is damaged: it has 10 bytes, fewer than the 88 of the smallest checkpoint.", tinyError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_UnknownVersionRejected()
    {
        EngineCheckpoint checkpoint = await CheckpointAfterStopAsync(Base);
        byte[] state = [.. checkpoint.State];
        state[CheckpointFormat.VersionOffset] = 1;

        ExperimentException error = await ResumeErrorAsync(Base, new EngineCheckpoint(StopAfter, 0, state));

        Assert.Equal(
            "The checkpoint has format version 1, but this engine reads only version 2. Resume it with the FedWorkbench version that wrote it, or start the run again.",
            error.Message);
    }

    [Fact]
    public async Task Resume_ForeignDataRejected()
    {
        byte[] state = new byte[200];
        "PK"u8.CopyTo(state);

        ExperimentException error = await ResumeErrorAsync(Base, new EngineCheckpoint(1, 0, state));

        Assert.StartsWith("The data is not a FedWorkbench engine checkpoint, because it does not start with \"FWCK\".", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_RoundBeyondConfigRejected()
    {
        // Arrange: a checkpoint after round 3 of 4, resumed with 2 rounds.
        List<CheckpointedRound> rounds = await CollectAsync(CreateSimulation(1).RunWithCheckpointsAsync(Base, null, new CheckpointSettings(), null), 3);

        // Act
        ExperimentException error = await ResumeErrorAsync(Base with { Rounds = 2 }, rounds[^1].Checkpoint!);

        // Assert
        Assert.Equal(
            "The checkpoint was taken after round 3, but the experiment has only 2 rounds. Resume with the configuration the run started with.",
            error.Message);
    }

    [Fact]
    public async Task Resume_MislabelledRoundRejected()
    {
        EngineCheckpoint checkpoint = await CheckpointAfterStopAsync(Base);

        ExperimentException error = await ResumeErrorAsync(Base, new EngineCheckpoint(1, 0, checkpoint.State));

        Assert.Equal(
            "The checkpoint cannot be restored, because its state was taken after round 2, but it is labelled as taken after round 1. Resume from another checkpoint or start the run again.",
            error.Message);
    }

    [Fact]
    public async Task Resume_OtherModelSizeRejected()
    {
        // Arrange: the same configuration over a dataset with more features, as after a dataset update.
        EngineCheckpoint checkpoint = await CheckpointAfterStopAsync(Base);
        Dataset wider = InMemoryData.CreateBlobs(classes: 5, features: 21, trainCount: 600, testCount: 200, seed: 4);
        var simulation = new FederatedSimulation(_ => wider, Split, new SimulationOptions { MaxDegreeOfParallelism = 1 });

        // Act
        ExperimentException error = await Assert.ThrowsAsync<ExperimentException>(
            () => CollectAsync(simulation.RunWithCheckpointsAsync(Base, checkpoint, new CheckpointSettings(), null)));

        // Assert: 20·16 + 16 + 16·5 + 5 = 421 parameters stored, 437 with 21 features.
        Assert.Equal(
            "The checkpoint contains a model of 421 parameters, but this run's model has 437. The dataset has probably changed since the checkpoint was taken, so start the run again.",
            error.Message);
    }

    [Fact]
    public void ClientVectorsSection_RoundTripsSparseRows()
    {
        // Arrange: rows 1 and 3 of 5 allocated, with a NaN payload and a negative zero that must survive bit for bit.
        float nan = BitConverter.Int32BitsToSingle(0x7FC0_1234);
        float[]?[] rows = [null, [1.5f, -0.0f, nan], null, [float.MaxValue, float.Epsilon, -2f], null];
        var section = new ClientVectorsSection("TEST", "test vectors", rows, 3);
        var buffer = new byte[section.PayloadBytes];
        var writer = new CheckpointWriter(buffer);
        section.Write(ref writer);
        float[]?[] restored = [[9f, 9f, 9f], null, null, null, null];
        var target = new ClientVectorsSection("TEST", "test vectors", restored, 3);

        // Act
        var reader = new CheckpointReader(buffer);
        target.Read(ref reader);

        // Assert: 8 bytes of counts and 2 rows of 4 + 3·4 bytes.
        Assert.Equal(8 + (2 * 16), buffer.Length);
        Assert.Equal(buffer.Length, reader.Position);
        Assert.Null(restored[0]);
        Assert.Null(restored[2]);
        Assert.Null(restored[4]);
        Assert.Equal(rows[1]!.Select(BitConverter.SingleToInt32Bits), restored[1]!.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(rows[3]!.Select(BitConverter.SingleToInt32Bits), restored[3]!.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal("test vectors of 2 clients", section.Describe());
    }

    [Fact]
    public void ClientVectorsSection_EmptyWritesOnlyCounts()
    {
        var section = new ClientVectorsSection("TEST", "test vectors", new float[1_000][], 50);

        Assert.Equal(8, section.PayloadBytes);
        Assert.Equal(0, section.AllocatedCount);
    }

    [Fact]
    public void ClientVectorsSection_DescendingClientsRejected()
    {
        // Arrange: vector length 1, two rows listed as client 2 and then client 1.
        byte[] payload = new byte[8 + (2 * 8)];
        var writer = new CheckpointWriter(payload);
        writer.WriteInt32(1);
        writer.WriteInt32(2);
        writer.WriteInt32(2);
        writer.WriteFloats([1f]);
        writer.WriteInt32(1);
        writer.WriteFloats([2f]);
        var section = new ClientVectorsSection("TEST", "test vectors", new float[3][], 1);

        // Act
        ExperimentException error = Assert.Throws<ExperimentException>(() =>
        {
            var reader = new CheckpointReader(payload);
            section.Read(ref reader);
        });

        // Assert
        Assert.Contains("lists client 1 after client 2, but clients must be ascending and below 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fingerprint_IgnoresOnlyName()
    {
        byte[] fingerprint = CheckpointFormat.Fingerprint(Base);

        Assert.Equal(fingerprint, CheckpointFormat.Fingerprint(Base with { Name = "other" }));
        Assert.NotEqual(fingerprint, CheckpointFormat.Fingerprint(Base with { LearningRate = 0.051 }));
        Assert.NotEqual(fingerprint, CheckpointFormat.Fingerprint(Base with { Rounds = 5 }));
        Assert.Equal(32, fingerprint.Length);
    }

    private static ExperimentConfig Scenario(string name) => name switch
    {
        "fedavg" => Base,
        "fedprox" => Base with { Strategy = StrategyKind.FedProx, ProximalMu = 0.1 },
        "fedavgm" => Base with { Strategy = StrategyKind.FedAvgM, ServerMomentum = 0.9 },
        "fedadagrad" => Base with { Strategy = StrategyKind.FedAdagrad },
        "fedadam" => Base with { Strategy = StrategyKind.FedAdam },
        "fedyogi" => Base with { Strategy = StrategyKind.FedYogi },
        "fednova" => Base with { Strategy = StrategyKind.FedNova, Momentum = 0.5, Partition = PartitionKind.Quantity },
        "scaffold" => Base with { Strategy = StrategyKind.Scaffold },
        "topk" => Base with { Compression = CompressionKind.TopK, TopKFraction = 0.1 },
        "q8" => Base with { Compression = CompressionKind.Q8 },
        "q4" => Base with { Compression = CompressionKind.Q4 },
        "scaffold-topk" => Base with { Strategy = StrategyKind.Scaffold, Compression = CompressionKind.TopK, TopKFraction = 0.2 },
        "central-dp" => Base with { DifferentialPrivacy = DifferentialPrivacyKind.Central, ClipNorm = 0.5, NoiseMultiplier = 0.5 },
        "adaptive-clipping" => Base with
        {
            DifferentialPrivacy = DifferentialPrivacyKind.CentralAdaptive,
            ClipNorm = 0.05,
            NoiseMultiplier = 0.5,
            ClipQuantile = 0.5,
            ClipLearningRate = 0.2,
        },
        "client-dp" => Base with { DifferentialPrivacy = DifferentialPrivacyKind.Client, ClipNorm = 0.5, NoiseMultiplier = 0.5 },
        "local-dp" => Base with { DifferentialPrivacy = DifferentialPrivacyKind.Local, ClipNorm = 0.5, LocalEpsilon = 5 },
        "secure-aggregation" => Base with { SecureAggregation = true, SecureAggregationThreshold = 0.5, Dropout = 0.2 },
        "client-dp-secure" => Base with
        {
            DifferentialPrivacy = DifferentialPrivacyKind.Client,
            ClipNorm = 0.5,
            NoiseMultiplier = 0.5,
            SecureAggregation = true,
            SecureAggregationThreshold = 0.5,
        },
        "client-groups" => Base with
        {
            Strategy = StrategyKind.FedAvgM,
            ClientGroups =
            [
                new ClientGroupConfig { Name = "Phones", Count = 7, DataShare = 0.6 },
                new ClientGroupConfig
                {
                    Name = "Tablets",
                    Count = 5,
                    DataShare = 0.4,
                    Partition = PartitionKind.Dirichlet,
                    DirichletAlpha = 0.5,
                    MinClientSize = 5,
                    Dropout = 0.4,
                    Attack = AttackKind.SignFlip,
                    MaliciousFraction = 0.2,
                },
            ],
        },
        "poisson" => Base with { Sampling = ClientSamplingKind.Poisson, Strategy = StrategyKind.Scaffold },
        "dropout-deadline" => Base with
        {
            Strategy = StrategyKind.FedYogi,
            Dropout = 0.3,
            OverSelection = 0.5,
            RoundDeadlineSeconds = 0.1,
            ComputeSpeedSpread = 0.8,
        },
        "krum-attack" => Base with
        {
            Aggregation = AggregationKind.Krum,
            AssumedAttackers = 1,
            Attack = AttackKind.Gaussian,
            MaliciousFraction = 0.2,
            Compression = CompressionKind.TopK,
            TopKFraction = 0.1,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown checkpoint scenario."),
    };

    private static async Task<EngineCheckpoint> CheckpointAfterStopAsync(ExperimentConfig config)
    {
        List<CheckpointedRound> rounds = await CollectAsync(CreateSimulation(1).RunWithCheckpointsAsync(config, null, new CheckpointSettings(), null), StopAfter);
        return rounds[^1].Checkpoint!;
    }

    private static Task<ExperimentException> ResumeErrorAsync(ExperimentConfig config, EngineCheckpoint checkpoint) =>
        Assert.ThrowsAsync<ExperimentException>(() => CollectAsync(CreateSimulation(1).RunWithCheckpointsAsync(config, checkpoint, new CheckpointSettings(), null)));

    /// <summary>Restores <paramref name="checkpoint"/> into a new run and returns its global model.</summary>
    private static float[] GlobalModelOf(ExperimentConfig config, EngineCheckpoint checkpoint)
    {
        FederatedRun run = FederatedRun.Create(config, _ => Blobs, Split, 1, NullLogger.Instance);
        run.Restore(checkpoint, FederatedRun.VerifyCheckpoint(checkpoint, config));
        return run.GlobalParameters.ToArray();
    }

    /// <summary>Asserts that every field of the two rounds but the wall-clock timings is bit-identical.</summary>
    private static void AssertSameMetrics(RoundResult expected, RoundResult actual)
    {
        Assert.Equal(expected.Round, actual.Round);
        AssertSameBits(expected.TestAccuracy, actual.TestAccuracy, nameof(RoundResult.TestAccuracy));
        AssertSameBits(expected.TestLoss, actual.TestLoss, nameof(RoundResult.TestLoss));
        AssertSameBits(expected.TrainLoss, actual.TrainLoss, nameof(RoundResult.TrainLoss));
        Assert.Equal(expected.SampledClients, actual.SampledClients);
        Assert.Equal(expected.AggregatedClients, actual.AggregatedClients);
        Assert.Equal(expected.TrainedSamples, actual.TrainedSamples);
        Assert.Equal(expected.RejectedUpdates, actual.RejectedUpdates);
        Assert.Equal(expected.ReportedClients, actual.ReportedClients);
        Assert.Equal(expected.DroppedClients, actual.DroppedClients);
        Assert.Equal(expected.MaliciousClients, actual.MaliciousClients);
        Assert.Equal(expected.BytesDown, actual.BytesDown);
        Assert.Equal(expected.BytesUp, actual.BytesUp);
        AssertSameBits(expected.SimulatedSeconds, actual.SimulatedSeconds, nameof(RoundResult.SimulatedSeconds));
        Assert.Equal(expected.ClientAccuracy, actual.ClientAccuracy);
        Assert.Equal(expected.GroupAccuracy, actual.GroupAccuracy);
        Assert.Equal(expected.GlobalModelKeptReason, actual.GlobalModelKeptReason);
        Assert.Equal(expected.Epsilon, actual.Epsilon);
        Assert.Equal(expected.ClipNorm, actual.ClipNorm);
        Assert.Equal(expected.ClippedFraction, actual.ClippedFraction);
        Assert.Equal(expected.SecureAggregationBytes, actual.SecureAggregationBytes);
        Assert.Equal(expected.MaskedUpdate?.Client, actual.MaskedUpdate?.Client);
        Assert.Equal(expected.MaskedUpdate?.Update, actual.MaskedUpdate?.Update);
        Assert.Equal(expected.MaskedUpdate?.Masked, actual.MaskedUpdate?.Masked);
    }

    private static void AssertSameBits(double expected, double actual, string field) =>
        Assert.True(
            BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual),
            $"{field}: expected {expected:R}, got {actual:R}.");

    private static FederatedSimulation CreateSimulation(int threads) =>
        new(_ => Blobs, Split, new SimulationOptions { MaxDegreeOfParallelism = threads });

    private static ClientPartition Split(ExperimentConfig config, Dataset dataset) =>
        Partitioner.Split(config, dataset.Train.Labels, dataset.ClassCount);

    /// <summary>Collects the rounds of <paramref name="rounds"/>, stopping after <paramref name="limit"/> as an interrupted run does.</summary>
    private static async Task<List<CheckpointedRound>> CollectAsync(IAsyncEnumerable<CheckpointedRound> rounds, int limit = int.MaxValue)
    {
        var results = new List<CheckpointedRound>();
        await foreach (CheckpointedRound round in rounds)
        {
            results.Add(round);
            if (results.Count == limit)
            {
                break;
            }
        }

        return results;
    }

    /// <summary>Records the event id, level and message of every log entry.</summary>
    private sealed class RecordingLogger : ILogger<FederatedSimulation>
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
