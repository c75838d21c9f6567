namespace FedWorkbench.Simulation.Privacy;

/// <summary>
/// RDP of one step of the Poisson-subsampled Gaussian mechanism, from Mironov, Talwar and Zhang 2019,
/// "Rényi Differential Privacy of the Sampled Gaussian Mechanism" (arXiv:1908.10530), Section 3.3. The RDP at
/// order α is log(A_α)/(α − 1), and A_α is computed in log space so that neither large orders nor small
/// noise overflow. TensorFlow Privacy and Opacus compute the same quantity the same way.
/// </summary>
internal static class SampledGaussianRdp
{
    /// <summary>
    /// The fractional-order series stops once both new terms are below e^−30 (as TensorFlow Privacy's does).
    /// </summary>
    private const double SeriesLogTolerance = -30.0;

    /// <summary>Upper bound on fractional-order series terms. A series that has not converged by then is replaced.</summary>
    private const int MaxSeriesTerms = 10_000;

    /// <summary>Relative slack for rounding when a series value is compared with the bounds from integer orders.</summary>
    private const double BoundTolerance = 1e-9;

    /// <summary>Returns the RDP at <paramref name="order"/> for 0 ≤ q ≤ 1 and z ≥ 0 (arguments checked by the caller).</summary>
    public static double Rdp(double samplingRate, double noiseMultiplier, double order)
    {
        if (noiseMultiplier == 0 || double.IsPositiveInfinity(order))
        {
            return double.PositiveInfinity;
        }

        if (samplingRate == 0)
        {
            return 0.0;
        }

        if (samplingRate == 1.0)
        {
            // Plain Gaussian mechanism with sensitivity 1 and standard deviation z: α/(2z²).
            return order / (2 * noiseMultiplier * noiseMultiplier);
        }

        if (order == Math.Floor(order))
        {
            return LogAIntegerOrder(samplingRate, noiseMultiplier, (int)order) / (order - 1);
        }

        return FractionalOrderRdp(samplingRate, noiseMultiplier, order);
    }

    /// <summary>
    /// Returns the RDP at a fractional order from the series, checked against the neighbouring integer orders f and
    /// c = f + 1. The RDP is non-decreasing in α, and log A_α is convex in α (it is a log moment generating
    /// function, with log A₁ = 0), so the true value lies between rdp(f) and the interpolation
    /// ((1 − t)·log A_f + t·log A_c)/(α − 1), t = α − f. The series loses all its digits in some settings, such as
    /// q = 0.5, z = 20, α = 47.25, where it returns a negative value. When its value is not finite or falls outside
    /// those bounds, the interpolation is returned: a valid upper bound, and therefore still a guarantee.
    /// </summary>
    private static double FractionalOrderRdp(double q, double sigma, double alpha)
    {
        int floor = (int)Math.Floor(alpha);
        double logAFloor = floor == 1 ? 0.0 : LogAIntegerOrder(q, sigma, floor);
        double logACeiling = LogAIntegerOrder(q, sigma, floor + 1);
        double t = alpha - floor;
        double upperBound = ((1 - t) * logAFloor + t * logACeiling) / (alpha - 1);
        double lowerBound = floor == 1 ? 0.0 : logAFloor / (floor - 1);

        double series = LogAFractionalOrder(q, sigma, alpha) / (alpha - 1);
        // A positive upper bound means the true RDP is positive too, so a series that cancelled to 0 has lost its digits.
        bool plausible = double.IsFinite(series)
            && series >= lowerBound - BoundTolerance * Math.Abs(lowerBound)
            && series <= upperBound + BoundTolerance * Math.Abs(upperBound)
            && (series > 0 || upperBound <= 0);
        return plausible ? series : upperBound;
    }

