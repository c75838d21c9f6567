using FedWorkbench.Simulation.Privacy;

namespace FedWorkbench.Simulation.Tests.Privacy;

public class RdpAccountantTests
{
    /// <summary>Opacus' RDPAccountant.DEFAULT_ALPHAS: 1.1 to 10.9 in steps of 0.1, then 12 to 63.</summary>
    private static readonly double[] OpacusOrders =
        [.. Enumerable.Range(1, 99).Select(tenths => 1 + tenths / 10.0), .. Enumerable.Range(12, 52).Select(order => (double)order)];

    /// <summary>
    /// The orders of TensorFlow Privacy's compute_dp_sgd_privacy: 1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5,
    /// the integers 5 to 63, then 128, 256 and 512.
    /// </summary>
    private static readonly double[] TensorFlowPrivacyOrders =
        [1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5, .. Enumerable.Range(5, 59).Select(order => (double)order), 128, 256, 512];

    /// <summary>
    /// Source: pytorch/opacus, opacus/tests/accountants_test.py, test_rdp_accountant: noise multiplier 1.5, sample
    /// rate 0.04, int(90 / 0.04) = 2,250 steps, δ = 1e-5, asserted to 7 decimal places. Opacus'
    /// get_privacy_spent (opacus/accountants/analysis/rdp.py) uses the conversion of Balle et al. 2020, Theorem 21,
    /// and the best order is 3.9. The older conversion ε = rdp − log δ/(α − 1) would give about 8.074 instead.
    /// </summary>
    [Fact]
    public void Epsilon_OpacusVector_OpacusOrders()
    {
        double epsilon = RdpAccountant.Epsilon(0.04, 1.5, 2250, 1e-5, OpacusOrders);

        Assert.Equal(7.32911117143, epsilon, 1e-9);
    }

    [Fact]
    public void Epsilon_OpacusVector_DefaultOrders()
    {
        // The default orders contain every Opacus order that matters here (the optimum 3.9 included).
        double epsilon = RdpAccountant.Epsilon(0.04, 1.5, 2250, 1e-5);

        Assert.Equal(7.32911117143, epsilon, 1e-9);
    }

    /// <summary>
    /// Source: tensorflow/privacy, tensorflow_privacy/privacy/analysis/compute_dp_sgd_privacy_test.py, Test0:
    /// n = 60,000, batch size 150, noise multiplier 1.3, 15 epochs, δ = 1e-5 → ε = 0.7242234026109595 at order 19,
    /// asserted to 7 decimal places. compute_dp_sgd_privacy_lib.py turns this into q = 150/60,000 and
    /// ceil(15·60,000/150) = 6,000 steps, and its RdpAccountant uses the conversion of Balle et al. 2020 in the form of
    /// Canonne, Kamath and Steinke 2020, Proposition 12, which is the same formula. The older conversion would give
    /// about 0.942 instead.
    /// </summary>
    [Fact]
    public void Epsilon_TensorFlowVector_ItsOrders()
    {
        double epsilon = RdpAccountant.Epsilon(150.0 / 60000, 1.3, 6000, 1e-5, TensorFlowPrivacyOrders);

        Assert.Equal(0.7242234026109595, epsilon, 1e-9);
    }

    [Fact]
    public void Epsilon_TensorFlowVector_DefaultOrders()
    {
        // The default orders include the optimum 19, so the bound can only be the same or tighter.
        double epsilon = RdpAccountant.Epsilon(150.0 / 60000, 1.3, 6000, 1e-5);

        Assert.True(epsilon <= 0.7242234026109595 + 1e-12, $"ε = {epsilon:R} exceeds TensorFlow Privacy's 0.7242234026109595.");
        Assert.True(epsilon >= 0.72, $"ε = {epsilon:R} is far below TensorFlow Privacy's 0.7242234026109595.");
    }

