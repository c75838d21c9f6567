using FedWorkbench.Simulation.Randomness;

namespace FedWorkbench.Simulation.Privacy;

/// <summary>
/// Local differential privacy: each client clips its update to S and adds Gaussian noise calibrated to a per-round
/// (ε, δ) before sending it, so the server never receives a noiseless update.
/// </summary>
internal static class LocalPrivacy
{
    /// <summary>Returns σ = <see cref="GaussianMechanism.Sigma"/>(ε, δ, S) for a clipped update of sensitivity S.</summary>
    public static double NoiseStd(double localEpsilon, double delta, double clipNorm) =>
        GaussianMechanism.Sigma(localEpsilon, delta, clipNorm);

    /// <summary>
    /// Clips <paramref name="update"/> to <paramref name="clipNorm"/> and adds N(0, σ²) to each coordinate, drawn from
    /// <c>SeededRandom(seed, RandomStreams.LocalPrivacyNoise, round, client)</c>. Returns the norm before clipping.
    /// </summary>
    public static double Perturb(Span<float> update, double clipNorm, double noiseStd, int seed, int round, int client)
    {
        double norm = UpdateClipping.ClipInPlace(update, clipNorm);
        var random = new SeededRandom(seed, RandomStreams.LocalPrivacyNoise, round, client);
        for (int i = 0; i < update.Length; i++)
        {
            update[i] = (float)(update[i] + noiseStd * random.NextGaussian());
        }

        return norm;
    }
}
