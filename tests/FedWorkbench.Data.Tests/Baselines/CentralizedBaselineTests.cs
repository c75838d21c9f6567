using System.Diagnostics;
using FedWorkbench.Data.Baselines;
using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Training;

namespace FedWorkbench.Data.Tests.Baselines;

public sealed class CentralizedBaselineTests
{
    // Four classes with means 4·e_c, which are 4√2 ≈ 5.66 standard deviations apart. The Bayes classifier confuses
    // two classes with probability Φ(−5.66 / 2) ≈ 0.0023, so by the union bound over the three other classes it is
    // right at least 99.3% of the time. A linear model is Bayes-optimal for these equal-covariance blobs.
    private static readonly Dataset Blobs = BlobData.Create(classes: 4, features: 10, trainCount: 2_000, testCount: 1_000, separation: 4, seed: 11);

    private static readonly BaselineSettings Settings = new()
    {
        Seed = 5,
        Model = ModelKind.Mlp,
        HiddenLayers = [16],
        LearningRate = 0.05,
        BatchSize = 10,
        Epochs = 3,
    };

    private static readonly SimulationOptions EngineOptions = new() { MaxDegreeOfParallelism = 2 };

    private readonly CentralizedBaseline _baseline = new(EngineOptions);

    [Theory]
    [InlineData(BaselineKind.Engine)]
    [InlineData(BaselineKind.MaximumEntropy)]
    [InlineData(BaselineKind.LightGbm)]
    public void Train_SeparableBlobs_ReachesHighAccuracy(BaselineKind kind)
    {
        // Act
        BaselineResult result = _baseline.Train(kind, Blobs, Settings, CancellationToken.None);

        // Assert: the bound leaves 4.3 points below the Bayes accuracy of 99.3% for fitting on 2,000 samples.
        Assert.Equal(kind, result.Kind);
        Assert.True(result.TestAccuracy >= 0.95, $"{kind} reached test accuracy {result.TestAccuracy}, below 0.95.");
        Assert.NotNull(result.TestLogLoss);
        Assert.InRange(result.TestLogLoss.Value, 0, 0.3);
        Assert.Equal(2_000, result.TrainingSamples);
        Assert.Equal(1_000, result.TestSamples);
        Assert.True(result.Seconds > 0);
        Assert.Contains("seed 5", result.Description);
    }

    [Theory]
    [InlineData(BaselineKind.Engine)]
    [InlineData(BaselineKind.MaximumEntropy)]
    public void Train_SameSeed_GivesSameScores(BaselineKind kind)
    {
        // Act
        BaselineResult first = _baseline.Train(kind, Blobs, Settings, CancellationToken.None);
        BaselineResult second = _baseline.Train(kind, Blobs, Settings, CancellationToken.None);

        // Assert
        Assert.Equal(first.TestAccuracy, second.TestAccuracy);
        Assert.Equal(first.TestLogLoss, second.TestLogLoss);
        Assert.Equal(first.Description, second.Description);
    }

    [Fact]
    public async Task Train_Engine_MatchesOneClientRun()
    {
        // Arrange: the run that trains centrally, built by hand from the settings.
        var config = new ExperimentConfig
        {
            Dataset = DatasetKind.Table,
            Model = Settings.Model,
            HiddenLayers = Settings.HiddenLayers,
            LearningRate = Settings.LearningRate,
            BatchSize = Settings.BatchSize,
            Rounds = Settings.Epochs,
            Seed = Settings.Seed,
            Clients = 1,
            ClientFraction = 1,
            LocalEpochs = 1,
            ClientTestFraction = 0,
            Partition = PartitionKind.Iid,
        };
        var simulation = new FederatedSimulation(Blobs, EngineOptions);

        // Act
        RoundResult? last = null;
        await foreach (RoundResult round in simulation.RunAsync(config))
        {
            last = round;
        }

        BaselineResult result = _baseline.Train(BaselineKind.Engine, Blobs, Settings, CancellationToken.None);

        // Assert: each round is one epoch of the single client over all 2,000 training samples.
        Assert.NotNull(last);
        Assert.Equal(Settings.Epochs, last.Round);
        Assert.Equal(2_000, last.TrainedSamples);
        Assert.Equal(last.TestAccuracy, result.TestAccuracy);
        Assert.Equal(last.TestLoss, result.TestLogLoss);
    }

    [Theory]
    [InlineData(BaselineKind.Engine)]
    [InlineData(BaselineKind.MaximumEntropy)]
    [InlineData(BaselineKind.LightGbm)]
    public void Train_ShuffledTestLabels_GivesChanceAccuracy(BaselineKind kind)
    {
        // Arrange: the training split is intact, so a score computed on it would be near 1.
        Dataset shuffled = BlobData.WithShuffledTestLabels(Blobs, seed: 3);

        // Act
        BaselineResult result = _baseline.Train(kind, shuffled, Settings, CancellationToken.None);

        // Assert: with 250 test labels per class in random order, accuracy is 1/4 with a standard deviation of
        // √(0.25 · 0.75 / 1,000) ≈ 0.014, and ±0.06 is more than four standard deviations.
        Assert.InRange(result.TestAccuracy, 0.19, 0.31);
    }

