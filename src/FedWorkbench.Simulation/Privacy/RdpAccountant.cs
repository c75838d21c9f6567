using System.Globalization;

namespace FedWorkbench.Simulation.Privacy;

/// <summary>
/// Rényi differential privacy accountant for the Poisson-subsampled Gaussian mechanism (Mironov et al. 2019),
/// converted to (ε, δ) with the bound of Balle et al. 2020.
/// </summary>
/// <remarks>
/// The sensitivity is 1 and the noise standard deviation is the noise multiplier z, so the RDP depends only on the
/// sampling rate q and z. Steps compose by adding RDP, so T steps cost T times one step. A noise multiplier of 0
/// gives ε = +∞ even when q = 0: no noise means no guarantee is claimed.
/// </remarks>
public static class RdpAccountant
{
    /// <summary>Spacing of the grid that <see cref="NoiseMultiplierFor"/> rounds up to.</summary>
    public const double NoiseMultiplierStep = 1.0 / GridPointsPerUnit;

    /// <summary>Largest noise multiplier <see cref="NoiseMultiplierFor"/> tries before it reports the target as unreachable.</summary>
    public const double MaxNoiseMultiplier = 1000.0;

    /// <summary>
    /// Smallest positive noise multiplier the accountant evaluates. Below it ε is in the millions anyway, and the
    /// series for fractional orders needs minutes for values near the smallest doubles.
    /// </summary>
    public const double MinPositiveNoiseMultiplier = 0.001;

    /// <summary>Grid points per unit of noise multiplier. Grid point k is k / 1000, the double nearest the decimal.</summary>
    private const int GridPointsPerUnit = 1000;

    private static readonly double[] DefaultOrders = CreateDefaultOrders();

    /// <summary>A read-only view of <see cref="DefaultOrders"/>, so that callers cannot change the shared grid.</summary>
    private static readonly IReadOnlyList<double> ReadOnlyOrders = Array.AsReadOnly(DefaultOrders);

    /// <summary>
    /// The Rényi orders α the accountant evaluates: 1.1 to 10.9 in steps of 0.1, 11 to 64 in steps of 0.25, then
    /// 128, 256 and 512. Small orders give the minimum when ε is large, large ones when ε is small. Steps of 0.25
    /// above 11 matter for noise multipliers below 1, where the RDP rises steeply between integer orders.
    /// </summary>
    public static IReadOnlyList<double> Orders => ReadOnlyOrders;

    /// <summary>
    /// Returns the RDP ε(α) of one step of the Gaussian mechanism with noise multiplier <paramref name="noiseMultiplier"/>
    /// on a Poisson sample with rate <paramref name="samplingRate"/>, for each of <see cref="Orders"/>.
    /// Positive infinity for every order when the noise multiplier is 0.
    /// </summary>
    public static double[] RdpPerStep(double samplingRate, double noiseMultiplier) =>
        RdpPerStep(samplingRate, noiseMultiplier, DefaultOrders);

    /// <summary>Returns the RDP of one step, as <see cref="RdpPerStep(double, double)"/>, at each of <paramref name="orders"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">q is outside [0, 1], z is negative or not finite, or an order is not above 1.</exception>
    public static double[] RdpPerStep(double samplingRate, double noiseMultiplier, IReadOnlyList<double> orders)
    {
        if (noiseMultiplier > 0 && noiseMultiplier < MinPositiveNoiseMultiplier)
        {
            throw new ArgumentOutOfRangeException(
                nameof(noiseMultiplier), noiseMultiplier, $"A positive noise multiplier must be at least {MinPositiveNoiseMultiplier}; 0 means no noise.");
        }

        ArgumentNullException.ThrowIfNull(orders);
        CheckSamplingRate(samplingRate);
        CheckNoiseMultiplier(noiseMultiplier);
        CheckOrders(orders);

        var rdp = new double[orders.Count];
        for (int k = 0; k < rdp.Length; k++)
        {
            rdp[k] = SampledGaussianRdp.Rdp(samplingRate, noiseMultiplier, orders[k]);
        }

        return rdp;
    }

