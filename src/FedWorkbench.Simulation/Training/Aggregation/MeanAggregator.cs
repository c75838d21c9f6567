using System.Globalization;

namespace FedWorkbench.Simulation.Training.Aggregation;

/// <summary>
/// The FedAvg mean Δ = Σ_k n_k·Δ_k / Σ_k n_k (McMahan et al. 2017), or the unweighted mean Σ_k Δ_k / n that
/// SCAFFOLD uses (Karimireddy et al. 2020).
/// </summary>
/// <remarks>
/// Streams: each update is added to a float64 sum and not kept, so memory does not grow with the clients of a
/// round. Results are bit-identical for any degree of parallelism.
/// </remarks>
internal sealed class MeanAggregator : UpdateAggregator
{
    private readonly WeightedSum _sum;
    private readonly bool _weighted;
    private double _totalWeight;
    private float[][] _positiveUpdates = [];
    private double[] _positiveWeights = [];

    /// <summary>Creates a mean weighted by sample count, or an unweighted one when <paramref name="weighted"/> is false.</summary>
    public MeanAggregator(int parameterCount, bool weighted)
        : base(parameterCount)
    {
        _sum = new WeightedSum(parameterCount);
        _weighted = weighted;
    }

    /// <inheritdoc/>
    public override void Reset()
    {
        _sum.Clear();
        _totalWeight = 0;
        Count = 0;
    }

    /// <inheritdoc/>
    public override void Add(float[] delta, double weight, int localSteps, ParallelOptions parallelOptions)
    {
        CheckUpdate(delta, weight);
        double effectiveWeight = _weighted ? weight : 1.0;
        if (effectiveWeight > 0)
        {
            _sum.Add(delta, effectiveWeight, parallelOptions);
        }

        _totalWeight += effectiveWeight;
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
            _positiveWeights = new double[deltas.Length];
        }

        // Add skips a weight of 0, so the sum here must skip it too to give the same bits.
        int positive = 0;
        for (int k = 0; k < deltas.Length; k++)
        {
            double effectiveWeight = _weighted ? weights[k] : 1.0;
            if (effectiveWeight > 0)
            {
                _positiveUpdates[positive] = deltas[k];
                _positiveWeights[positive] = effectiveWeight;
                positive++;
            }

            _totalWeight += effectiveWeight;
        }

        _sum.AddRange(_positiveUpdates.AsSpan(0, positive), _positiveWeights.AsSpan(0, positive), parallelOptions);
        Array.Clear(_positiveUpdates, 0, positive);
        Count += deltas.Length;
    }

    /// <inheritdoc/>
    public override bool AddsTrainedModels => true;

    /// <inheritdoc/>
    public override void AddTrainedModels(
        ReadOnlySpan<float[]> models,
        float[] global,
        ReadOnlySpan<double> weights,
        ReadOnlySpan<int> localSteps,
        Span<bool> nonFinite,
        ParallelOptions parallelOptions)
    {
        ArgumentNullException.ThrowIfNull(global);
        CheckUpdates(models, weights, localSteps);
        if (nonFinite.Length != models.Length)
        {
            throw new ArgumentException($"{models.Length} models came with {nonFinite.Length} flags; give one per model.", nameof(nonFinite));
        }

        for (int k = 0; k < weights.Length; k++)
        {
            // A model of weight 0 would be skipped unchecked, so the caller rejects it before.
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(weights[k], nameof(weights));
        }

        if (_positiveUpdates.Length < models.Length)
        {
            _positiveUpdates = new float[models.Length][];
            _positiveWeights = new double[models.Length];
        }

        models.CopyTo(_positiveUpdates);
        for (int k = 0; k < models.Length; k++)
        {
            _positiveWeights[k] = _weighted ? weights[k] : 1.0;
        }

        nonFinite.Clear();
        int keptCount = models.Length;
        if (!_sum.TryAddDifferences(_positiveUpdates.AsSpan(0, keptCount), global, _positiveWeights.AsSpan(0, keptCount), nonFinite, parallelOptions))
        {
            // Rare: a client diverged. Its model is left out and the rest are added again from the unchanged sum.
            keptCount = 0;
            for (int k = 0; k < models.Length; k++)
            {
                if (!nonFinite[k])
                {
                    _positiveUpdates[keptCount] = models[k];
                    _positiveWeights[keptCount] = _weighted ? weights[k] : 1.0;
                    keptCount++;
                }
            }

            Span<bool> unexpected = keptCount <= 64 ? stackalloc bool[keptCount] : new bool[keptCount];
            if (!_sum.TryAddDifferences(_positiveUpdates.AsSpan(0, keptCount), global, _positiveWeights.AsSpan(0, keptCount), unexpected, parallelOptions))
            {
                throw new InvalidOperationException("A model that was finite in the first pass over the deltas was not in the second; the models changed during the call.");
            }
        }

        for (int k = 0; k < keptCount; k++)
        {
            _totalWeight += _positiveWeights[k];
        }

        Array.Clear(_positiveUpdates, 0, models.Length);
        Count += keptCount;
    }

    /// <inheritdoc/>
    public override void WriteResult(Span<float> pseudoGradient, ParallelOptions parallelOptions)
    {
        CheckResultLength(pseudoGradient);
        AggregationErrors.ThrowIfEmpty(Count, "The mean");
        if (_totalWeight <= 0)
        {
            throw new AggregationException(string.Create(CultureInfo.InvariantCulture,
                $"All {Count} updates of this round have weight 0, so their weighted mean is undefined. The weight is the client's sample count; give every client at least one training sample."));
        }

        _sum.WriteScaled(1.0 / _totalWeight, pseudoGradient);
    }
}
