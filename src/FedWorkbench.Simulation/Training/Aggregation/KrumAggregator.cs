using System.Globalization;

namespace FedWorkbench.Simulation.Training.Aggregation;

/// <summary>
/// Krum and Multi-Krum (Blanchard et al. 2017). Each update's score is the sum of squared distances to its
/// n − f − 2 closest other updates, where f is the number of assumed attackers. Krum returns the best-scoring
/// update; Multi-Krum returns the unweighted mean of the m best-scoring updates (m = n − f unless set).
/// </summary>
/// <remarks>Both need n ≥ 2f + 3 updates, so that every honest update has more honest than malicious neighbours.</remarks>
internal sealed class KrumAggregator : BufferedAggregator
{
    private readonly int _attackers;
    private readonly int? _selected;
    private readonly bool _multi;
    private int[] _lastSelection = [];

    /// <summary>Creates Krum (<paramref name="multi"/> false) or Multi-Krum.</summary>
    /// <param name="parameterCount">Model parameters P.</param>
    /// <param name="attackers">Assumed attackers f, at least 0.</param>
    /// <param name="selected">Updates m that Multi-Krum averages; null takes n − f. Krum always selects one.</param>
    /// <param name="multi">True for Multi-Krum.</param>
    public KrumAggregator(int parameterCount, int attackers, int? selected, bool multi = false)
        : base(parameterCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attackers);
        if (selected is int m)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(m, nameof(selected));
        }

        _attackers = attackers;
        _selected = multi ? selected : 1;
        _multi = multi;
    }

    /// <summary>Indices, in the order updates were added, of the updates that the last <see cref="WriteResult"/> selected, best first.</summary>
    public IReadOnlyList<int> LastSelection => _lastSelection;

    /// <inheritdoc/>
    public override void WriteResult(Span<float> pseudoGradient, ParallelOptions parallelOptions)
    {
        CheckResultLength(pseudoGradient);
        string rule = _multi ? "Multi-Krum" : "Krum";
        AggregationErrors.ThrowIfEmpty(Count, rule);
        AggregationErrors.ThrowIfTooFewForAttackers(Count, _attackers, rule, factor: 2);

        int take = _selected ?? (Count - _attackers);
        if (take > Count)
        {
            throw new AggregationException(string.Create(CultureInfo.InvariantCulture,
                $"Multi-Krum averages m = {take} updates, but this round has {Count}. " +
                $"Set m to at most {Count}, leave it empty to take n − f, or {AggregationErrors.MoreUpdatesHint}."));
        }

        float[][] updates = Enumerable.Range(0, Count).Select(UpdateAt).ToArray();
        double[,] distances = KrumSelection.SquaredDistances(updates, parallelOptions);
        _lastSelection = KrumSelection.SelectBest(distances, AllMembers(), Count - _attackers - 2, take);

        // Average the selection in the order the updates were added, so the sum does not depend on the scores' ties.
        int[] members = [.. _lastSelection.Order()];
        var sum = new double[ParameterCount];
        foreach (int member in members)
        {
            FedAvg.AccumulateWeighted(sum, UpdateAt(member), 1.0);
        }

        FedAvg.WriteWeightedMean(sum, members.Length, pseudoGradient);
    }
}
