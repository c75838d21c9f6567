using System.Globalization;

namespace FedWorkbench.Simulation.Training.Aggregation;

/// <summary>
/// Coordinate-wise trimmed mean (Yin et al. 2018): per coordinate, drop the ⌊β·n⌋ largest and the ⌊β·n⌋
/// smallest of the n values and average the rest.
/// </summary>
internal sealed class TrimmedMeanAggregator : BufferedAggregator
{
    // β·n is computed in float64, where for example 0.3 · 10 gives 3.0000000000000004 and 0.29 · 100 gives
    // 28.999999999999996. The tolerance keeps a product that is an integer on paper from losing a value.
    private const double FloorTolerance = 1e-9;

    private readonly double _trimFraction;

    /// <summary>Creates the rule that trims the fraction <paramref name="trimFraction"/> in [0, 1) from each end.</summary>
    public TrimmedMeanAggregator(int parameterCount, double trimFraction)
        : base(parameterCount)
    {
        if (!(trimFraction >= 0 && trimFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(trimFraction), trimFraction, "The trim fraction must lie in [0, 1).");
        }

        _trimFraction = trimFraction;
    }

    /// <summary>Returns ⌊β·n⌋, the values trimmed from each end of <paramref name="count"/> values.</summary>
    public static int TrimmedPerSide(int count, double trimFraction) => (int)Math.Floor((trimFraction * count) + FloorTolerance);

    /// <inheritdoc/>
    public override void WriteResult(Span<float> pseudoGradient, ParallelOptions parallelOptions)
    {
        CheckResultLength(pseudoGradient);
        AggregationErrors.ThrowIfEmpty(Count, "The trimmed mean");
        int trimmed = TrimmedPerSide(Count, _trimFraction);
        int remaining = Count - (2 * trimmed);
        if (remaining < 1)
        {
            throw new AggregationException(string.Create(CultureInfo.InvariantCulture,
                $"The trimmed mean with β = {_trimFraction} drops ⌊β·n⌋ = {trimmed} values from each end of the {Count} updates of this round, which leaves none. " +
                $"Use a trim fraction below 0.5, or {AggregationErrors.MoreUpdatesHint}."));
        }

        WriteCoordinateWise(AllMembers(), values => Mean(values.Slice(trimmed, remaining)), pseudoGradient, parallelOptions);
    }
}
