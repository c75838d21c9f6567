namespace FedWorkbench.Simulation.Privacy;

/// <summary>
/// The complementary error function and the standard normal CDF Φ, accurate in the far tails where
/// <c>1 − erf(x)</c> loses every digit. The privacy accountant and the analytic Gaussian mechanism need both.
/// </summary>
public static class NormalDistribution
{
    /// <summary>Below this |x| a power series is used (erfc ≥ 0.157 there, so 1 − erf loses under one digit), at and above it a continued fraction.</summary>
    private const double ContinuedFractionThreshold = 1.0;

    private const double InverseSqrtPi = 0.56418958354775628695;
    private const double LogSqrtPi = 0.57236494292470008707;
    private const double Sqrt2 = 1.41421356237309504880;

    /// <summary>Returns erfc(x) = 1 − erf(x), with about 13 correct digits for every finite x.</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x < 0)
        {
            // erfc(−x) = 2 − erfc(x), and erfc(|x|) ≤ 1 here, so the subtraction loses nothing.
            return 2.0 - Erfc(-x);
        }

        if (x < ContinuedFractionThreshold)
        {
            return 1.0 - ErfSeries(x);
        }

        return Math.Exp(LogErfcContinuedFraction(x));
    }

    /// <summary>
    /// Returns log(erfc(x)). For large x it never forms erfc(x) itself, so it stays finite where erfc(x)
    /// underflows (x above about 26.5).
    /// </summary>
    public static double LogErfc(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x >= ContinuedFractionThreshold)
        {
            return LogErfcContinuedFraction(x);
        }

        return Math.Log(Erfc(x));
    }

    /// <summary>Returns the standard normal CDF Φ(x) = erfc(−x/√2)/2.</summary>
    public static double Cdf(double x) => 0.5 * Erfc(-x / Sqrt2);

    /// <summary>Returns log Φ(x), finite for any finite x, including x far below −38 where Φ(x) underflows.</summary>
    public static double LogCdf(double x) => Math.Log(0.5) + LogErfc(-x / Sqrt2);

    /// <summary>
    /// Computes erf(x) for 0 ≤ x &lt; 1 with the series erf(x) = (2/√π)·e^(−x²)·Σ 2ⁿx^(2n+1)/(1·3·…·(2n+1)),
    /// whose terms are all positive, so no digits cancel inside the sum.
    /// </summary>
    private static double ErfSeries(double x)
    {
        double x2 = x * x;
        double term = x;
        double sum = x;
        for (int n = 1; n < 200; n++)
        {
            term *= 2.0 * x2 / (2 * n + 1);
            sum += term;
            if (term < sum * 1e-17)
            {
                break;
            }
        }

        return 2.0 * InverseSqrtPi * Math.Exp(-x2) * sum;
    }

    /// <summary>
    /// Computes log(erfc(x)) for x ≥ 1 from the continued fraction
    /// erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))), evaluated with the modified
    /// Lentz method. It converges in about 190 terms at x = 1 and 60 at x = 2.
    /// </summary>
    private static double LogErfcContinuedFraction(double x)
    {
        const double Tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0.0;
        for (int n = 1; n < 5000; n++)
        {
            double a = 0.5 * n;
            d = x + a * d;
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = x + a / c;
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1.0 / d;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1.0) < 1e-16)
            {
                break;
            }
        }

        return -x * x - LogSqrtPi - Math.Log(f);
    }
}
