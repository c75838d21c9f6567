using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Privacy;

namespace FedWorkbench.Simulation.Tests.Privacy;

/// <summary>The accountant and the privacy validation at the edges of their ranges.</summary>
public sealed class AccountantEdgeTests
{
    [Theory]
    [InlineData(1e-5)]
    [InlineData(1e-6)]
    [InlineData(1e-7)]
    public void Epsilon_TinySamplingRate_StaysPositive(double samplingRate)
    {
        // Arrange: one step already changes the output distribution by about q in total variation, far more than
        // δ = 1e-20, so no (0, δ) guarantee applies and ε must be positive however small q is.
        const double delta = 1e-20;

        // Act
        double epsilon = RdpAccountant.Epsilon(samplingRate, noiseMultiplier: 10, steps: 10, delta);

        // Assert
        Assert.True(epsilon > 0, $"ε = {epsilon} for q = {samplingRate}.");
    }

    [Fact]
    public void Epsilon_TinySamplingRate_MatchesSecondOrderBound()
    {
        // Arrange: for integer order 2, A₂ = 1 + x with x = q²·(e^(1/z²) − 1), so rdp(2) = log(1 + x) = x − x²/2 + ….
        // With q = 1e-6 and z = 10, x is about 1.005e-14, which summing A₂ as 1 + x would round badly, and x² is
        // far below the tolerance.
        double expected = 1e-12 * (Math.Exp(0.01) - 1);

        // Act
        double rdp = RdpAccountant.RdpPerStep(1e-6, 10, [2.0])[0];

        // Assert: relative 1e-9.
        Assert.Equal(expected, rdp, expected * 1e-9);
    }

    [Theory]
    [InlineData(1e-300)]
    [InlineData(0.0009)]
    public void RdpPerStep_TinyNoiseMultiplier_Rejected(double noiseMultiplier)
    {
        // Act and assert: below 0.001 the fractional-order series takes minutes near the smallest doubles.
        Assert.Throws<ArgumentOutOfRangeException>(() => RdpAccountant.RdpPerStep(0.01, noiseMultiplier));
    }

    [Theory]
    [InlineData(-0.0)]
    [InlineData(1e-320)]
    [InlineData(0.0009)]
    public void Validate_NoiseMultiplierOutsideZeroOrRange_Rejected(double noiseMultiplier)
    {
        // Arrange
        var config = new ExperimentConfig { DifferentialPrivacy = DifferentialPrivacyKind.Central, NoiseMultiplier = noiseMultiplier };

        // Act
        ValidationError error = Assert.Single(ExperimentValidator.Validate(config));

        // Assert
        Assert.Equal(nameof(ExperimentConfig.NoiseMultiplier), error.Field);
        Assert.Contains("must be 0 or in [0.001, 1000]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_InfiniteUnusedSetting_Rejected()
    {
        // Arrange: δ is read only with differential privacy, but the stored experiment file cannot hold ∞.
        var config = new ExperimentConfig { Delta = double.PositiveInfinity };

        // Act
        ValidationError error = Assert.Single(ExperimentValidator.Validate(config));

        // Assert
        Assert.Equal(nameof(ExperimentConfig.Delta), error.Field);
        Assert.StartsWith("delta is Infinity, not a finite number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnreachableTarget_RejectedBeforeLaunch()
    {
        // Arrange: q = 0.1 over 30 rounds at δ = 1e-5 cannot reach ε = 1e-6 even with z = 1000.
        var config = new ExperimentConfig { DifferentialPrivacy = DifferentialPrivacyKind.Central, TargetEpsilon = 1e-6 };

        // Act
        ValidationError error = Assert.Single(ExperimentValidator.Validate(config));

        // Assert
        Assert.Equal(nameof(ExperimentConfig.TargetEpsilon), error.Field);
        Assert.Contains("cannot be reached", error.Message, StringComparison.Ordinal);
    }
}