    /// <summary>
    /// Source: tensorflow/privacy, tensorflow_privacy/privacy/analysis/rdp_accountant_test.py,
    /// test_compute_rdp_sequence: compute_rdp(q = 0.01, noise 2.5, 50 steps) at orders 1.5, 2.5, 5, 50 and 100,
    /// asserted within 1e-5. Two fractional and three integer orders.
    /// </summary>
    [Fact]
    public void RdpPerStep_TensorFlowPrivacySequence_Matches()
    {
        double[] orders = [1.5, 2.5, 5, 50, 100];
        double[] expected = [0.00065, 0.001085, 0.00218075, 0.023846, 167.416307];

        double[] rdp = RdpAccountant.RdpPerStep(0.01, 2.5, orders);

        for (int k = 0; k < orders.Length; k++)
        {
            Assert.True(Math.Abs(50 * rdp[k] - expected[k]) <= 1e-5, $"Order {orders[k]}: 50·RDP = {50 * rdp[k]:R}, expected {expected[k]}.");
        }
    }

    /// <summary>Source: tensorflow_privacy rdp_accountant_test.py, test_compute_rdp_scalar: 0.07737 to 5 places.</summary>
    [Fact]
    public void RdpPerStep_TensorFlowPrivacyScalar_Matches()
    {
        double[] rdp = RdpAccountant.RdpPerStep(0.1, 2, [5]);

        Assert.Equal(0.07737, 10 * rdp[0], 5);
    }

    [Theory]
    [InlineData(0.3, 1.7)]
    [InlineData(0.001, 0.5)]
    [InlineData(0.9, 3.0)]
    public void RdpPerStep_OrderTwo_MatchesClosedForm(double q, double z)
    {
        // A₂ = (1 − q)² + 2q(1 − q) + q²·e^(1/z²) = 1 + q²·(e^(1/z²) − 1), and RDP(2) = log A₂.
        double expected = Math.Log(1 + q * q * (Math.Exp(1 / (z * z)) - 1));

        double actual = RdpAccountant.RdpPerStep(q, z, [2])[0];

        Assert.Equal(expected, actual, 1e-13 * expected);
    }

