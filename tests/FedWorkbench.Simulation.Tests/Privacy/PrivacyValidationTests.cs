using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Simulation.Tests.Privacy;

public sealed class PrivacyValidationTests
{
    private static readonly ExperimentConfig Central = new() { DifferentialPrivacy = DifferentialPrivacyKind.Central };

    public static TheoryData<string, ExperimentConfig, string> InvalidConfigs => new()
    {
        { "ClipNorm 0", Central with { ClipNorm = 0 }, nameof(ExperimentConfig.ClipNorm) },
        { "ClipNorm NaN", Central with { ClipNorm = double.NaN }, nameof(ExperimentConfig.ClipNorm) },
        { "z negative", Central with { NoiseMultiplier = -0.1 }, nameof(ExperimentConfig.NoiseMultiplier) },
        { "δ 0", Central with { Delta = 0 }, nameof(ExperimentConfig.Delta) },
        { "δ 1", Central with { Delta = 1 }, nameof(ExperimentConfig.Delta) },
        { "target ε 0", Central with { TargetEpsilon = 0 }, nameof(ExperimentConfig.TargetEpsilon) },
        { "target ε without DP", new ExperimentConfig { TargetEpsilon = 8 }, nameof(ExperimentConfig.TargetEpsilon) },
        { "target ε with local DP", new ExperimentConfig { DifferentialPrivacy = DifferentialPrivacyKind.Local, TargetEpsilon = 8 }, nameof(ExperimentConfig.TargetEpsilon) },
        { "quantile 0", Central with { DifferentialPrivacy = DifferentialPrivacyKind.CentralAdaptive, ClipQuantile = 0 }, nameof(ExperimentConfig.ClipQuantile) },
        { "quantile 1", Central with { DifferentialPrivacy = DifferentialPrivacyKind.CentralAdaptive, ClipQuantile = 1 }, nameof(ExperimentConfig.ClipQuantile) },
        { "η_C 0", Central with { DifferentialPrivacy = DifferentialPrivacyKind.CentralAdaptive, ClipLearningRate = 0 }, nameof(ExperimentConfig.ClipLearningRate) },
        { "local ε 0", new ExperimentConfig { DifferentialPrivacy = DifferentialPrivacyKind.Local, LocalEpsilon = 0 }, nameof(ExperimentConfig.LocalEpsilon) },
        { "threshold 0", new ExperimentConfig { SecureAggregation = true, SecureAggregationThreshold = 0 }, nameof(ExperimentConfig.SecureAggregationThreshold) },
        { "threshold above 1", new ExperimentConfig { SecureAggregation = true, SecureAggregationThreshold = 1.01 }, nameof(ExperimentConfig.SecureAggregationThreshold) },
        { "DP with median", Central with { Aggregation = AggregationKind.Median }, nameof(ExperimentConfig.Aggregation) },
        { "DP with FedNova", Central with { Strategy = StrategyKind.FedNova }, nameof(ExperimentConfig.Strategy) },
        { "DP with SCAFFOLD", Central with { Strategy = StrategyKind.Scaffold }, nameof(ExperimentConfig.Strategy) },
        { "secure with central DP", Central with { SecureAggregation = true }, nameof(ExperimentConfig.SecureAggregation) },
        { "secure with median", new ExperimentConfig { SecureAggregation = true, Aggregation = AggregationKind.Median }, nameof(ExperimentConfig.Aggregation) },
        { "secure with SCAFFOLD", new ExperimentConfig { SecureAggregation = true, Strategy = StrategyKind.Scaffold }, nameof(ExperimentConfig.Strategy) },
        { "secure inputs above memory limit", new ExperimentConfig { SecureAggregation = true, Clients = 1_000, ClientFraction = 1 }, nameof(ExperimentConfig.SecureAggregation) },
        { "secure with q8", new ExperimentConfig { SecureAggregation = true, Compression = CompressionKind.Q8 }, nameof(ExperimentConfig.Compression) },
        { "Poisson with over-selection", new ExperimentConfig { Sampling = ClientSamplingKind.Poisson, OverSelection = 0.3 }, nameof(ExperimentConfig.OverSelection) },
        { "sampling unknown", new ExperimentConfig { Sampling = (ClientSamplingKind)9 }, nameof(ExperimentConfig.Sampling) },
        { "DP unknown", new ExperimentConfig { DifferentialPrivacy = (DifferentialPrivacyKind)9 }, nameof(ExperimentConfig.DifferentialPrivacy) },
        { "round failures unknown", new ExperimentConfig { RoundFailures = (RoundFailurePolicy)9 }, nameof(ExperimentConfig.RoundFailures) },
    };

    [Theory]
    [MemberData(nameof(InvalidConfigs))]
    public void Validate_RejectsPrivacySetting(string name, ExperimentConfig config, string field)
    {
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(config);

        Assert.True(errors.Any(e => e.Field == field), $"{name}: expected an error on {field}, got: {string.Join(" | ", errors.Select(e => e.Field + ": " + e.Message))}");
    }