    /// <summary>Converts RDP values over <see cref="Orders"/> to the smallest ε of an (ε, δ) guarantee.</summary>
    public static double EpsilonFromRdp(ReadOnlySpan<double> rdp, double delta) => EpsilonFromRdp(rdp, DefaultOrders, delta);

    /// <summary>
    /// Converts RDP values at <paramref name="orders"/> to the smallest ε of an (ε, δ) guarantee with the bound of
    /// Balle et al. 2020, "Hypothesis Testing Interpretations and Rényi Differential Privacy", Theorem 21:
    /// ε = min over α of rdp(α) + log((α − 1)/α) − (log δ + log α)/(α − 1), and never below 0. ε is 0 when some
    /// rdp(α) ≤ −log(1 − δ²), because the total variation distance is then at most δ.
    /// </summary>
    /// <exception cref="ArgumentException">The two lists differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">δ is outside (0, 1) or an order is not above 1.</exception>
    public static double EpsilonFromRdp(ReadOnlySpan<double> rdp, IReadOnlyList<double> orders, double delta)
    {
        ArgumentNullException.ThrowIfNull(orders);
        CheckDelta(delta);
        CheckOrders(orders);
        if (rdp.Length != orders.Count)
        {
            throw new ArgumentException($"{rdp.Length} RDP values were given for {orders.Count} orders; give one value per order.", nameof(rdp));
        }

        double logDelta = Math.Log(delta);
        double best = double.PositiveInfinity;
        for (int k = 0; k < rdp.Length; k++)
        {
            // When δ ≥ √(1 − e^(−rdp)), total variation (bounded by √(1 − e^(−KL)) and KL ≤ rdp(α)) already gives
            // (0, δ); TensorFlow Privacy's RdpAccountant applies the same shortcut. It makes q = 0 give ε = 0.
            if (delta * delta + PreciseMath.ExpM1(-rdp[k]) >= 0)
            {
                return 0.0;
            }

            double alpha = orders[k];
            double epsilon = rdp[k] + PreciseMath.Log1P(-1 / alpha) - (logDelta + Math.Log(alpha)) / (alpha - 1);
            if (epsilon < best)
            {
                best = epsilon;
            }
        }

        return Math.Max(0.0, best);
    }

    /// <summary>Returns ε after <paramref name="steps"/> steps; positive infinity when the noise multiplier is 0.</summary>
    public static double Epsilon(double samplingRate, double noiseMultiplier, int steps, double delta) =>
        Epsilon(samplingRate, noiseMultiplier, steps, delta, DefaultOrders);

    /// <summary>
    /// Returns ε after <paramref name="steps"/> steps, minimized over <paramref name="orders"/>; 0 for 0 steps and
    /// positive infinity when the noise multiplier is 0.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">q is outside [0, 1], z is negative or not finite, steps is negative, δ is outside (0, 1) or an order is not above 1.</exception>
    public static double Epsilon(double samplingRate, double noiseMultiplier, int steps, double delta, IReadOnlyList<double> orders)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        CheckDelta(delta);
        double[] rdp = RdpPerStep(samplingRate, noiseMultiplier, orders);
        if (steps == 0)
        {
            return 0.0;
        }

        for (int k = 0; k < rdp.Length; k++)
        {
            rdp[k] *= steps;
        }

