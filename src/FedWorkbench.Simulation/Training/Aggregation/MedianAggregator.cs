namespace FedWorkbench.Simulation.Training.Aggregation;

/// <summary>
/// Coordinate-wise median (Yin et al. 2018, "Byzantine-Robust Distributed Learning: Towards Optimal
/// Statistical Rates"): Δ[i] = median_k Δ_k[i]; with an even number of updates, the mean of the two middle values.
/// </summary>
internal sealed class MedianAggregator(int parameterCount) : BufferedAggregator(parameterCount)
{
    /// <inheritdoc/>
    public override void WriteResult(Span<float> pseudoGradient, ParallelOptions parallelOptions)
    {
        CheckResultLength(pseudoGradient);
        AggregationErrors.ThrowIfEmpty(Count, "The median");
        WriteCoordinateWise(AllMembers(), values => MedianOfSorted(values), pseudoGradient, parallelOptions);
    }
}