    [Fact]
    public void Validate_SecureCentralSuggestsClient()
    {
        ValidationError error = Assert.Single(ExperimentValidator.Validate(Central with { SecureAggregation = true }));

        Assert.Contains("cannot clip updates it cannot see", error.Message);
        Assert.Contains("use client DP", error.Message);
    }

    [Fact]
    public void Validate_AdaptiveNoiseTooLargeForCount()
    {
        // Default K = 100 and C = 0.1 give q·K = 10 and σ_b = 0.5, so z must stay below 2σ_b = 1.
        var config = Central with { DifferentialPrivacy = DifferentialPrivacyKind.CentralAdaptive, NoiseMultiplier = 1.0 };

        ValidationError error = Assert.Single(ExperimentValidator.Validate(config));

        Assert.Equal(nameof(ExperimentConfig.NoiseMultiplier), error.Field);
        Assert.Contains("2σ_b = 1", error.Message);
        Assert.Empty(ExperimentValidator.Validate(config with { NoiseMultiplier = 0.9 }));
    }

    [Theory]
    [InlineData(DifferentialPrivacyKind.Central)]
    [InlineData(DifferentialPrivacyKind.Client)]
    [InlineData(DifferentialPrivacyKind.Local)]
    public void Validate_AcceptsMechanismDefaults(DifferentialPrivacyKind mechanism)
    {
        Assert.Empty(ExperimentValidator.Validate(new ExperimentConfig { DifferentialPrivacy = mechanism, Sampling = ClientSamplingKind.Poisson }));
    }

    [Theory]
    [InlineData(DifferentialPrivacyKind.None)]
    [InlineData(DifferentialPrivacyKind.Client)]
    [InlineData(DifferentialPrivacyKind.Local)]
    public void Validate_AcceptsSecureAggregation(DifferentialPrivacyKind mechanism)
    {
        var config = new ExperimentConfig { DifferentialPrivacy = mechanism, SecureAggregation = true, Strategy = StrategyKind.FedAdam };

        Assert.Empty(ExperimentValidator.Validate(config));
    }

    [Fact]
    public void Validate_AdaptiveTargetNeedsTooMuchNoise()
    {
        // Arrange: with 20 clients and q = 0.5, σ_b = q·K/20 = 0.5, so z must stay below 1. Target ε 0.1 after 5
        // rounds needs a far larger z, which the accountant computes before launch.
        var config = new ExperimentConfig
        {
            Dataset = DatasetKind.Synthetic, Model = ModelKind.Softmax, Clients = 20, ClientFraction = 0.5, Rounds = 5,
            DifferentialPrivacy = DifferentialPrivacyKind.CentralAdaptive, TargetEpsilon = 0.1,
        };

        // Act
        ValidationError error = Assert.Single(ExperimentValidator.Validate(config));

        // Assert: the message is on the field the user typed and advises raising it.
        Assert.Equal(nameof(ExperimentConfig.TargetEpsilon), error.Field);
        Assert.StartsWith("Target ε 0.1 needs noise multiplier", error.Message, StringComparison.Ordinal);
        Assert.Contains("Raise the target ε", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SecureAggregationOverClientLimit()
    {
        // Arrange: fixed sampling selects ⌊0.2·10,000⌋ = 2,000 clients per round, twice the protocol's limit.
        var config = new ExperimentConfig
        {
            Model = ModelKind.Softmax, Clients = 10_000, ClientFraction = 0.2, SecureAggregation = true,
        };

        // Act
        ValidationError error = Assert.Single(ExperimentValidator.Validate(config));

        // Assert
        Assert.Equal(nameof(ExperimentConfig.SecureAggregation), error.Field);
        Assert.Contains("at most 1,000 selected clients per round", error.Message, StringComparison.Ordinal);
        Assert.Contains("selects 2000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SecureAggregationPoissonMemoryNamesAllClients()
    {
        // Arrange: the 784-200-200-10 MLP has 199,210 parameters, and under Poisson sampling all 1,000 clients may
        // report. 1,000 × 199,211 × 4 bytes is 759 MiB, above 512 MiB, so at most 673 clients fit.
        var config = new ExperimentConfig
        {
            Clients = 1_000, ClientFraction = 0.05, Sampling = ClientSamplingKind.Poisson,
            DifferentialPrivacy = DifferentialPrivacyKind.Client, SecureAggregation = true,
        };

        // Act
        ValidationError error = Assert.Single(ExperimentValidator.Validate(config));

        // Assert
        Assert.Equal(nameof(ExperimentConfig.SecureAggregation), error.Field);
        Assert.Contains("use at most 673 clients in all, fixed sampling, or a smaller model", error.Message, StringComparison.Ordinal);
    }
}
