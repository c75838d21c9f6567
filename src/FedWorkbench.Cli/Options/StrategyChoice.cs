using System.CommandLine.Parsing;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Cli.Options;

/// <summary>
/// A value of <c>--strategy</c>: a server strategy, or the name of a robust aggregation rule, which is shorthand
/// for FedAvg with that rule (<c>--strategy krum</c> is <c>--strategy fedavg --aggregation krum</c>).
/// </summary>
/// <param name="Name">The name as the user wrote it, in its canonical spelling.</param>
/// <param name="Strategy">The server strategy.</param>
/// <param name="Aggregation">The rule the shorthand selects, or null when the name is a strategy.</param>
internal sealed record StrategyChoice(string Name, StrategyKind Strategy, AggregationKind? Aggregation)
{
    /// <summary>Every accepted name: the strategies, then the robust aggregation rules.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [.. ExperimentNames.All<StrategyKind>(), .. RobustRules.Select(ExperimentNames.Of)];

    /// <summary>The aggregation rules other than the plain mean.</summary>
    private static IEnumerable<AggregationKind> RobustRules =>
        Enum.GetValues<AggregationKind>().Where(rule => rule != AggregationKind.Mean);

    /// <summary>Parses a strategy or robust rule name, ignoring case.</summary>
    public static StrategyChoice? Parse(ArgumentResult result)
    {
        string token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        foreach (StrategyKind strategy in Enum.GetValues<StrategyKind>())
        {
            if (string.Equals(ExperimentNames.Of(strategy), token, StringComparison.OrdinalIgnoreCase))
            {
                return new StrategyChoice(ExperimentNames.Of(strategy), strategy, null);
            }
        }

        foreach (AggregationKind rule in RobustRules)
        {
            if (string.Equals(ExperimentNames.Of(rule), token, StringComparison.OrdinalIgnoreCase))
            {
                return new StrategyChoice(ExperimentNames.Of(rule), StrategyKind.FedAvg, rule);
            }
        }

        result.AddError($"--strategy: '{token}' is invalid. Choose {string.Join(", ", Names)}.");
        return null;
    }
}
