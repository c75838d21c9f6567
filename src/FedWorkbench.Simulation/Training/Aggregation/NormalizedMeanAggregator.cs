using System.Globalization;

namespace FedWorkbench.Simulation.Training.Aggregation;

/// <summary>
/// FedNova's normalized average (Wang et al. 2020, "Tackling the Objective Inconsistency Problem in
/// Heterogeneous Federated Optimization"): Δ = (Σ_k p_k·a_k)·Σ_k p_k·Δ_k/a_k with p_k = n_k/Σ_j n_j.
/// </summary>
/// <remarks>
/// a_k = ‖a‖₁ of client k's local optimizer after τ_k steps: τ_k for plain SGD, and
/// [τ_k − ρ(1 − ρ^τ_k)/(1 − ρ)]/(1 − ρ) for SGD with momentum ρ. Dividing by a_k turns each delta into an
/// average step, so clients that ran more steps no longer pull the model towards their own optimum.
/// </remarks>
internal sealed class NormalizedMeanAggregator : UpdateAggregator
{
    private readonly WeightedSum _sum;
    private readonly double _momentum;
    private double _totalWeight;
    private double _weightedNorm;
    private float[][] _positiveUpdates = [];
    private double[] _scaledWeights = [];

    /// <summary>Creates the aggregator for clients whose local SGD uses momentum <paramref name="momentum"/> in [0, 1).</summary>
    public NormalizedMeanAggregator(int parameterCount, double momentum)
        : base(parameterCount)
    {
        if (!(momentum >= 0 && momentum < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "FedNova needs a local momentum in [0, 1).");
        }

        _sum = new WeightedSum(parameterCount);
        _momentum = momentum;
    }

    /// <summary>
    /// Returns ‖a‖₁ = Σ_{t=0}^{τ−1} Σ_{j=0}^{t} ρ^j of τ local SGD steps with momentum ρ:
    /// [τ − ρ(1 − ρ^τ)/(1 − ρ)]/(1 − ρ), which is τ when ρ = 0.
    /// </summary>
    public static double NormalizingFactor(int localSteps, double momentum)
    {
        if (momentum == 0)
        {
            return localSteps;
        }

        double geometric = momentum * (1 - Math.Pow(momentum, localSteps)) / (1 - momentum);
        return (localSteps - geometric) / (1 - momentum);
    }

    /// <inheritdoc/>
    public override void Reset()
    {
        _sum.Clear();
        _totalWeight = 0;
        _weightedNorm = 0;
        Count = 0;
    }

    /// <inheritdoc/>
    public override void Add(float[] delta, double weight, int localSteps, ParallelOptions parallelOptions)
    {
        CheckUpdate(delta, weight);

        // NOTE: an update that reports no local step, as the Gaussian attacker's does, counts as one step, so
        // that the normalization does not divide by zero.
        double norm = NormalizingFactor(Math.Max(1, localSteps), _momentum);
        if (weight > 0)
        {
            _sum.Add(delta, weight / norm, parallelOptions);
        }

        _totalWeight += weight;
        _weightedNorm += weight * norm;
        Count++;
    }

    /// <inheritdoc/>
    public override void AddRange(
        ReadOnlySpan<float[]> deltas, ReadOnlySpan<double> weights, ReadOnlySpan<int> localSteps, ParallelOptions parallelOptions)
    {
        CheckUpdates(deltas, weights, localSteps);
        if (_positiveUpdates.Length < deltas.Length)
        {
            _positiveUpdates = new float[deltas.Length][];
            _scaledWeights = new double[deltas.Length];
        }

        int positive = 0;
        for (int k = 0; k < deltas.Length; k++)
        {
            double weight = weights[k];
            double norm = NormalizingFactor(Math.Max(1, localSteps[k]), _momentum);
            if (weight > 0)
            {
                _positiveUpdates[positive] = deltas[k];
                _scaledWeights[positive] = weight / norm;
                positive++;
            }

            _totalWeight += weight;
            _weightedNorm += weight * norm;
        }

        _sum.AddRange(_positiveUpdates.AsSpan(0, positive), _scaledWeights.AsSpan(0, positive), parallelOptions);
        Array.Clear(_positiveUpdates, 0, positive);
        Count += deltas.Length;
    }

    /// <inheritdoc/>
    public override void WriteResult(Span<float> pseudoGradient, ParallelOptions parallelOptions)
    {
        CheckResultLength(pseudoGradient);
        AggregationErrors.ThrowIfEmpty(Count, "FedNova's normalized mean");
        if (_totalWeight <= 0)
        {
            throw new AggregationException(string.Create(CultureInfo.InvariantCulture,
                $"All {Count} updates of this round have weight 0, so FedNova's weighted mean is undefined. The weight is the client's sample count; give every client at least one training sample."));
        }

        // Σ p_k·a_k · Σ p_k·Δ_k/a_k = (Σ n_k·a_k / n) · (Σ (n_k/a_k)·Δ_k) / n.
        double effectiveSteps = _weightedNorm / _totalWeight;
        _sum.WriteScaled(effectiveSteps / _totalWeight, pseudoGradient);
    }
}
