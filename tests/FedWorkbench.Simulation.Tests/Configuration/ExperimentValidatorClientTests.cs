using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Simulation.Tests.Configuration;

public sealed class ExperimentValidatorClientTests
{
    public static TheoryData<ExperimentConfig, string> InvalidSettings => new()
    {
        { new ExperimentConfig { Momentum = 1 }, nameof(ExperimentConfig.Momentum) },
        { new ExperimentConfig { Momentum = -0.1 }, nameof(ExperimentConfig.Momentum) },
        { new ExperimentConfig { WeightDecay = -1e-4 }, nameof(ExperimentConfig.WeightDecay) },
        { new ExperimentConfig { WeightDecay = ExperimentLimits.MaxWeightDecay * 2 }, nameof(ExperimentConfig.WeightDecay) },
        { new ExperimentConfig { Dropout = 1 }, nameof(ExperimentConfig.Dropout) },
        { new ExperimentConfig { Dropout = double.NaN }, nameof(ExperimentConfig.Dropout) },
        { new ExperimentConfig { ComputeSpeedMedian = 0 }, nameof(ExperimentConfig.ComputeSpeedMedian) },
        { new ExperimentConfig { ComputeSpeedMedian = ExperimentLimits.MaxComputeSpeed * 2 }, nameof(ExperimentConfig.ComputeSpeedMedian) },
        { new ExperimentConfig { BandwidthMedianMbps = -1 }, nameof(ExperimentConfig.BandwidthMedianMbps) },
        { new ExperimentConfig { ComputeSpeedSpread = -0.1 }, nameof(ExperimentConfig.ComputeSpeedSpread) },
        { new ExperimentConfig { BandwidthSpread = ExperimentLimits.MaxSystemSpread + 1 }, nameof(ExperimentConfig.BandwidthSpread) },
        { new ExperimentConfig { RoundDeadlineSeconds = 0 }, nameof(ExperimentConfig.RoundDeadlineSeconds) },
        { new ExperimentConfig { RoundDeadlineSeconds = ExperimentLimits.MaxRoundDeadlineSeconds * 2 }, nameof(ExperimentConfig.RoundDeadlineSeconds) },
        { new ExperimentConfig { OverSelection = -0.5 }, nameof(ExperimentConfig.OverSelection) },
        { new ExperimentConfig { OverSelection = ExperimentLimits.MaxOverSelection + 0.1 }, nameof(ExperimentConfig.OverSelection) },
        { new ExperimentConfig { Attack = (AttackKind)99 }, nameof(ExperimentConfig.Attack) },
        { new ExperimentConfig { Attack = AttackKind.SignFlip, MaliciousFraction = 1.5 }, nameof(ExperimentConfig.MaliciousFraction) },
        { new ExperimentConfig { Attack = AttackKind.Scaling, AttackBoost = 0 }, nameof(ExperimentConfig.AttackBoost) },
        { new ExperimentConfig { Attack = AttackKind.Gaussian, AttackNoiseStd = ExperimentLimits.MaxAttackNoiseStd * 2 }, nameof(ExperimentConfig.AttackNoiseStd) },
        { new ExperimentConfig { InvalidUpdates = (InvalidUpdatePolicy)5 }, nameof(ExperimentConfig.InvalidUpdates) },
        { new ExperimentConfig { Compression = (CompressionKind)7 }, nameof(ExperimentConfig.Compression) },
        { new ExperimentConfig { Compression = CompressionKind.TopK, TopKFraction = 0 }, nameof(ExperimentConfig.TopKFraction) },
        { new ExperimentConfig { Compression = CompressionKind.TopK, TopKFraction = 1.01 }, nameof(ExperimentConfig.TopKFraction) },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Validate_OutOfRangeSettingIsRejected(ExperimentConfig config, string field)
    {
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(config);

        ValidationError error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Validate_BoundaryValuesAreValid()
    {
        var config = new ExperimentConfig
        {
            Momentum = 0.99,
            WeightDecay = ExperimentLimits.MaxWeightDecay,
            Dropout = 0.99,
            ComputeSpeedMedian = ExperimentLimits.MaxComputeSpeed,
            BandwidthMedianMbps = ExperimentLimits.MaxBandwidthMbps,
            ComputeSpeedSpread = 0,
            BandwidthSpread = ExperimentLimits.MaxSystemSpread,
            RoundDeadlineSeconds = ExperimentLimits.MaxRoundDeadlineSeconds,
            OverSelection = ExperimentLimits.MaxOverSelection,
            Attack = AttackKind.Scaling,
            MaliciousFraction = 1,
            AttackBoost = ExperimentLimits.MaxAttackBoost,
            Compression = CompressionKind.TopK,
            TopKFraction = 1,
        };

        Assert.Empty(ExperimentValidator.Validate(config));
    }

    [Fact]
    public void Validate_UnusedAttackSettingsAreIgnored()
    {
        // The boost only matters to the scaling attack and the noise only to the Gaussian attack.
        var config = new ExperimentConfig { Attack = AttackKind.SignFlip, AttackBoost = -1, AttackNoiseStd = -1 };

        Assert.Empty(ExperimentValidator.Validate(config));
    }

    [Fact]
    public void Validate_NoMaliciousClientRejected()
    {
        // Arrange: 0.005·100 = 0.5 rounds down to no malicious client; 1/100 = 0.01 is the smallest fraction that gives one.
        var config = new ExperimentConfig { Clients = 100, Attack = AttackKind.LabelFlip, MaliciousFraction = 0.005 };

        // Act
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(config);

        // Assert
        ValidationError error = Assert.Single(errors);
        Assert.Equal(nameof(ExperimentConfig.MaliciousFraction), error.Field);
        Assert.Contains("label-flip", error.Message, StringComparison.Ordinal);
        Assert.Contains("at least 0.01", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownCompressionListsNames()
    {
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(new ExperimentConfig { Compression = (CompressionKind)7 });

        ValidationError error = Assert.Single(errors);
        Assert.Contains("none, q8, q4, topk", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TopKOverMemoryRejected()
    {
        // Arrange: the 784-1024-1024-10 MLP has 784·1024 + 1024 + 1024·1024 + 1024 + 1024·10 + 10 = 1,863,690
        // parameters; 10,000 clients × 1,863,690 × 4 bytes is far over 512 MiB, and 72 clients fit.
        var config = new ExperimentConfig { Clients = 10_000, HiddenLayers = [1024, 1024], Compression = CompressionKind.TopK };

        // Act
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(config);

        // Assert
        ValidationError error = Assert.Single(errors);
        Assert.Equal(nameof(ExperimentConfig.Compression), error.Field);
        Assert.Contains("1,863,690 parameters", error.Message, StringComparison.Ordinal);
        Assert.Contains("use at most 72 clients", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TopKAtMemoryLimitValid()
    {
        // 72 × 1,863,690 × 4 = 536,742,720 bytes ≤ 512 MiB = 536,870,912 bytes.
        var config = new ExperimentConfig { Clients = 72, HiddenLayers = [1024, 1024], Compression = CompressionKind.TopK };

        Assert.Empty(ExperimentValidator.Validate(config));
    }
}
