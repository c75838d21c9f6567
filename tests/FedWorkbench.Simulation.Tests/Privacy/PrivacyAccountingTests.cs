using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Privacy;

namespace FedWorkbench.Simulation.Tests.Privacy;

public sealed class PrivacyAccountingTests
{
    [Fact]
    public void Create_NoneReturnsNull()
    {
        Assert.Null(PrivacyAccounting.Create(new ExperimentConfig()));
    }

    [Fact]
    public void FixedSampling_UsesMOverKAndIsApproximate()
    {
        // K = 30 and C = 0.25 give m = ⌊7.5⌋ = 7, so q = 7/30 and q·K = 7.
        var config = new ExperimentConfig { DifferentialPrivacy = DifferentialPrivacyKind.Central, Clients = 30, ClientFraction = 0.25, NoiseMultiplier = 1.1 };

        PrivacyAccounting accounting = PrivacyAccounting.Create(config)!;

        Assert.Equal(7.0 / 30, accounting.SamplingRate, 15);
        Assert.Equal(7.0, accounting.ExpectedClients, 12);
        Assert.False(accounting.IsExact);
        Assert.Equal(RdpAccountant.Epsilon(7.0 / 30, 1.1, 5, 1e-5), accounting.EpsilonAfter(5), 9);
    }

    [Fact]
    public void PoissonSampling_UsesCAndIsExact()
    {
        var config = new ExperimentConfig { DifferentialPrivacy = DifferentialPrivacyKind.Client, Sampling = ClientSamplingKind.Poisson, Clients = 30, ClientFraction = 0.25 };

        PrivacyAccounting accounting = PrivacyAccounting.Create(config)!;

        Assert.Equal(0.25, accounting.SamplingRate);
        Assert.Equal(7.5, accounting.ExpectedClients, 12);
        Assert.True(accounting.IsExact);
    }

    [Fact]
    public void ZeroNoise_EpsilonIsInfinite()
    {
        var config = new ExperimentConfig { DifferentialPrivacy = DifferentialPrivacyKind.Central, NoiseMultiplier = 0 };

        Assert.Equal(double.PositiveInfinity, PrivacyAccounting.Create(config)!.EpsilonAfter(3));
    }

    [Fact]
    public void TargetEpsilon_SetsNoiseMultiplierAtStart()
    {
        var config = new ExperimentConfig
        {
            DifferentialPrivacy = DifferentialPrivacyKind.Central, Sampling = ClientSamplingKind.Poisson, TargetEpsilon = 4, Rounds = 50,
        };

        PrivacyAccounting accounting = PrivacyAccounting.Create(config)!;

        Assert.Equal(RdpAccountant.NoiseMultiplierFor(0.1, 4, 50, 1e-5), accounting.NoiseMultiplier);
        Assert.InRange(accounting.EpsilonAfter(50), 0, 4);
    }

    [Fact]
    public void Local_SigmaAndWorstCaseEpsilon()
    {
        // Local DP: σ = GaussianMechanism.Sigma(ε, δ, S), and ε after t rounds is the RDP of t Gaussian mechanisms
        // with q = 1 and z = σ/S.
        var config = new ExperimentConfig { DifferentialPrivacy = DifferentialPrivacyKind.Local, LocalEpsilon = 0.5, ClipNorm = 2, Delta = 1e-5 };
        double sigma = GaussianMechanism.Sigma(0.5, 1e-5, 2);

        PrivacyAccounting accounting = PrivacyAccounting.Create(config)!;

        Assert.Equal(sigma, accounting.LocalNoiseStd);
        Assert.Equal(sigma / 2, accounting.NoiseMultiplier, 15);
        Assert.Equal(RdpAccountant.Epsilon(1.0, sigma / 2, 10, 1e-5), accounting.EpsilonAfter(10), 9);

        // The analytic σ is at most the classical S·√(2 ln(1.25/δ))/ε, which holds for ε < 1.
        Assert.InRange(sigma, 0, 2 * Math.Sqrt(2 * Math.Log(1.25 / 1e-5)) / 0.5);
    }

    [Fact]
    public void AdaptiveTargetTooNoisy_Throws()
    {
        // q·K = 10 gives σ_b = 0.5, and a target of ε = 0.01 over 30 rounds needs z far above 2σ_b = 1.
        var config = new ExperimentConfig { DifferentialPrivacy = DifferentialPrivacyKind.CentralAdaptive, TargetEpsilon = 0.01 };

        ExperimentException exception = Assert.Throws<ExperimentException>(() => PrivacyAccounting.Create(config));

        Assert.Contains("too large for adaptive clipping", exception.Message);
    }
}