    /// <summary>
    /// Computes log A_α for integer α by the binomial expansion
    /// A_α = Σ_{i=0}^{α} C(α, i)·qⁱ·(1 − q)^(α−i)·exp((i² − i)/(2σ²)).
    /// </summary>
    /// <remarks>
    /// The binomial weights sum to 1 and the terms i = 0 and 1 have exp(0) = 1, so
    /// A_α − 1 = Σ_{i≥2} C(α, i)·qⁱ·(1 − q)^(α−i)·(exp((i² − i)/(2σ²)) − 1), a sum of positive terms. Summing that and
    /// taking log(1 + x) keeps the digits of tiny RDP values: with q = 1e-6, A_α − 1 is about 1e-13, which adding to 1
    /// would round away, and ε would come out as 0.
    /// </remarks>
    private static double LogAIntegerOrder(double q, double sigma, int alpha)
    {
        double logQ = Math.Log(q);
        double log1MinusQ = PreciseMath.Log1P(-q);
        double twoSigmaSquared = 2 * sigma * sigma;

        double logAMinusOne = double.NegativeInfinity;
        double logBinomial = Math.Log(alpha) + Math.Log(alpha - 1) - Math.Log(2);
        for (int i = 2; i <= alpha; i++)
        {
            double exponent = ((double)i * i - i) / twoSigmaSquared;
            double logExpM1 = exponent > 1 ? exponent + PreciseMath.Log1P(-Math.Exp(-exponent)) : Math.Log(PreciseMath.ExpM1(exponent));
            double term = logBinomial + i * logQ + (alpha - i) * log1MinusQ + logExpM1;
            logAMinusOne = LogAdd(logAMinusOne, term);

            // log C(α, i + 1) = log C(α, i) + log(α − i) − log(i + 1).
            if (i < alpha)
            {
                logBinomial += Math.Log(alpha - i) - Math.Log(i + 1);
            }
        }

        // log A = log(1 + e^x) for x = log(A − 1), computed so that neither a tiny nor a huge x loses digits.
        return logAMinusOne > 0
            ? logAMinusOne + PreciseMath.Log1P(Math.Exp(-logAMinusOne))
            : PreciseMath.Log1P(Math.Exp(logAMinusOne));
    }

    /// <summary>
    /// Computes log A_α for fractional α by splitting the integral at z₀ = σ²·log(1/q − 1) + 1/2 and expanding
    /// each part in the binomial series of Mironov et al. 2019 (Section 3.3): with j = α − i,
    /// A₀ = Σᵢ C(α, i)·qⁱ(1 − q)ʲ·exp((i² − i)/(2σ²))·erfc((i − z₀)/(√2σ))/2 and
    /// A₁ = Σᵢ C(α, i)·qʲ(1 − q)ⁱ·exp((j² − j)/(2σ²))·erfc((z₀ − j)/(√2σ))/2. The generalized binomial
    /// coefficients change sign, so the sums add and subtract in log space.
    /// </summary>
    private static double LogAFractionalOrder(double q, double sigma, double alpha)
    {
        double logQ = Math.Log(q);
        double log1MinusQ = PreciseMath.Log1P(-q);
        double twoSigmaSquared = 2 * sigma * sigma;
        double sqrt2Sigma = Math.Sqrt(2) * sigma;
        double z0 = sigma * sigma * Math.Log(1 / q - 1) + 0.5;

        double logA0 = double.NegativeInfinity;
        double logA1 = double.NegativeInfinity;
        double binomial = 1.0;
        for (int i = 0; i < MaxSeriesTerms; i++)
        {
            double logCoefficient = Math.Log(Math.Abs(binomial));
            double j = alpha - i;

            double logT0 = logCoefficient + i * logQ + j * log1MinusQ;
            double logT1 = logCoefficient + j * logQ + i * log1MinusQ;
            double logE0 = Math.Log(0.5) + NormalDistribution.LogErfc((i - z0) / sqrt2Sigma);
            double logE1 = Math.Log(0.5) + NormalDistribution.LogErfc((z0 - j) / sqrt2Sigma);
            double logS0 = logT0 + ((double)i * i - i) / twoSigmaSquared + logE0;
            double logS1 = logT1 + (j * j - j) / twoSigmaSquared + logE1;

            if (binomial > 0)
            {
                logA0 = LogAdd(logA0, logS0);
                logA1 = LogAdd(logA1, logS1);
            }
            else
            {
                logA0 = LogSubtract(logA0, logS0);
                logA1 = LogSubtract(logA1, logS1);
            }

            if (Math.Max(logS0, logS1) < SeriesLogTolerance)
            {
                return LogAdd(logA0, logA1);
            }

            // C(α, i + 1) = C(α, i)·(α − i)/(i + 1).
            binomial *= (alpha - i) / (i + 1);
        }

        return double.PositiveInfinity;
    }

    /// <summary>Returns log(eˣ + eʸ) without overflow.</summary>
    private static double LogAdd(double logX, double logY)
    {
        double low = Math.Min(logX, logY);
        double high = Math.Max(logX, logY);
        return double.IsNegativeInfinity(low) ? high : high + PreciseMath.Log1P(Math.Exp(low - high));
    }

    /// <summary>
    /// Returns log(eˣ − eʸ). When rounding makes y reach x, the true difference is a rounding error away from 0,
    /// so the method returns log 0 = −∞ instead of failing.
    /// </summary>
    private static double LogSubtract(double logX, double logY)
    {
        if (double.IsNegativeInfinity(logY))
        {
            return logX;
        }

        if (logX <= logY)
        {
            return double.NegativeInfinity;
        }

        return logY + Math.Log(PreciseMath.ExpM1(logX - logY));
    }
}
