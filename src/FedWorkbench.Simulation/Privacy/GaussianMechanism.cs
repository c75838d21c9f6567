namespace FedWorkbench.Simulation.Privacy;

/// <summary>Calibration of the Gaussian mechanism to a single (ε, δ) guarantee, used by local differential privacy.</summary>
public static class GaussianMechanism
{
    /// <summary>The bisection stops when the bracket is narrower than this fraction of σ.</summary>
    private const double RelativeTolerance = 1e-12;

    /// <summary>
    /// Returns the smallest noise standard deviation σ for which adding N(0, σ²) to a query of L2 sensitivity
    /// <paramref name="sensitivity"/> is (ε, δ)-differentially private (analytic Gaussian mechanism, Balle and Wang 2018).
    /// </summary>
    /// <remarks>
    /// Balle and Wang 2018, "Improving the Gaussian Mechanism for Differential Privacy", Theorem 8: the mechanism is
    /// (ε, δ)-DP exactly when Φ(Δ/(2σ) − εσ/Δ) − e^ε·Φ(−Δ/(2σ) − εσ/Δ) ≤ δ. The left side decreases in σ, so a
    /// bisection finds the boundary. The returned σ is the upper end of the final bracket, where the condition is
    /// met, and lies within a relative 1e-12 of the exact boundary. Unlike the classical
    /// σ = Δ·√(2 ln(1.25/δ))/ε, it is valid for every ε &gt; 0, not only ε &lt; 1.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">ε or the sensitivity is not a positive finite number, or δ is outside (0, 1).</exception>
    public static double Sigma(double epsilon, double delta, double sensitivity)
    {
        if (!(epsilon > 0) || double.IsPositiveInfinity(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be a positive finite number.");
        }

        if (!(delta > 0 && delta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "δ must be in (0, 1).");
        }

        if (!(sensitivity > 0) || double.IsPositiveInfinity(sensitivity))
        {
            throw new ArgumentOutOfRangeException(nameof(sensitivity), sensitivity, "The sensitivity must be a positive finite number.");
        }

        // Bracket the boundary: the condition is met at `upper` and violated at `lower`.
        double upper = sensitivity;
        while (!IsPrivate(upper, epsilon, delta, sensitivity))
        {
            upper *= 2;
        }

        double lower = upper / 2;
        while (IsPrivate(lower, epsilon, delta, sensitivity))
        {
            upper = lower;
            lower /= 2;
        }

        while (upper - lower > RelativeTolerance * upper)
        {
            double middle = 0.5 * (lower + upper);
            if (IsPrivate(middle, epsilon, delta, sensitivity))
            {
                upper = middle;
            }
            else
            {
                lower = middle;
            }
        }

        return upper;
    }

    /// <summary>
    /// Returns the smallest δ for which N(0, σ²) noise on a query of L2 sensitivity Δ is (ε, δ)-DP:
    /// Φ(Δ/(2σ) − εσ/Δ) − e^ε·Φ(−Δ/(2σ) − εσ/Δ). The second term is formed as exp(ε + log Φ(·)) so that e^ε
    /// cannot overflow.
    /// </summary>
    public static double Delta(double sigma, double epsilon, double sensitivity)
    {
        double half = sensitivity / (2 * sigma);
        double shift = epsilon * sigma / sensitivity;
        double first = NormalDistribution.Cdf(half - shift);
        double second = Math.Exp(epsilon + NormalDistribution.LogCdf(-half - shift));
        return first - second;
    }

    private static bool IsPrivate(double sigma, double epsilon, double delta, double sensitivity) =>
        Delta(sigma, epsilon, sensitivity) <= delta;
}
