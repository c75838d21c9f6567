using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Data;

namespace FedWorkbench.Simulation.Tests.Strategies;

public sealed class StrategyValidationTests
{
    /// <summary>Parameters of the default 784-200-200-10 multilayer perceptron on Fashion-MNIST.</summary>
    private const int FashionMnistMlpParameters = (785 * 200) + (201 * 200) + (201 * 10);

    private static ValidationError SingleError(ExperimentConfig config, string field)
    {
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(config);
        ValidationError error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        return error;
    }

    [Fact]
    public void EveryStrategyWithDefaults_IsValid()
    {
        foreach (StrategyKind strategy in Enum.GetValues<StrategyKind>())
        {
            Assert.Empty(ExperimentValidator.Validate(new ExperimentConfig { Strategy = strategy }));
        }
    }

    [Fact]
    public void EveryAggregationWithDefaults_IsValid()
    {
        // The defaults sample m = 10 of 100 clients and assume f = 1: Krum needs 5 updates, Bulyan 7.
        foreach (AggregationKind aggregation in Enum.GetValues<AggregationKind>())
        {
            Assert.Empty(ExperimentValidator.Validate(new ExperimentConfig { Aggregation = aggregation }));
        }
    }

    [Fact]
    public void UnknownStrategy_ListsNames()
    {
        ValidationError error = SingleError(new ExperimentConfig { Strategy = (StrategyKind)42 }, nameof(ExperimentConfig.Strategy));

        Assert.Contains("Strategy 42 is unknown", error.Message, StringComparison.Ordinal);
        Assert.Contains("fedavg, fedavgm, fedprox, fedadagrad, fedadam, fedyogi, fednova, scaffold", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownAggregation_ListsNames()
    {
        ValidationError error = SingleError(new ExperimentConfig { Aggregation = (AggregationKind)42 }, nameof(ExperimentConfig.Aggregation));

        Assert.Contains("mean, median, trimmed-mean, krum, multi-krum, bulyan", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<ExperimentConfig, string, string> OutOfRange => new()
    {
        { new() { Strategy = StrategyKind.FedProx, ProximalMu = -0.1 }, nameof(ExperimentConfig.ProximalMu), "FedProx μ -0.1 is outside [0, 100]" },
        { new() { Strategy = StrategyKind.FedProx, ProximalMu = double.NaN }, nameof(ExperimentConfig.ProximalMu), "FedProx μ NaN" },
        { new() { Strategy = StrategyKind.FedAdam, ServerLearningRate = 0 }, nameof(ExperimentConfig.ServerLearningRate), "use the fedadam default 0.01" },
        { new() { Strategy = StrategyKind.FedAvgM, ServerLearningRate = 10.5 }, nameof(ExperimentConfig.ServerLearningRate), "outside (0, 10]" },
        { new() { Strategy = StrategyKind.FedAvgM, ServerMomentum = 1 }, nameof(ExperimentConfig.ServerMomentum), "Server momentum β 1 is outside [0, 1)" },
        { new() { Strategy = StrategyKind.FedAdagrad, Beta1 = -0.1 }, nameof(ExperimentConfig.Beta1), "β1 -0.1 is outside [0, 1)" },
        { new() { Strategy = StrategyKind.FedYogi, Beta2 = 1 }, nameof(ExperimentConfig.Beta2), "β2 1 is outside [0, 1)" },
        { new() { Strategy = StrategyKind.FedAdam, Tau = 0 }, nameof(ExperimentConfig.Tau), "Adaptivity τ 0 is outside (0, 1]" },
        { new() { Aggregation = AggregationKind.TrimmedMean, TrimFraction = 0.5 }, nameof(ExperimentConfig.TrimFraction), "Trim fraction β 0.5 is outside [0, 0.5)" },
        { new() { Aggregation = AggregationKind.Krum, AssumedAttackers = -1 }, nameof(ExperimentConfig.AssumedAttackers), "f -1 is negative" },
        { new() { Aggregation = AggregationKind.MultiKrum, KrumSelected = 0 }, nameof(ExperimentConfig.KrumSelected), "m 0 is below 1" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void OutOfRangeValue_NamesField(ExperimentConfig config, string field, string message)
    {
        ValidationError error = SingleError(config, field);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnusedHyperparameters_AreNotChecked()
    {
        // FedAvg reads none of these, so their invalid values do not block the run.
        var config = new ExperimentConfig { ProximalMu = -1, ServerLearningRate = -1, ServerMomentum = 2, Beta1 = 2, Tau = 0, TrimFraction = 0.9, AssumedAttackers = -1 };

        Assert.Empty(ExperimentValidator.Validate(config));
    }

    [Theory]
    [InlineData(StrategyKind.FedNova, AggregationKind.Median)]
    [InlineData(StrategyKind.Scaffold, AggregationKind.Krum)]
    public void MeanOnlyStrategy_RejectsRobustRule(StrategyKind strategy, AggregationKind aggregation)
    {
        ValidationError error = SingleError(new ExperimentConfig { Strategy = strategy, Aggregation = aggregation }, nameof(ExperimentConfig.Aggregation));

        Assert.Contains($"cannot use the {ExperimentNames.Of(aggregation)} aggregation", error.Message, StringComparison.Ordinal);
        Assert.Contains("choose the mean aggregation", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Krum_TooManyAttackersForRound_Rejected()
    {
        // Arrange: m = ⌊0.05·100⌋ = 5 clients per round; f = 2 needs 2f + 3 = 7.
        var config = new ExperimentConfig { Aggregation = AggregationKind.Krum, ClientFraction = 0.05, AssumedAttackers = 2 };

        // Act
        ValidationError error = SingleError(config, nameof(ExperimentConfig.AssumedAttackers));

        // Assert: with 5 updates, f ≤ (5 − 3)/2 = 1.
        Assert.Contains("2f + 3 = 7 updates per round", error.Message, StringComparison.Ordinal);
        Assert.Contains("the experiment samples 5 clients per round", error.Message, StringComparison.Ordinal);
        Assert.Contains("set the assumed attackers f to at most 1, or sample at least 7 clients per round", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10, false)]
    [InlineData(11, true)]
    public void Bulyan_NeedsFourFPlusThree(int clientsPerRound, bool valid)
    {
        // f = 2 needs 4f + 3 = 11 updates.
        var config = new ExperimentConfig { Aggregation = AggregationKind.Bulyan, ClientFraction = clientsPerRound / 100.0, AssumedAttackers = 2 };

        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(config);

        if (valid)
        {
            Assert.Empty(errors);
        }
        else
        {
            ValidationError error = Assert.Single(errors);
            Assert.Equal(nameof(ExperimentConfig.AssumedAttackers), error.Field);
            Assert.Contains("Bulyan with f = 2 assumed attackers needs at least 4f + 3 = 11", error.Message, StringComparison.Ordinal);
            Assert.Contains("set the assumed attackers f to at most 1", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void MultiKrum_SelectedAboveRound_Rejected()
    {
        // m = 11 of the 10 updates of a round.
        var config = new ExperimentConfig { Aggregation = AggregationKind.MultiKrum, KrumSelected = 11 };

        ValidationError error = SingleError(config, nameof(ExperimentConfig.KrumSelected));

        Assert.Contains("Multi-Krum averages m = 11 updates, but a round has at most 10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RobustRule_TooMuchMemory_Rejected()
    {
        // Arrange: every one of 10,000 clients each round, 10,000 × P × 4 bytes far above 256 MiB.
        var config = new ExperimentConfig { Aggregation = AggregationKind.Median, Clients = 10_000, ClientFraction = 1 };
        long fitting = ExperimentLimits.MaxRobustAggregationBytes / (FashionMnistMlpParameters * 4L);

        // Act
        ValidationError error = SingleError(config, nameof(ExperimentConfig.Aggregation));

        // Assert
        Assert.Contains("10,000 selected clients × 199,210 parameters × 4 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains($"select at most {fitting:N0} clients per round", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RobustRule_OverSelectionCountsInMemory()
    {
        // Arrange: the largest m that fits, then 10% over-selection pushes it over.
        int fitting = (int)(ExperimentLimits.MaxRobustAggregationBytes / (FashionMnistMlpParameters * 4L));
        var config = new ExperimentConfig { Aggregation = AggregationKind.TrimmedMean, Clients = 1_000, ClientFraction = fitting / 1_000.0 };

        // Act, Assert
        Assert.Empty(ExperimentValidator.Validate(config));
        SingleError(config with { OverSelection = 0.1 }, nameof(ExperimentConfig.Aggregation));
    }

    [Theory]
    [InlineData(DatasetKind.FashionMnist)]
    [InlineData(DatasetKind.Synthetic)]
    public void Scaffold_ClientStateLimit(DatasetKind dataset)
    {
        // Arrange: K·P·4 bytes against 512 MiB, with P of the default MLP on each dataset.
        int features = dataset == DatasetKind.FashionMnist ? FashionMnistLoader.FeatureCount : SyntheticDataset.FeatureCount;
        int parameters = ((features + 1) * 200) + (201 * 200) + (201 * 10);
        int maxClients = (int)(ExperimentLimits.MaxClientStateBytes / (parameters * 4L));
        var config = new ExperimentConfig { Dataset = dataset, Strategy = StrategyKind.Scaffold, Clients = maxClients };

        // Act
        IReadOnlyList<ValidationError> fits = ExperimentValidator.Validate(config);
        ValidationError error = SingleError(config with { Clients = maxClients + 1 }, nameof(ExperimentConfig.Strategy));

        // Assert
        Assert.Empty(fits);
        Assert.Contains($"{parameters:N0} parameters", error.Message, StringComparison.Ordinal);
        Assert.Contains($"use at most {maxClients:N0} clients", error.Message, StringComparison.Ordinal);
    }
}