        return EpsilonFromRdp(rdp, orders, delta);
    }

    /// <summary>
    /// Returns the smallest noise multiplier on the grid of multiples of <see cref="NoiseMultiplierStep"/> whose ε after
    /// <paramref name="steps"/> steps does not exceed <paramref name="targetEpsilon"/>. Throws
    /// <see cref="ExperimentException"/> when no noise multiplier up to <see cref="MaxNoiseMultiplier"/> reaches the target.
    /// </summary>
    /// <remarks>
    /// The grid is the multiples of <see cref="NoiseMultiplierStep"/> up to <see cref="MaxNoiseMultiplier"/>. A
    /// bisection over the grid keeps ε(lower) &gt; target and ε(upper) ≤ target, so the result z satisfies
    /// ε(z) ≤ target and ε(z − <see cref="NoiseMultiplierStep"/>) &gt; target whether or not rounding makes ε
    /// slightly non-monotone in z. With q = 0 every z gives ε = 0, so the result is the first grid point.
    /// </remarks>
    /// <exception cref="ExperimentException">The target ε is not a positive number, or even the maximum noise multiplier exceeds it.</exception>
    /// <exception cref="ArgumentOutOfRangeException">q is outside [0, 1], steps is below 1 or δ is outside (0, 1).</exception>
    public static double NoiseMultiplierFor(double samplingRate, double targetEpsilon, int steps, double delta)
    {
        CheckSamplingRate(samplingRate);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        CheckDelta(delta);
        if (!(targetEpsilon > 0) || double.IsPositiveInfinity(targetEpsilon))
        {
            throw new ExperimentException(Invariant(
                $"Target ε {targetEpsilon} is invalid: enter a positive finite number such as 1 or 8."));
        }

        int upper = checked((int)(MaxNoiseMultiplier * GridPointsPerUnit));
        double epsilonAtMaximum = Epsilon(samplingRate, MaxNoiseMultiplier, steps, delta);
        if (epsilonAtMaximum > targetEpsilon)
        {
            throw new ExperimentException(Invariant(
                $"Target ε {targetEpsilon} cannot be reached: even noise multiplier {MaxNoiseMultiplier} gives ε = {epsilonAtMaximum:G4} after {steps:N0} steps at sampling rate {samplingRate} and δ = {delta}. Raise the target ε, or lower the number of rounds or the sampling rate."));
        }

        // Invariant: ε at grid point `lower` exceeds the target (z = 0 gives +∞), ε at `upper` does not.
        int lower = 0;
        while (upper - lower > 1)
        {
            int middle = lower + (upper - lower) / 2;
            if (Epsilon(samplingRate, (double)middle / GridPointsPerUnit, steps, delta) <= targetEpsilon)
            {
                upper = middle;
            }
            else
            {
                lower = middle;
            }
        }

        return (double)upper / GridPointsPerUnit;
    }

    private static double[] CreateDefaultOrders()
    {
        var orders = new List<double>();
        for (int tenths = 1; tenths < 100; tenths++)
        {
            orders.Add(1 + tenths / 10.0);
        }

        for (int quarters = 11 * 4; quarters <= 64 * 4; quarters++)
        {
            orders.Add(quarters / 4.0);
        }

        orders.AddRange([128, 256, 512]);
        return orders.ToArray();
    }

    private static void CheckSamplingRate(double samplingRate)
    {
        if (!(samplingRate >= 0 && samplingRate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(samplingRate), samplingRate, "The sampling rate must be in [0, 1].");
        }
    }

    private static void CheckNoiseMultiplier(double noiseMultiplier)
    {
        if (!(noiseMultiplier >= 0) || double.IsPositiveInfinity(noiseMultiplier))
        {
            throw new ArgumentOutOfRangeException(nameof(noiseMultiplier), noiseMultiplier, "The noise multiplier must be a finite number ≥ 0.");
        }
    }

    private static void CheckDelta(double delta)
    {
        if (!(delta > 0 && delta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "δ must be in (0, 1).");
        }
    }

    private static void CheckOrders(IReadOnlyList<double> orders)
    {
        foreach (double order in orders)
        {
            if (!(order > 1) || double.IsPositiveInfinity(order))
            {
                throw new ArgumentOutOfRangeException(nameof(orders), order, "Every Rényi order must be a finite number above 1.");
            }
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
