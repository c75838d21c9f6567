using FedWorkbench.Simulation.Randomness;

namespace FedWorkbench.Simulation.Privacy;

/// <summary>
/// The server's step of DP-FedAvg with a fixed denominator (McMahan et al. 2018, "Learning Differentially Private
/// Recurrent Language Models"): Gaussian noise on the sum of clipped updates, then division by the expected
/// number of clients q·K, regardless of who reported.
/// </summary>
internal static class CentralPrivacy
{
    /// <summary>
    /// Writes (Σ_k Δ_k + N(0, σ²·I)) / (q·K) to <paramref name="destination"/>, with the noise of round
    /// <paramref name="round"/> drawn from <c>SeededRandom(seed, RandomStreams.PrivacyNoise, round)</c> in
    /// coordinate order, so the result does not depend on threads.
    /// </summary>
    /// <param name="sum">Σ_k Δ_k of the clipped updates, unweighted.</param>
    /// <param name="noiseStd">σ = z·S, the standard deviation of the noise per coordinate.</param>
    /// <param name="expectedClients">q·K, the expected number of clients per round; positive.</param>
    public static void WriteNoisyMean(ReadOnlySpan<double> sum, double noiseStd, double expectedClients, int seed, int round, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(expectedClients);
        ArgumentOutOfRangeException.ThrowIfNegative(noiseStd);
        if (destination.Length != sum.Length)
        {
            throw new ArgumentException($"The destination has {destination.Length} values, but the sum has {sum.Length}.", nameof(destination));
        }

        var random = new SeededRandom(seed, RandomStreams.PrivacyNoise, round);
        double scale = 1.0 / expectedClients;
        for (int i = 0; i < sum.Length; i++)
        {
            double noise = noiseStd > 0 ? noiseStd * random.NextGaussian() : 0.0;
            destination[i] = (float)((sum[i] + noise) * scale);
        }
    }

    /// <summary>
    /// Returns q·K, the expected clients per round: C·K under Poisson sampling (q = C), and m under fixed sampling
    /// (q = m/K).
    /// </summary>
    public static double ExpectedClients(double samplingRate, int clients) => samplingRate * clients;
}
