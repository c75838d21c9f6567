namespace FedWorkbench.Simulation.Privacy;

/// <summary>
/// Rényi differential privacy accountant for the Poisson-subsampled Gaussian mechanism (Mironov et al. 2019),
/// converted to (ε, δ) with the bound of Balle et al. 2020.
/// </summary>
public static class RdpAccountant
{
    /// <summary>The Rényi orders α the accountant evaluates.</summary>
    public static IReadOnlyList<double> Orders => throw new NotImplementedException("TODO: accountant helper");

    /// <summary>
    /// Returns the RDP ε(α) of one step of the Gaussian mechanism with noise multiplier <paramref name="noiseMultiplier"/>
    /// on a Poisson sample with rate <paramref name="samplingRate"/>, for each of <see cref="Orders"/>.
    /// Positive infinity for every order when the noise multiplier is 0.
    /// </summary>
    public static double[] RdpPerStep(double samplingRate, double noiseMultiplier) =>
        throw new NotImplementedException("TODO: accountant helper");

    /// <summary>Converts RDP values over <see cref="Orders"/> to the smallest ε of an (ε, δ) guarantee.</summary>
    public static double EpsilonFromRdp(ReadOnlySpan<double> rdp, double delta) =>
        throw new NotImplementedException("TODO: accountant helper");

    /// <summary>Returns ε after <paramref name="steps"/> steps; positive infinity when the noise multiplier is 0.</summary>
    public static double Epsilon(double samplingRate, double noiseMultiplier, int steps, double delta) =>
        throw new NotImplementedException("TODO: accountant helper");

    /// <summary>
    /// Returns the smallest noise multiplier, rounded up to a grid the docs state, whose ε after
    /// <paramref name="steps"/> steps does not exceed <paramref name="targetEpsilon"/>. Throws
    /// <see cref="ExperimentException"/> when no noise multiplier up to a documented maximum reaches the target.
    /// </summary>
    public static double NoiseMultiplierFor(double samplingRate, double targetEpsilon, int steps, double delta) =>
        throw new NotImplementedException("TODO: accountant helper");
}
