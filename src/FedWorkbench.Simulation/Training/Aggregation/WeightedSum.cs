using System.Runtime.CompilerServices;

namespace FedWorkbench.Simulation.Training.Aggregation;

/// <summary>
/// A float64 running sum Σ_k w_k·Δ_k over updates, added in parallel over chunks of parameters.
/// </summary>
/// <remarks>
/// Each parameter receives its terms in the order the updates are added, whichever thread handles its chunk,
/// so the sum is bit-identical for any degree of parallelism, and <see cref="AddRange"/> gives the same bits as
/// the same updates passed one by one to <see cref="Add"/>.
/// </remarks>
internal sealed class WeightedSum
{
    /// <summary>Parameters per chunk: 4,096 float64 sums, 32 KiB, stay in the L1 or L2 cache.</summary>
    private const int ChunkLength = 4_096;

    private double[] _sum;
    private readonly Action<int> _addPendingToChunk;
    private readonly Action<int> _addPendingDifferencesToChunk;
    private float[][] _pendingUpdates = [];
    private double[] _pendingWeights = [];
    private int _pendingCount;

    // TryAddDifferences writes the new sum here and swaps it with _sum only when every difference is finite.
    private double[]? _next;
    private float[] _pendingGlobal = [];
    private bool[] _pendingNonFinite = [];

    /// <summary>Creates a zero sum of <paramref name="length"/> values.</summary>
    public WeightedSum(int length)
    {
        _sum = new double[length];
        _addPendingToChunk = AddPendingToChunk;
        _addPendingDifferencesToChunk = AddPendingDifferencesToChunk;
    }

    /// <summary>Sets every value to zero.</summary>
    public void Clear() => Array.Clear(_sum);

    /// <summary>Adds <paramref name="weight"/>·<paramref name="update"/> to the sum.</summary>
    public void Add(float[] update, double weight, ParallelOptions parallelOptions)
    {
        int length = _sum.Length;
        int chunkCount = (length + ChunkLength - 1) / ChunkLength;
        Parallel.For(0, chunkCount, parallelOptions, chunk =>
        {
            int start = chunk * ChunkLength;
            int count = Math.Min(ChunkLength, length - start);
            FedAvg.AccumulateWeighted(_sum.AsSpan(start, count), update.AsSpan(start, count), weight);
        });
    }

    /// <summary>
    /// Adds weights[k]·updates[k] for k in order, as calls of <see cref="Add"/> would, but in one parallel pass
    /// over the parameters. Each chunk of the sum stays in the cache while every update is added to it, so the
    /// sum is no longer read and written once per update.
    /// </summary>
    public void AddRange(ReadOnlySpan<float[]> updates, ReadOnlySpan<double> weights, ParallelOptions parallelOptions)
    {
        if (updates.Length != weights.Length)
        {
            throw new ArgumentException($"{updates.Length} updates came with {weights.Length} weights.", nameof(weights));
        }

        if (_pendingUpdates.Length < updates.Length)
        {
            _pendingUpdates = new float[updates.Length][];
            _pendingWeights = new double[updates.Length];
        }

        updates.CopyTo(_pendingUpdates);
        weights.CopyTo(_pendingWeights);
        _pendingCount = updates.Length;
        try
        {
            int chunkCount = (_sum.Length + ChunkLength - 1) / ChunkLength;
            Parallel.For(0, chunkCount, parallelOptions, _addPendingToChunk);
        }
        finally
        {
            // Drops the references, so the sum keeps no caller buffer alive.
            Array.Clear(_pendingUpdates, 0, _pendingCount);
            _pendingCount = 0;
        }
    }

    /// <summary>
    /// Adds weights[k]·(models[k] − <paramref name="global"/>) for k in order, with each difference rounded to
    /// float32 first, so the sum gets the same bits as <see cref="AddRange"/> given the deltas. When a difference
    /// is NaN or infinite, sets nonFinite[k] for each such model, leaves the sum unchanged and returns false.
    /// </summary>
    /// <remarks>
    /// This saves forming each delta in a pass of its own: the global model's chunk stays in the cache while
    /// every model is read once. The new sum goes to a second buffer, which replaces the sum only when all
    /// differences are finite, so a model that fails in one chunk never reaches the sum through another.
    /// </remarks>
    public bool TryAddDifferences(
        ReadOnlySpan<float[]> models, float[] global, ReadOnlySpan<double> weights, Span<bool> nonFinite, ParallelOptions parallelOptions)
    {
        if (models.Length != weights.Length || models.Length != nonFinite.Length)
        {
            throw new ArgumentException(
                $"{models.Length} models came with {weights.Length} weights and {nonFinite.Length} flags; give one of each per model.", nameof(weights));
        }

        if (global.Length != _sum.Length)
        {
            throw new ArgumentException($"The global model has {global.Length} values, but the sum has {_sum.Length}.", nameof(global));
        }

        if (_pendingUpdates.Length < models.Length)
        {
            _pendingUpdates = new float[models.Length][];
            _pendingWeights = new double[models.Length];
        }

        if (_pendingNonFinite.Length < models.Length)
        {
            _pendingNonFinite = new bool[models.Length];
        }

        _next ??= new double[_sum.Length];
        models.CopyTo(_pendingUpdates);
        weights.CopyTo(_pendingWeights);
        _pendingGlobal = global;
        _pendingCount = models.Length;
        try
        {
            int chunkCount = (_sum.Length + ChunkLength - 1) / ChunkLength;
            Parallel.For(0, chunkCount, parallelOptions, _addPendingDifferencesToChunk);
            _pendingNonFinite.AsSpan(0, models.Length).CopyTo(nonFinite);
        }
        finally
        {
            Array.Clear(_pendingUpdates, 0, _pendingCount);
            Array.Clear(_pendingNonFinite, 0, _pendingCount);
            _pendingGlobal = [];
            _pendingCount = 0;
        }

        if (nonFinite.Contains(true))
        {
            return false;
        }

        (_sum, _next) = (_next, _sum);
        return true;
    }

    /// <summary>Writes sum[i]·<paramref name="scale"/>, rounded to float32, to <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteScaled(double scale, Span<float> destination)
    {
        for (int i = 0; i < _sum.Length; i++)
        {
            destination[i] = (float)(_sum[i] * scale);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddPendingToChunk(int chunk)
    {
        int start = chunk * ChunkLength;
        int count = Math.Min(ChunkLength, _sum.Length - start);
        Span<double> sum = _sum.AsSpan(start, count);
        for (int k = 0; k < _pendingCount; k++)
        {
            FedAvg.AccumulateWeighted(sum, _pendingUpdates[k].AsSpan(start, count), _pendingWeights[k]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddPendingDifferencesToChunk(int chunk)
    {
        int start = chunk * ChunkLength;
        int count = Math.Min(ChunkLength, _sum.Length - start);
        Span<double> next = _next.AsSpan(start, count);
        _sum.AsSpan(start, count).CopyTo(next);
        ReadOnlySpan<float> global = _pendingGlobal.AsSpan(start, count);
        for (int k = 0; k < _pendingCount; k++)
        {
            if (!FedAvg.AccumulateWeightedDifference(next, _pendingUpdates[k].AsSpan(start, count), global, _pendingWeights[k]))
            {
                // Threads only ever set a flag, so concurrent writes agree.
                _pendingNonFinite[k] = true;
            }
        }
    }
}