    [Theory]
    [InlineData(0.1, 1.0, 2.5)]
    [InlineData(0.01, 2.5, 1.5)]
    [InlineData(0.5, 0.8, 7.3)]
    [InlineData(0.04, 1.5, 3.9)]
    [InlineData(0.00025, 0.92, 13.75)]
    [InlineData(0.02, 0.8, 20.25)]
    [InlineData(0.001, 3.0, 63.5)]
    public void RdpPerStep_FractionalOrder_MatchesIntegral(double q, double z, double alpha)
    {
        double expected = LogIntegrateA(q, z, alpha) / (alpha - 1);

        double actual = RdpAccountant.RdpPerStep(q, z, [alpha])[0];

        Assert.True(Math.Abs(actual - expected) <= 1e-8 * expected, $"RDP({alpha}) = {actual:R}, the integral gives {expected:R}.");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.3)]
    [InlineData(10.0)]
    public void RdpPerStep_FullSampling_IsPlainGaussian(double z)
    {
        double[] rdp = RdpAccountant.RdpPerStep(1.0, z);

        for (int k = 0; k < rdp.Length; k++)
        {
            double alpha = RdpAccountant.Orders[k];
            Assert.Equal(alpha / (2 * z * z), rdp[k], 1e-15 * alpha / (z * z));
        }
    }

    [Fact]
    public void Epsilon_FullSampling_MatchesBalleFormula()
    {
        const double z = 2.0;
        const int steps = 5;
        const double delta = 1e-6;
        double expected = RdpAccountant.Orders
            .Select(alpha => steps * alpha / (2 * z * z) + Math.Log((alpha - 1) / alpha) - (Math.Log(delta) + Math.Log(alpha)) / (alpha - 1))
            .Min();

        double actual = RdpAccountant.Epsilon(1.0, z, steps, delta);

        Assert.Equal(expected, actual, 1e-12);
    }

    [Fact]
    public void Epsilon_NoSampling_IsZero()
    {
        Assert.All(RdpAccountant.RdpPerStep(0.0, 1.0), value => Assert.Equal(0.0, value));
        Assert.Equal(0.0, RdpAccountant.Epsilon(0.0, 1.0, 1000, 1e-5));
    }

    [Theory]
    [InlineData(0.04)]
    [InlineData(1.0)]
    [InlineData(0.0)]
    public void Epsilon_ZeroNoise_IsInfinite(double q)
    {
        Assert.All(RdpAccountant.RdpPerStep(q, 0.0), value => Assert.Equal(double.PositiveInfinity, value));
        Assert.Equal(double.PositiveInfinity, RdpAccountant.Epsilon(q, 0.0, 1, 1e-5));
    }

    [Fact]
    public void Epsilon_MoreSteps_Increases()
    {
        double previous = 0;
        foreach (int steps in new[] { 1, 10, 100, 1000, 10000 })
        {
            double epsilon = RdpAccountant.Epsilon(0.01, 1.1, steps, 1e-5);
            Assert.True(epsilon > previous, $"ε after {steps} steps is {epsilon:R}, not above {previous:R}.");
            previous = epsilon;
        }
    }

    [Fact]
    public void Epsilon_HigherSamplingRate_Increases()
    {
        double previous = 0;
        foreach (double q in new[] { 0.001, 0.01, 0.05, 0.2, 0.6, 1.0 })
        {
            double epsilon = RdpAccountant.Epsilon(q, 1.1, 100, 1e-5);
            Assert.True(epsilon > previous, $"ε at q = {q} is {epsilon:R}, not above {previous:R}.");
            previous = epsilon;
        }
    }

    [Fact]
    public void Epsilon_MoreNoise_Decreases()
    {
        double previous = double.PositiveInfinity;
        foreach (double z in new[] { 0.3, 0.6, 1.0, 2.0, 4.0, 8.0 })
        {
            double epsilon = RdpAccountant.Epsilon(0.05, z, 500, 1e-5);
            Assert.True(epsilon < previous, $"ε at z = {z} is {epsilon:R}, not below {previous:R}.");
            previous = epsilon;
        }
    }

    [Theory]
    [InlineData(0.04, 8.0, 2250, 1e-5)]
    [InlineData(0.0025, 1.0, 6000, 1e-5)]
    [InlineData(0.1, 3.0, 50, 1e-6)]
    [InlineData(1.0, 2.0, 10, 1e-5)]
    [InlineData(0.5, 50.0, 1, 1e-3)]
    public void NoiseMultiplierFor_RoundTrips(double q, double target, int steps, double delta)
    {
        double z = RdpAccountant.NoiseMultiplierFor(q, target, steps, delta);

        double gridSteps = z / RdpAccountant.NoiseMultiplierStep;
        Assert.Equal(Math.Round(gridSteps), gridSteps, 1e-6);
        double achieved = RdpAccountant.Epsilon(q, z, steps, delta);
        Assert.True(achieved <= target, $"z = {z} gives ε = {achieved:R}, above the target {target}.");
        double belowGrid = RdpAccountant.Epsilon(q, z - RdpAccountant.NoiseMultiplierStep, steps, delta);
        Assert.True(belowGrid > target, $"z = {z - RdpAccountant.NoiseMultiplierStep} already gives ε = {belowGrid:R} ≤ {target}.");
    }

    /// <summary>
    /// Source: opacus/tests/accountants_test.py, test_get_noise_multiplier_rdp_steps: target ε 8, δ 1e-5,
    /// q 0.04, 2,000 steps → 1.3562. Opacus bisects until its bracket is 0.01 wide, so the boundary lies within
    /// 0.01 of its value; the grid adds at most 0.001.
    /// </summary>
    [Fact]
    public void NoiseMultiplierFor_OpacusVector_IsClose()
    {
        double z = RdpAccountant.NoiseMultiplierFor(0.04, 8.0, 2000, 1e-5);

        Assert.InRange(z, 1.3562 - 0.01, 1.3562 + 0.011);
    }

    [Fact]
    public void NoiseMultiplierFor_NoSampling_IsFirstGridPoint()
    {
        Assert.Equal(RdpAccountant.NoiseMultiplierStep, RdpAccountant.NoiseMultiplierFor(0.0, 1.0, 100, 1e-5));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void NoiseMultiplierFor_InvalidTarget_Throws(double target)
    {
        var exception = Assert.Throws<ExperimentException>(() => RdpAccountant.NoiseMultiplierFor(0.01, target, 100, 1e-5));

        Assert.Contains("positive finite number", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoiseMultiplierFor_UnreachableTarget_Throws()
    {
        // With q = 1, ε ≥ rdp(α) − … and T·α/(2z²) at z = 1000 and 10⁷ steps is 5α, far above 0.01.
        var exception = Assert.Throws<ExperimentException>(() => RdpAccountant.NoiseMultiplierFor(1.0, 0.01, 10_000_000, 1e-5));

        Assert.Contains("cannot be reached", exception.Message, StringComparison.Ordinal);
        Assert.Contains("noise multiplier 1000", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-0.1, 1.0, 1e-5)]
    [InlineData(1.1, 1.0, 1e-5)]
    [InlineData(double.NaN, 1.0, 1e-5)]
    [InlineData(0.1, -1.0, 1e-5)]
    [InlineData(0.1, double.PositiveInfinity, 1e-5)]
    [InlineData(0.1, 1.0, 0.0)]
    [InlineData(0.1, 1.0, 1.0)]
    public void Epsilon_OutOfRangeArgument_Throws(double q, double z, double delta)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RdpAccountant.Epsilon(q, z, 10, delta));
    }

    [Fact]
    public void EpsilonFromRdp_LengthMismatch_Throws()
    {
        Assert.Throws<ArgumentException>(() => RdpAccountant.EpsilonFromRdp([0.1, 0.2], 1e-5));
    }

    [Fact]
    public void Epsilon_QuarterOrders_TightenSmallNoise()
    {
        // Below z = 1 the RDP rises steeply between integer orders; order 13.75 beats 13 and 14 here.
        double[] integerOrders = [.. Enumerable.Range(2, 63).Select(order => (double)order)];

        double integerOnly = RdpAccountant.Epsilon(0.00025, 0.92, 6000, 1.5e-7, integerOrders);
        double withQuarters = RdpAccountant.Epsilon(0.00025, 0.92, 6000, 1.5e-7);

        Assert.Equal(1.0212, integerOnly, 1e-4);
        Assert.Equal(0.9706, withQuarters, 1e-4);
    }

    [Fact]
    public void Orders_AreTheDocumentedGrid()
    {
        IReadOnlyList<double> orders = RdpAccountant.Orders;

        Assert.Equal(99 + 213 + 3, orders.Count);
        Assert.Equal(1.1, orders[0]);
        Assert.Equal(10.9, orders[98]);
        Assert.Equal(11.0, orders[99]);
        Assert.Equal(11.25, orders[100]);
        Assert.Equal(64.0, orders[311]);
        Assert.Equal([128.0, 256.0, 512.0], orders.Skip(312));
    }

    /// <summary>
    /// Computes log A_α, where A_α = E over x ~ N(0, z²) of ((1 − q) + q·exp((2x − 1)/(2z²)))^α, by Simpson's rule
    /// in log space: an integral independent of the series the accountant sums. The integrand's mass lies within
    /// 40z of 0 and of α.
    /// </summary>
    private static double LogIntegrateA(double q, double z, double alpha)
    {
        double from = -40 * z;
        double to = alpha + 40 * z;
        const int intervals = 200_000;
        double h = (to - from) / intervals;

        var logIntegrand = new double[intervals + 1];
        for (int i = 0; i <= intervals; i++)
        {
            double x = from + i * h;
            double logDensity = -x * x / (2 * z * z) - Math.Log(z * Math.Sqrt(2 * Math.PI));
            double logFirst = Math.Log(1 - q);
            double logSecond = Math.Log(q) + (2 * x - 1) / (2 * z * z);
            double logRatio = Math.Max(logFirst, logSecond) + Math.Log(1 + Math.Exp(-Math.Abs(logFirst - logSecond)));
            logIntegrand[i] = logDensity + alpha * logRatio;
        }

        double peak = logIntegrand.Max();
        double sum = 0;
        for (int i = 0; i <= intervals; i++)
        {
            double weight = 2;
            if (i == 0 || i == intervals)
            {
                weight = 1;
            }
            else if (i % 2 == 1)
            {
                weight = 4;
            }

            sum += weight * Math.Exp(logIntegrand[i] - peak);
        }

        return peak + Math.Log(sum * h / 3);
    }
}
