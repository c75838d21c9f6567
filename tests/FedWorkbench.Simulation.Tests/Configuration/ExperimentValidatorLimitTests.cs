using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Simulation.Tests.Configuration;

/// <summary>Limits that bound one run's memory and time: per-client state, distance-based rules and slow clients.</summary>
public sealed class ExperimentValidatorLimitTests
{
    [Fact]
    public void Validate_ScaffoldWithTopK_CountsBothStates()
    {
        // Arrange: the default 784-200-200-10 MLP has 199,210 parameters. 400 clients × 199,210 × 4 bytes is
        // 304 MiB, under 512 MiB for one state, but SCAFFOLD and top-k keep two: 608 MiB, and 336 clients fit.
        var config = new ExperimentConfig { Clients = 400, Strategy = StrategyKind.Scaffold, Compression = CompressionKind.TopK };

        // Act
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(config);

        // Assert
        ValidationError error = Assert.Single(errors);
        Assert.Equal(nameof(ExperimentConfig.Strategy), error.Field);
        Assert.Contains("400 clients × 2 × 199,210 parameters", error.Message, StringComparison.Ordinal);
        Assert.Contains("use at most 336 clients", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ScaffoldAloneUnderLimit_Accepted()
    {
        // Arrange: the same 400 clients with SCAFFOLD only keep 304 MiB.
        var config = new ExperimentConfig { Clients = 400, Strategy = StrategyKind.Scaffold };

        // Act
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(config);

        // Assert
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(AggregationKind.Krum)]
    [InlineData(AggregationKind.MultiKrum)]
    [InlineData(AggregationKind.Bulyan)]
    public void Validate_DistanceRuleOverUpdateLimit_Rejected(AggregationKind aggregation)
    {
        // Arrange: softmax on Fashion-MNIST with 1,002 of 10,000 clients per round. The updates fit the memory
        // limit, but the rule would compare more than 500 updates pairwise.
        var config = new ExperimentConfig
        {
            Model = ModelKind.Softmax, Clients = 10_000, ClientFraction = 0.1002, Aggregation = aggregation,
        };

        // Act
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(config);

        // Assert
        ValidationError error = Assert.Single(errors);
        Assert.Equal(nameof(ExperimentConfig.Aggregation), error.Field);
        Assert.Contains("1,002 selected clients", error.Message, StringComparison.Ordinal);
        Assert.Contains("select at most 500", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MedianOverDistanceLimit_Accepted()
    {
        // Arrange: the median sorts per coordinate, so the limit on compared pairs does not apply.
        var config = new ExperimentConfig
        {
            Model = ModelKind.Softmax, Clients = 10_000, ClientFraction = 0.1002, Aggregation = AggregationKind.Median,
        };

        // Act
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(config);

        // Assert
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(nameof(ExperimentConfig.ComputeSpeedMedian), 0.009, "[0.01, 1000000000]")]
    [InlineData(nameof(ExperimentConfig.BandwidthMedianMbps), 1e-320, "[0.001, 1000000]")]
    public void Validate_SystemBelowMinimum_Rejected(string field, double value, string range)
    {
        // Arrange
        var config = field == nameof(ExperimentConfig.ComputeSpeedMedian)
            ? new ExperimentConfig { ComputeSpeedMedian = value }
            : new ExperimentConfig { BandwidthMedianMbps = value };

        // Act
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(config);

        // Assert
        ValidationError error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        Assert.Contains(range, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NullHiddenLayers_Rejected()
    {
        // Arrange: softmax regression ignores the widths, but a null list cannot be edited later.
        var config = new ExperimentConfig { Model = ModelKind.Softmax, HiddenLayers = null! };

        // Act
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(config);

        // Assert
        ValidationError error = Assert.Single(errors);
        Assert.Equal(nameof(ExperimentConfig.HiddenLayers), error.Field);
    }

    [Theory]
    [InlineData('\u2028')]
    [InlineData('\u2029')]
    public void Validate_NameWithLineSeparator_Rejected(char separator)
    {
        // Arrange: line and paragraph separators break lines in logs and pages like a newline.
        var config = new ExperimentConfig { Name = $"first{separator}second" };

        // Act
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(config);

        // Assert
        ValidationError error = Assert.Single(errors);
        Assert.Equal(nameof(ExperimentConfig.Name), error.Field);
        Assert.Contains("position 6", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_RobustRuleAsStrategy_PointsToAggregation()
    {
        // Act
        ExperimentException error = Assert.Throws<ExperimentException>(() => ExperimentJson.Deserialize("{\"strategy\": \"krum\"}"));

        // Assert
        Assert.Contains("values of \"aggregation\"", error.Message, StringComparison.Ordinal);
    }
}
