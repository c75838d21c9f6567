namespace FedWorkbench.Simulation.Training.Aggregation;

/// <summary>
/// Base of the robust rules, which need every update of the round at once: keeps a copy of each added update.
/// Buffers are reused from round to round, so memory is the largest round's n·P float32 values.
/// </summary>
internal abstract class BufferedAggregator : UpdateAggregator
{
    /// <summary>Coordinates per parallel work item of <see cref="WriteCoordinateWise"/>.</summary>
    private const int CoordinateChunk = 1_024;

    private readonly List<float[]> _updates = [];

    /// <summary>Creates an empty buffer for updates of <paramref name="parameterCount"/> values.</summary>
    protected BufferedAggregator(int parameterCount)
        : base(parameterCount)
    {
    }

    /// <summary>Returns the per-coordinate sorted values of a rule, reduced to one value.</summary>
    /// <param name="sortedValues">The coordinate's values across the updates, in ascending order; the rule may overwrite them.</param>
    protected delegate double CoordinateRule(Span<float> sortedValues);

    /// <inheritdoc/>
    public override void Reset() => Count = 0;

    /// <inheritdoc/>
    /// <remarks>The weight is checked but not used, because the robust rules are unweighted.</remarks>
    public override void Add(float[] delta, double weight, int localSteps, ParallelOptions parallelOptions)
    {
        CheckUpdate(delta, weight);
        if (Count == _updates.Count)
        {
            _updates.Add(new float[ParameterCount]);
        }

        delta.CopyTo(_updates[Count], 0);
        Count++;
    }

    /// <summary>Returns the copy of the update added <paramref name="index"/>-th this round.</summary>
    protected float[] UpdateAt(int index) => _updates[index];

    /// <summary>
    /// Writes, for every coordinate i, <paramref name="rule"/> applied to the sorted values u[i] of the updates
    /// <paramref name="members"/>. Coordinates are independent, so the result is the same for any thread count.
    /// </summary>
    protected void WriteCoordinateWise(IReadOnlyList<int> members, CoordinateRule rule, Span<float> pseudoGradient, ParallelOptions parallelOptions)
    {
        float[][] sources = members.Select(UpdateAt).ToArray();
        var result = new float[ParameterCount];
        int chunkCount = (ParameterCount + CoordinateChunk - 1) / CoordinateChunk;
        Parallel.For(0, chunkCount, parallelOptions, () => new float[sources.Length], (chunk, _, values) =>
        {
            int start = chunk * CoordinateChunk;
            int end = Math.Min(start + CoordinateChunk, ParameterCount);
            for (int i = start; i < end; i++)
            {
                for (int k = 0; k < sources.Length; k++)
                {
                    values[k] = sources[k][i];
                }

                values.AsSpan().Sort();
                result[i] = (float)rule(values);
            }

            return values;
        }, _ => { });

        result.CopyTo(pseudoGradient);
    }

    /// <summary>Returns the indices 0 … Count − 1 of every update of the round.</summary>
    protected int[] AllMembers() => Enumerable.Range(0, Count).ToArray();

    /// <summary>Returns the median of ascending <paramref name="sorted"/>: the middle value, or the mean of the two middle values.</summary>
    protected static double MedianOfSorted(ReadOnlySpan<float> sorted)
    {
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : ((double)sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Returns the float64 mean of <paramref name="values"/>, summed in order.</summary>
    protected static double Mean(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float value in values)
        {
            sum += value;
        }

        return sum / values.Length;
    }
}
