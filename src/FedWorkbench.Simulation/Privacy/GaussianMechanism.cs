namespace FedWorkbench.Simulation.Privacy;

/// <summary>Calibration of the Gaussian mechanism to a single (ε, δ) guarantee, used by local differential privacy.</summary>
public static class GaussianMechanism
{
    /// <summary>
    /// Returns the smallest noise standard deviation σ for which adding N(0, σ²) to a query of L2 sensitivity
    /// <paramref name="sensitivity"/> is (ε, δ)-differentially private (analytic Gaussian mechanism, Balle and Wang 2018).
    /// </summary>
    public static double Sigma(double epsilon, double delta, double sensitivity) =>
        throw new NotImplementedException("TODO: accountant helper");
}
