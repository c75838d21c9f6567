using FedWorkbench.Simulation.Randomness;

namespace FedWorkbench.Simulation.Partitioning;

/// <summary>
/// Gamma draws on <see cref="SeededRandom"/> (Marsaglia and Tsang 2000, "A Simple Method for Generating Gamma
/// Variables"). Draws are returned as logarithms so that shapes far below 1 do not underflow.
/// </summary>
internal static class GammaSampler
{
    /// <summary>Returns ln X for X ~ Gamma(<paramref name="shape"/>, 1).</summary>
    public static double NextLogGamma(ref SeededRandom random, double shape)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shape);
        if (shape < 1)
        {
            // Boost for shape < 1 (Marsaglia and Tsang): if Y ~ Gamma(a + 1) and U ~ Uniform(0, 1], then
            // Y·U^(1/a) ~ Gamma(a). In logs the factor is ln(U)/a, which stays finite where U^(1/a) underflows to 0.
            double logBoosted = NextLogGamma(ref random, shape + 1);
            double u = 1.0 - random.NextDouble();
            return logBoosted + Math.Log(u) / shape;
        }

        // Squeeze-and-reject for shape ≥ 1: d = a − 1/3, c = 1/√(9d), v = (1 + c·x)³ with x standard normal;
        // accept d·v when u < 1 − 0.0331·x⁴ or ln u < x²/2 + d·(1 − v + ln v).
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x = random.NextGaussian();
            double t = 1.0 + c * x;
            if (t <= 0)
            {
                continue;
            }

            double v = t * t * t;
            double u = random.NextDouble();
            double xSquared = x * x;
            if (u < 1.0 - 0.0331 * xSquared * xSquared)
            {
                return Math.Log(d) + Math.Log(v);
            }

            if (Math.Log(u) < 0.5 * xSquared + d * (1.0 - v + Math.Log(v)))
            {
                return Math.Log(d) + Math.Log(v);
            }
        }
    }
}
