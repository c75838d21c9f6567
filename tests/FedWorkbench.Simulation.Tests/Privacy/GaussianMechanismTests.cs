using FedWorkbench.Simulation.Privacy;

namespace FedWorkbench.Simulation.Tests.Privacy;

public class GaussianMechanismTests
{
    [Theory]
    [InlineData(0.1, 1e-5, 1.0)]
    [InlineData(0.5, 1e-3, 2.0)]
    [InlineData(1.0, 1e-5, 1.0)]
    [InlineData(4.0, 1e-6, 0.5)]
    [InlineData(10.0, 1e-5, 3.0)]
    public void Sigma_IsOnConditionBoundary(double epsilon, double delta, double sensitivity)
    {
        double sigma = GaussianMechanism.Sigma(epsilon, delta, sensitivity);

        // Balle and Wang 2018, Theorem 8, evaluated here with Φ directly rather than through GaussianMechanism.Delta.
        double atSigma = ExactDelta(sigma, epsilon, sensitivity);
        double slightlyBelow = ExactDelta(sigma * (1 - 1e-7), epsilon, sensitivity);
        Assert.True(atSigma <= delta * (1 + 1e-9), $"At σ = {sigma:R} the condition gives δ = {atSigma:R} > {delta}.");
        Assert.True(slightlyBelow > delta, $"At σ·(1 − 1e-7) the condition still holds: δ = {slightlyBelow:R} ≤ {delta}.");
    }

    [Theory]
    [InlineData(0.1, 1e-5)]
    [InlineData(0.5, 1e-5)]
    [InlineData(0.9, 1e-3)]
    [InlineData(0.99, 1e-8)]
    public void Sigma_BelowClassicalBound(double epsilon, double delta)
    {
        // The classical Gaussian mechanism calibration, valid only for ε < 1: σ = Δ·√(2 ln(1.25/δ))/ε.
        double classical = Math.Sqrt(2 * Math.Log(1.25 / delta)) / epsilon;

        double analytic = GaussianMechanism.Sigma(epsilon, delta, 1.0);

        Assert.True(analytic < classical, $"Analytic σ = {analytic:R} is not below the classical {classical:R}.");
        Assert.True(analytic > 0.5 * classical, $"Analytic σ = {analytic:R} is implausibly far below the classical {classical:R}.");
    }

    [Fact]
    public void Sigma_ScalesWithSensitivity()
    {
        double unit = GaussianMechanism.Sigma(0.7, 1e-5, 1.0);

        double scaled = GaussianMechanism.Sigma(0.7, 1e-5, 3.5);

        Assert.Equal(3.5 * unit, scaled, 1e-9 * scaled);
    }

    [Fact]
    public void Sigma_LargerEpsilon_Decreases()
    {
        double previous = double.PositiveInfinity;
        foreach (double epsilon in new[] { 0.05, 0.3, 1.0, 3.0, 10.0, 50.0 })
        {
            double sigma = GaussianMechanism.Sigma(epsilon, 1e-5, 1.0);
            Assert.True(sigma < previous, $"σ at ε = {epsilon} is {sigma:R}, not below {previous:R}.");
            previous = sigma;
        }
    }

    [Fact]
    public void Sigma_LargerDelta_Decreases()
    {
        double previous = double.PositiveInfinity;
        foreach (double delta in new[] { 1e-10, 1e-6, 1e-3, 0.1, 0.5 })
        {
            double sigma = GaussianMechanism.Sigma(1.0, delta, 1.0);
            Assert.True(sigma < previous, $"σ at δ = {delta} is {sigma:R}, not below {previous:R}.");
            previous = sigma;
        }
    }

    [Fact]
    public void Sigma_VeryLargeEpsilon_StaysFinite()
    {
        // e^ε overflows a double above ε ≈ 709; the condition is evaluated in log space.
        double sigma = GaussianMechanism.Sigma(800.0, 1e-5, 1.0);

        Assert.True(double.IsFinite(sigma), $"σ = {sigma:R}.");
        Assert.True(sigma > 0, $"σ = {sigma:R}.");
        Assert.True(GaussianMechanism.Delta(sigma, 800.0, 1.0) <= 1e-5);
    }

    [Theory]
    [InlineData(0.0, 1e-5, 1.0)]
    [InlineData(-1.0, 1e-5, 1.0)]
    [InlineData(double.NaN, 1e-5, 1.0)]
    [InlineData(double.PositiveInfinity, 1e-5, 1.0)]
    [InlineData(1.0, 0.0, 1.0)]
    [InlineData(1.0, 1.0, 1.0)]
    [InlineData(1.0, 1e-5, 0.0)]
    [InlineData(1.0, 1e-5, double.NaN)]
    public void Sigma_OutOfRangeArgument_Throws(double epsilon, double delta, double sensitivity)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussianMechanism.Sigma(epsilon, delta, sensitivity));
    }

    private static double ExactDelta(double sigma, double epsilon, double sensitivity)
    {
        double a = sensitivity / (2 * sigma);
        double b = epsilon * sigma / sensitivity;
        return NormalDistribution.Cdf(a - b) - Math.Exp(epsilon) * NormalDistribution.Cdf(-a - b);
    }
}
