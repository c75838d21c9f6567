using System.Globalization;

namespace FedWorkbench.Simulation.Training.Aggregation;

/// <summary>Messages of <see cref="AggregationException"/> that several rules share.</summary>
internal static class AggregationErrors
{
    /// <summary>What a user can change when a round has too few updates for the rule.</summary>
    public const string MoreUpdatesHint =
        "sample more clients per round (a larger client fraction), lower the dropout or raise the round deadline";

    /// <summary>Throws when no update was added this round.</summary>
    /// <param name="count">Updates added this round.</param>
    /// <param name="rule">The rule's name as the start of a sentence, for example "The median".</param>
    public static void ThrowIfEmpty(int count, string rule)
    {
        if (count == 0)
        {
            throw new AggregationException(
                $"{rule} needs at least one update, but no client update reached the server this round; {MoreUpdatesHint}.");
        }
    }

    /// <summary>Throws when <paramref name="count"/> updates are too few for a Krum-based rule with f assumed attackers.</summary>
    /// <param name="count">Updates this round, n.</param>
    /// <param name="attackers">Assumed attackers f.</param>
    /// <param name="rule">Rule name, for example "Krum".</param>
    /// <param name="factor">The rule needs n ≥ factor·f + 3: 2 for Krum and Multi-Krum, 4 for Bulyan.</param>
    public static void ThrowIfTooFewForAttackers(int count, int attackers, string rule, int factor)
    {
        long required = ((long)factor * attackers) + 3;
        if (count < required)
        {
            throw new AggregationException(string.Create(CultureInfo.InvariantCulture,
                $"{rule} with f = {attackers} assumed attackers needs at least {factor}f + 3 = {required} updates, but this round has {count}. " +
                $"Assume fewer attackers, or {MoreUpdatesHint}."));
        }
    }
}
