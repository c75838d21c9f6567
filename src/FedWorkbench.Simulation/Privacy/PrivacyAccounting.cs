using System.Globalization;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Training;

namespace FedWorkbench.Simulation.Privacy;

/// <summary>
/// The privacy parameters of one run, fixed at run start, and the ε spent after each round.
/// </summary>
/// <remarks>
/// Central, adaptive and client DP count each round as one step of the Poisson-subsampled Gaussian mechanism
/// with rate q and noise multiplier z. Under fixed sampling q = m/K, and the reported ε is then an approximation,
/// because the accountant assumes Poisson sampling. Dropouts that do not depend on the data only lower the true ε,
/// so the reported ε is an upper bound. Local DP reports a client's worst case: it takes part in every round,
/// so ε is the RDP of t Gaussian mechanisms with q = 1 and z = σ/S.
/// </remarks>
internal sealed class PrivacyAccounting
{
    private readonly double[] _rdpPerStep;

    private PrivacyAccounting(
        DifferentialPrivacyKind mechanism, double samplingRate, double noiseMultiplier, double delta, double expectedClients, double localNoiseStd)
    {
        Mechanism = mechanism;
        SamplingRate = samplingRate;
        NoiseMultiplier = noiseMultiplier;
        Delta = delta;
        ExpectedClients = expectedClients;
        LocalNoiseStd = localNoiseStd;
        _rdpPerStep = noiseMultiplier == 0
            ? []
            : RdpAccountant.RdpPerStep(mechanism == DifferentialPrivacyKind.Local ? 1.0 : samplingRate, noiseMultiplier);
    }

    /// <summary>The mechanism; never <see cref="DifferentialPrivacyKind.None"/>.</summary>
    public DifferentialPrivacyKind Mechanism { get; }

    /// <summary>q: C under Poisson sampling, m/K under fixed sampling.</summary>
    public double SamplingRate { get; }

    /// <summary>
    /// z of the whole mechanism: the configured one, or the one <see cref="ExperimentConfig.TargetEpsilon"/> needs.
    /// Under local DP, σ/S.
    /// </summary>
    public double NoiseMultiplier { get; }

    /// <summary>δ of the reported (ε, δ) guarantee.</summary>
    public double Delta { get; }

    /// <summary>q·K, the fixed denominator of central and client DP.</summary>
    public double ExpectedClients { get; }

    /// <summary>σ of each client's noise under local DP; 0 for the other mechanisms.</summary>
    public double LocalNoiseStd { get; }

    /// <summary>Whether the sampling matches the accountant's Poisson assumption, so ε is not an approximation.</summary>
    public bool IsExact { get; private init; }

    /// <summary>
    /// Creates the accounting of <paramref name="config"/>, or returns null without differential privacy. Throws
    /// <see cref="ExperimentException"/> when no noise multiplier reaches the target ε, or when adaptive clipping's
    /// count noise leaves no noise for the update.
    /// </summary>
    public static PrivacyAccounting? Create(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.DifferentialPrivacy == DifferentialPrivacyKind.None)
        {
            return null;
        }

        bool poisson = config.Sampling == ClientSamplingKind.Poisson;
        double samplingRate = SamplingRateOf(config);
        double expectedClients = CentralPrivacy.ExpectedClients(samplingRate, config.Clients);

        if (config.DifferentialPrivacy == DifferentialPrivacyKind.Local)
        {
            double sigma = LocalPrivacy.NoiseStd(config.LocalEpsilon, config.Delta, config.ClipNorm);
            return new PrivacyAccounting(config.DifferentialPrivacy, samplingRate, sigma / config.ClipNorm, config.Delta, expectedClients, sigma)
            {
                IsExact = true,
            };
        }

        double noiseMultiplier = config.TargetEpsilon is double target
            ? RdpAccountant.NoiseMultiplierFor(samplingRate, target, config.Rounds, config.Delta)
            : config.NoiseMultiplier;
        if (config.DifferentialPrivacy == DifferentialPrivacyKind.CentralAdaptive)
        {
            CheckAdaptiveNoise(noiseMultiplier, expectedClients, config.TargetEpsilon);
        }

        return new PrivacyAccounting(config.DifferentialPrivacy, samplingRate, noiseMultiplier, config.Delta, expectedClients, 0)
        {
            IsExact = poisson,
        };
    }

    /// <summary>
    /// Returns the sampling rate q the accountant uses: C under Poisson sampling, m/K under fixed sampling (where ε is
    /// an approximation). The client count and fraction must be valid.
    /// </summary>
    public static double SamplingRateOf(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Sampling == ClientSamplingKind.Poisson
            ? config.ClientFraction
            : ClientSampler.ClientsPerRound(config.Clients, config.ClientFraction) / (double)config.Clients;
    }

    /// <summary>Returns ε after <paramref name="rounds"/> rounds; positive infinity when z is 0.</summary>
    public double EpsilonAfter(int rounds)
    {
        if (_rdpPerStep.Length == 0)
        {
            return double.PositiveInfinity;
        }

        var total = new double[_rdpPerStep.Length];
        for (int i = 0; i < total.Length; i++)
        {
            total[i] = _rdpPerStep[i] * rounds;
        }

        return RdpAccountant.EpsilonFromRdp(total, Delta);
    }

    /// <summary>
    /// Throws <see cref="ExperimentException"/> when z ≥ 2σ_b, because the count noise of adaptive clipping then
    /// spends the whole budget of z and no update noise multiplier z_Δ exists.
    /// </summary>
    public static void CheckAdaptiveNoise(double noiseMultiplier, double expectedClients, double? targetEpsilon = null)
    {
        double countNoiseStd = AdaptiveClipping.CountNoiseStd(expectedClients);
        if (AdaptiveClipping.UpdateNoiseMultiplier(noiseMultiplier, countNoiseStd) is null)
        {
            throw new ExperimentException(AdaptiveNoiseMessage(noiseMultiplier, expectedClients, targetEpsilon));
        }
    }

    /// <summary>The message for a noise multiplier that adaptive clipping cannot split between count and update noise.</summary>
    /// <param name="noiseMultiplier">The noise multiplier z, given or derived from the target ε.</param>
    /// <param name="expectedClients">Expected clients per round q·K.</param>
    /// <param name="targetEpsilon">The target ε that z was derived from, or null when z was given.</param>
    public static string AdaptiveNoiseMessage(double noiseMultiplier, double expectedClients, double? targetEpsilon = null)
    {
        double countNoiseStd = AdaptiveClipping.CountNoiseStd(expectedClients);
        string cause = targetEpsilon is double target
            ? string.Create(CultureInfo.InvariantCulture, $"Target ε {target:G4} needs noise multiplier {noiseMultiplier:G4}, which")
            : string.Create(CultureInfo.InvariantCulture, $"Noise multiplier {noiseMultiplier:G4}");
        string fix = targetEpsilon is null
            ? string.Create(CultureInfo.InvariantCulture, $"Use a noise multiplier below {2 * countNoiseStd:G4}")
            : "Raise the target ε";
        return cause + string.Create(
            CultureInfo.InvariantCulture,
            $" is too large for adaptive clipping with {expectedClients:G4} expected clients per round: the clipped-count noise σ_b = q·K/20 = {countNoiseStd:G4} alone spends the budget of z when z ≥ 2σ_b = {2 * countNoiseStd:G4}. ") +
            $"{fix}, sample more clients per round, or use central DP with a fixed clip norm.";
    }
}