    [Theory]
    [InlineData(BaselineKind.Engine)]
    [InlineData(BaselineKind.MaximumEntropy)]
    [InlineData(BaselineKind.LightGbm)]
    public void Train_CancelledToken_Throws(BaselineKind kind)
    {
        // Arrange
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        // Act and assert
        Assert.ThrowsAny<OperationCanceledException>(() => _baseline.Train(kind, Blobs, Settings, cancellation.Token));
    }

    [Fact]
    public void Train_MaximumEntropyCancelledMidway_StopsPromptly()
    {
        // Arrange: with no separation the 1,000 features are noise, and fitting their 4,000 labels takes L-BFGS
        // many passes, far longer than the 0.3 s before the cancel.
        Dataset noise = BlobData.Create(classes: 10, features: 1_000, trainCount: 4_000, testCount: 10, separation: 0, seed: 2);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(0.3));
        var clock = Stopwatch.StartNew();

        // Act
        Assert.ThrowsAny<OperationCanceledException>(() => _baseline.Train(BaselineKind.MaximumEntropy, noise, Settings, cancellation.Token));

        // Assert: one pass over 4,000 × 1,000 features takes well under a second.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Training stopped {clock.Elapsed.TotalSeconds:F1} s after it started.");
    }

    [Fact]
    public void Train_EngineCancelledMidway_StopsPromptly()
    {
        // Arrange: 1,000 epochs of a 256-unit MLP over 4,000 samples take far longer than the 0.3 s before the cancel.
        Dataset blobs = BlobData.Create(classes: 4, features: 50, trainCount: 4_000, testCount: 10, separation: 1, seed: 2);
        BaselineSettings settings = Settings with { HiddenLayers = [256], Epochs = ExperimentLimits.MaxRounds };
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(0.3));
        var clock = Stopwatch.StartNew();

        // Act
        Assert.ThrowsAny<OperationCanceledException>(() => _baseline.Train(BaselineKind.Engine, blobs, settings, cancellation.Token));

        // Assert: the engine checks the token at every minibatch.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Training stopped {clock.Elapsed.TotalSeconds:F1} s after it started.");
    }

    [Theory]
    [InlineData(BaselineKind.MaximumEntropy)]
    [InlineData(BaselineKind.LightGbm)]
    public void Train_AboveSampleCap_FitsSubsample(BaselineKind kind)
    {
        // Act
        BaselineResult result = _baseline.Train(kind, Blobs, Settings with { MaxTrainingSamples = 500 }, CancellationToken.None);

        // Assert: 500 samples still separate the blobs, and the whole test split is scored.
        Assert.Equal(500, result.TrainingSamples);
        Assert.Equal(1_000, result.TestSamples);
        Assert.Contains("subsample of 500 of the 2,000 training samples", result.Description);
        Assert.True(result.TestAccuracy >= 0.95, $"{kind} reached test accuracy {result.TestAccuracy} on 500 samples, below 0.95.");
    }

    [Fact]
    public void Train_EngineIgnoresSampleCap()
    {
        // Act
        BaselineResult result = _baseline.Train(BaselineKind.Engine, Blobs, Settings with { MaxTrainingSamples = 500 }, CancellationToken.None);

        // Assert
        Assert.Equal(2_000, result.TrainingSamples);
    }

    [Fact]
    public void ChooseTrainingSamples_DrawsSortedSubsample()
    {
        // Act
        int[] all = MLNetBaseline.ChooseTrainingSamples(100, maxSamples: 100, seed: 1);
        int[] first = MLNetBaseline.ChooseTrainingSamples(100, maxSamples: 30, seed: 1);
        int[] second = MLNetBaseline.ChooseTrainingSamples(100, maxSamples: 30, seed: 1);
        int[] other = MLNetBaseline.ChooseTrainingSamples(100, maxSamples: 30, seed: 2);

        // Assert
        Assert.Equal(Enumerable.Range(0, 100), all);
        Assert.Equal(30, first.Length);
        Assert.Equal(first.Distinct().Order(), first);
        Assert.All(first, sample => Assert.InRange(sample, 0, 99));
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Train_InvalidSettings_Throw()
    {
        // Act and assert
        ExperimentException epochs = Assert.Throws<ExperimentException>(
            () => _baseline.Train(BaselineKind.Engine, Blobs, Settings with { Epochs = 0 }, CancellationToken.None));
        ExperimentException learningRate = Assert.Throws<ExperimentException>(
            () => _baseline.Train(BaselineKind.Engine, Blobs, Settings with { LearningRate = -1 }, CancellationToken.None));
        ExperimentException cap = Assert.Throws<ExperimentException>(
            () => _baseline.Train(BaselineKind.LightGbm, Blobs, Settings with { MaxTrainingSamples = 0 }, CancellationToken.None));

        Assert.Contains("Epochs 0", epochs.Message);
        Assert.Contains("Learning rate -1", learningRate.Message);
        Assert.Contains("Maximum training samples 0", cap.Message);
    }

    [Fact]
    public void Train_EmptyTestSplit_Throws()
    {
        // Arrange
        var empty = new Dataset("no test", Blobs.FeatureCount, Blobs.ClassNames, Blobs.Train, new DataSplit([], [], Blobs.FeatureCount));

        // Act
        ExperimentException error = Assert.Throws<ExperimentException>(
            () => _baseline.Train(BaselineKind.MaximumEntropy, empty, Settings, CancellationToken.None));

        // Assert
        Assert.Contains("0 test samples", error.Message);
    }
}
