using FedWorkbench.Simulation.Randomness;

namespace FedWorkbench.Simulation.Privacy;

/// <summary>
/// Adaptive clipping to a quantile of the update norms (Andrew et al. 2021, "Differentially Private Learning with
/// Adaptive Clipping"): each client reports b_k = 1[‖Δ_k‖ ≤ C], the server estimates the fraction of unclipped
/// updates with noise, and moves C geometrically toward the target quantile γ.
/// </summary>
internal static class AdaptiveClipping
{
    /// <summary>The count noise is σ_b = q·K / 20, the value Andrew et al. recommend.</summary>
    public const double CountNoiseDivisor = 20;

    /// <summary>Returns σ_b = q·K/20, the standard deviation of the noise on the count of unclipped updates.</summary>
    public static double CountNoiseStd(double expectedClients) => expectedClients / CountNoiseDivisor;

    /// <summary>
    /// Returns z_Δ = (z⁻² − (2σ_b)⁻²)^(−1/2), the noise multiplier of the update so that update and count noise
    /// together give the guarantee of z; 0 when z is 0, and null when z ≥ 2σ_b, where no z_Δ exists.
    /// </summary>
    public static double? UpdateNoiseMultiplier(double noiseMultiplier, double countNoiseStd)
    {
        if (noiseMultiplier == 0)
        {
            return 0;
        }

        double remaining = 1.0 / (noiseMultiplier * noiseMultiplier) - 1.0 / (4 * countNoiseStd * countNoiseStd);
        return remaining > 0 ? 1.0 / Math.Sqrt(remaining) : null;
    }

    /// <summary>
    /// Returns the next clip norm C·exp(−η_C·(b̄ − γ)), where b̄ = (Σ b_k + N(0, σ_b²)) / (q·K) and the noise comes
    /// from <c>SeededRandom(seed, RandomStreams.PrivacyNoise, round, 1)</c>.
    /// </summary>
    /// <param name="clipNorm">The clip norm C used this round.</param>
    /// <param name="unclippedCount">Σ b_k, the updates whose norm was at most C.</param>
    /// <param name="expectedClients">q·K.</param>
    /// <param name="quantile">Target quantile γ in (0, 1).</param>
    /// <param name="learningRate">η_C, positive.</param>
    public static double NextClipNorm(
        double clipNorm, int unclippedCount, double expectedClients, double quantile, double learningRate, int seed, int round)
    {
        var random = new SeededRandom(seed, RandomStreams.PrivacyNoise, round, 1);
        double countNoise = CountNoiseStd(expectedClients) * random.NextGaussian();
        return NextClipNorm(clipNorm, (unclippedCount + countNoise) / expectedClients, quantile, learningRate);
    }

    /// <summary>Returns C·exp(−η_C·(b̄ − γ)) for a given estimate b̄ of the unclipped fraction.</summary>
    public static double NextClipNorm(double clipNorm, double unclippedFraction, double quantile, double learningRate) =>
        clipNorm * Math.Exp(-learningRate * (unclippedFraction - quantile));
}
