using System.Globalization;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Training.Strategies;

namespace FedWorkbench.Cli.Output;

/// <summary>
/// The one-line description of the server's side of an experiment: the strategy and the aggregation rule with the
/// hyperparameters they read, then the attack, unreliable clients and compression when they are in use. Settings
/// that the chosen strategy, rule or mechanism does not read are left out.
/// </summary>
internal static class StrategyLine
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Builds the description, for example <c>fedprox μ=0.01, krum aggregation f=3, dropout 0.2</c>.</summary>
    public static string Describe(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var parts = new List<string> { DescribeStrategy(config) };
        if (config.Aggregation != AggregationKind.Mean)
        {
            parts.Add(DescribeAggregation(config));
        }

        if (config.Attack != AttackKind.None)
        {
            parts.Add(DescribeAttack(config));
        }

        if (config.Dropout > 0)
        {
            parts.Add(Format($"dropout {config.Dropout}"));
        }

        if (config.RoundDeadlineSeconds is double deadline)
        {
            parts.Add(Format($"deadline {deadline} s"));
        }

        if (config.OverSelection > 0)
        {
            parts.Add(Format($"over-selection {config.OverSelection}"));
        }

        // The speeds and bandwidths always set the simulated seconds. They change which clients are aggregated only
        // through the deadline (late clients are dropped) or over-selection (the first m are kept), so only then are
        // they named here.
        if (config.RoundDeadlineSeconds is not null || config.OverSelection > 0)
        {
            parts.Add(Format($"clients at {config.ComputeSpeedMedian} samples/s and {config.BandwidthMedianMbps} Mbit/s"));
        }

        if (config.Compression == CompressionKind.TopK)
        {
            parts.Add(Format($"topk compression of {config.TopKFraction * 100:0.###}% of the coordinates"));
        }
        else if (config.Compression != CompressionKind.None)
        {
            parts.Add($"{ExperimentNames.Of(config.Compression)} compression");
        }

        return string.Join(", ", parts);
    }

    private static string DescribeStrategy(ExperimentConfig config)
    {
        string name = ExperimentNames.Of(config.Strategy);
        string serverRate = Format($"η={StrategyDefaults.ServerLearningRate(config)}");
        return config.Strategy switch
        {
            StrategyKind.FedProx => Format($"{name} μ={config.ProximalMu}"),
            StrategyKind.FedAvgM => Format($"{name} {serverRate} β={config.ServerMomentum}"),
            StrategyKind.FedAdagrad => Format($"{name} {serverRate} β1={config.Beta1} τ={config.Tau}"),
            StrategyKind.FedAdam or StrategyKind.FedYogi => Format($"{name} {serverRate} β1={config.Beta1} β2={config.Beta2} τ={config.Tau}"),
            StrategyKind.FedNova or StrategyKind.Scaffold => $"{name} {serverRate}",
            _ => name,
        };
    }

    private static string DescribeAggregation(ExperimentConfig config)
    {
        string rule = $"{ExperimentNames.Of(config.Aggregation)} aggregation";
        return config.Aggregation switch
        {
            AggregationKind.TrimmedMean => Format($"{rule} β={config.TrimFraction}"),
            AggregationKind.Krum or AggregationKind.Bulyan => Format($"{rule} f={config.AssumedAttackers}"),
            AggregationKind.MultiKrum => config.KrumSelected is int selected
                ? Format($"{rule} f={config.AssumedAttackers} m={selected}")
                : Format($"{rule} f={config.AssumedAttackers} m=n−f"),
            _ => rule,
        };
    }

    private static string DescribeAttack(ExperimentConfig config)
    {
        string attack = Format($"{ExperimentNames.Of(config.Attack)} attack by {config.MaliciousFraction * 100:0.#}% of clients");
        return config.Attack switch
        {
            AttackKind.Scaling => Format($"{attack} γ={config.AttackBoost}"),
            AttackKind.Gaussian => Format($"{attack} σ={config.AttackNoiseStd}"),
            _ => attack,
        };
    }

    private static string Format(FormattableString text) => text.ToString(Invariant);
}
