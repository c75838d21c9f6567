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

    /// <summary>Upper bound on fractional-order series terms; the order's RDP is +∞ if the series has not converged by then.</summary>
    private const int MaxSeriesTerms = 1_000_000;

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

        double logA = order == Math.Floor(order)
            ? LogAIntegerOrder(samplingRate, noiseMultiplier, (int)order)
            : LogAFractionalOrder(samplingRate, noiseMultiplier, order);
        return logA / (order - 1);
    }

    /// <summary>
    /// Computes log A_α for integer α by the binomial expansion
    /// A_α = Σ_{i=0}^{α} C(α, i)·qⁱ·(1 − q)^(α−i)·exp((i² − i)/(2σ²)).
    /// </summary>
    private static double LogAIntegerOrder(double q, double sigma, int alpha)
    {
        double logQ = Math.Log(q);
        double log1MinusQ = PreciseMath.Log1P(-q);
        double twoSigmaSquared = 2 * sigma * sigma;

        double logA = double.NegativeInfinity;
        double logBinomial = 0.0;
        for (int i = 0; i <= alpha; i++)
        {
            double term = logBinomial + i * logQ + (alpha - i) * log1MinusQ + ((double)i * i - i) / twoSigmaSquared;
            logA = LogAdd(logA, term);

            // log C(α, i + 1) = log C(α, i) + log(α − i) − log(i + 1).
            if (i < alpha)
            {
                logBinomial += Math.Log(alpha - i) - Math.Log(i + 1);
            }
        }

        return logA;
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

        // NOTE: not reached for the orders, rates and multipliers the tests cover; +∞ keeps the bound an upper bound.
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
