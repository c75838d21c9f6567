namespace FedWorkbench.Simulation.Training.Aggregation;

/// <summary>
/// Bulyan (El Mhamdi et al. 2018, "The Hidden Vulnerability of Distributed Learning in Byzantium"): select
/// θ = n − 2f updates by repeated Krum, then per coordinate average the β = θ − 2f selected values closest to
/// their median. Needs n ≥ 4f + 3.
/// </summary>
/// <remarks>
/// Each Krum pass scores the remaining n' candidates with their n' − f − 2 closest neighbours, and removes the
/// best one. The last passes have n' − f − 2 &lt; 1, so they use the single closest neighbour, as Flower's
/// <c>aggregate_bulyan</c> does (<c>src/py/flwr/server/strategy/aggregate.py</c>, max(1, n' − f − 2)).
/// </remarks>
internal sealed class BulyanAggregator : BufferedAggregator
{
    private readonly int _attackers;
    private int[] _lastSelection = [];

    /// <summary>Creates Bulyan for <paramref name="attackers"/> assumed attackers f, at least 0.</summary>
    public BulyanAggregator(int parameterCount, int attackers)
        : base(parameterCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attackers);
        _attackers = attackers;
    }

    /// <summary>Indices, in the order updates were added, of the θ updates the last <see cref="WriteResult"/> selected, in selection order.</summary>
    public IReadOnlyList<int> LastSelection => _lastSelection;

    /// <inheritdoc/>
    public override void WriteResult(Span<float> pseudoGradient, ParallelOptions parallelOptions)
    {
        CheckResultLength(pseudoGradient);
        AggregationErrors.ThrowIfEmpty(Count, "Bulyan");
        AggregationErrors.ThrowIfTooFewForAttackers(Count, _attackers, "Bulyan", factor: 4);

        float[][] updates = Enumerable.Range(0, Count).Select(UpdateAt).ToArray();
        double[,] distances = KrumSelection.SquaredDistances(updates, parallelOptions);
        int selectionSize = Count - (2 * _attackers);
        var remaining = AllMembers().ToList();
        var selection = new List<int>(selectionSize);
        while (selection.Count < selectionSize)
        {
            parallelOptions.CancellationToken.ThrowIfCancellationRequested();
            int neighbours = Math.Max(1, remaining.Count - _attackers - 2);
            int best = KrumSelection.SelectBest(distances, remaining, neighbours, take: 1)[0];
            selection.Add(best);
            remaining.Remove(best);
        }

        _lastSelection = [.. selection];
        int closestCount = selectionSize - (2 * _attackers);
        WriteCoordinateWise(selection, values => MeanClosestToMedian(values, closestCount), pseudoGradient, parallelOptions);
    }

    /// <summary>
    /// Returns the mean of the <paramref name="closestCount"/> values of ascending <paramref name="sorted"/> closest to
    /// its median. They form a contiguous window; among equally close windows the lowest one wins.
    /// </summary>
    public static double MeanClosestToMedian(ReadOnlySpan<float> sorted, int closestCount)
    {
        double median = MedianOfSorted(sorted);
        int bestStart = 0;
        double bestReach = double.PositiveInfinity;
        for (int start = 0; start + closestCount <= sorted.Length; start++)
        {
            double reach = Math.Max(Math.Abs(sorted[start] - median), Math.Abs(sorted[start + closestCount - 1] - median));
            if (reach < bestReach)
            {
                bestReach = reach;
                bestStart = start;
            }
        }

        return Mean(sorted.Slice(bestStart, closestCount));
    }
}
