using System.Globalization;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Models;
using FedWorkbench.Simulation.Training;
using FedWorkbench.Simulation.Training.Aggregation;
using FedWorkbench.Simulation.Training.Strategies;

namespace FedWorkbench.Simulation.Configuration;

public static partial class ExperimentValidator
{
    // ⌈m·(1 + o)⌉ is computed in float64, where for example 10 · 1.1 gives 11.000000000000002. The tolerance
    // keeps such products from counting a client too many.
    private const double CeilingTolerance = 1e-9;

    private static void ValidateStrategySettings(ExperimentConfig config, Action<string, string> add)
    {
        bool strategyKnown = Enum.IsDefined(config.Strategy);
        bool aggregationKnown = Enum.IsDefined(config.Aggregation);
        if (!strategyKnown)
        {
            add(nameof(config.Strategy),
                $"Strategy {(int)config.Strategy} is unknown; choose one of {string.Join(", ", ExperimentNames.All<StrategyKind>())}.");
        }

        if (!aggregationKnown)
        {
            add(nameof(config.Aggregation),
                $"Aggregation {(int)config.Aggregation} is unknown; choose one of {string.Join(", ", ExperimentNames.All<AggregationKind>())}.");
        }

        if (strategyKnown)
        {
            ValidateStrategyHyperparameters(config, add);
        }

        if (!aggregationKnown)
        {
            return;
        }

        bool aggregationValid = ValidateAggregationHyperparameters(config, add);
        if (strategyKnown && config.Strategy is StrategyKind.FedNova or StrategyKind.Scaffold && config.Aggregation != AggregationKind.Mean)
        {
            add(nameof(config.Aggregation),
                $"Strategy {ExperimentNames.Of(config.Strategy)} combines updates with its own mean, so it cannot use the {ExperimentNames.Of(config.Aggregation)} aggregation; " +
                "choose the mean aggregation, or a strategy such as fedavg that robust aggregation can wrap.");
            return;
        }

        if (aggregationValid && config.Aggregation != AggregationKind.Mean && ClientsPerRoundOrNull(config) is int clientsPerRound)
        {
            ValidateRobustRuleCanRun(config, clientsPerRound, add);
            ValidateRobustAggregationSize(config, clientsPerRound, add);
        }
    }

    private static void ValidateStrategyHyperparameters(ExperimentConfig config, Action<string, string> add)
    {
        StrategyKind strategy = config.Strategy;
        if (strategy == StrategyKind.FedProx && !(config.ProximalMu >= 0 && config.ProximalMu <= ExperimentLimits.MaxProximalMu))
        {
            add(nameof(config.ProximalMu),
                $"FedProx μ {Format(config.ProximalMu)} is outside [0, {Format(ExperimentLimits.MaxProximalMu)}]; 0 turns the proximal term off; try for example 0.01, 0.1 or 1.");
        }

        if (StrategyDefaults.UsesServerLearningRate(strategy) && config.ServerLearningRate is double serverRate
            && !(serverRate > 0 && serverRate <= ExperimentLimits.MaxServerLearningRate))
        {
            add(nameof(config.ServerLearningRate),
                $"Server learning rate {Format(serverRate)} is outside (0, {Format(ExperimentLimits.MaxServerLearningRate)}]; " +
                $"{ClearValueAdvice} to use the {ExperimentNames.Of(strategy)} default {Format(StrategyDefaults.ServerLearningRate(strategy))}.");
        }

        if (strategy == StrategyKind.FedAvgM)
        {
            CheckDecay(add, nameof(config.ServerMomentum), "Server momentum β", config.ServerMomentum, "0.9");
        }

        if (strategy is StrategyKind.FedAdagrad or StrategyKind.FedAdam or StrategyKind.FedYogi)
        {
            CheckDecay(add, nameof(config.Beta1), "β1", config.Beta1, "0.9");
            if (strategy != StrategyKind.FedAdagrad)
            {
                CheckDecay(add, nameof(config.Beta2), "β2", config.Beta2, "0.99");
            }

            if (!(config.Tau > 0 && config.Tau <= 1))
            {
                add(nameof(config.Tau), $"Adaptivity τ {Format(config.Tau)} is outside (0, 1]; the default is 0.001.");
            }
        }
    }

    /// <summary>Returns false when a setting the aggregation rule reads is invalid, after reporting it.</summary>
    private static bool ValidateAggregationHyperparameters(ExperimentConfig config, Action<string, string> add)
    {
        bool valid = true;
        if (config.Aggregation == AggregationKind.TrimmedMean && !(config.TrimFraction >= 0 && config.TrimFraction < 0.5))
        {
            add(nameof(config.TrimFraction),
                $"Trim fraction β {Format(config.TrimFraction)} is outside [0, 0.5); β = 0.1 drops the top and bottom 10% of each coordinate's values.");
            valid = false;
        }

        if (config.Aggregation is AggregationKind.Krum or AggregationKind.MultiKrum or AggregationKind.Bulyan && config.AssumedAttackers < 0)
        {
            add(nameof(config.AssumedAttackers), $"Assumed attackers f {config.AssumedAttackers} is negative; enter 0 or more.");
            valid = false;
        }

        if (config.Aggregation == AggregationKind.MultiKrum && config.KrumSelected is int selected && selected < 1)
        {
            add(nameof(config.KrumSelected),
                $"Multi-Krum selected updates m {selected} is below 1; enter at least 1, or {ClearValueAdvice} to average n − f updates.");
            valid = false;
        }

        return valid;
    }

    /// <summary>
    /// Checks that the robust rule can combine the updates of a round in which every sampled client reports,
    /// n = m = max(1, ⌊C·K⌋). Dropout and stragglers can still leave a round short; that round keeps its model.
    /// </summary>
    private static void ValidateRobustRuleCanRun(ExperimentConfig config, int clientsPerRound, Action<string, string> add)
    {
        string sampling = string.Create(CultureInfo.InvariantCulture,
            $"the experiment samples {clientsPerRound} clients per round (client fraction {Format(config.ClientFraction)} of {Number(config.Clients)} clients)");
        switch (config.Aggregation)
        {
            case AggregationKind.Krum or AggregationKind.MultiKrum:
                CheckAttackerTolerance(add, config, clientsPerRound, sampling, factor: 2);
                if (config.Aggregation == AggregationKind.MultiKrum && config.KrumSelected is int selected && selected > clientsPerRound)
                {
                    add(nameof(config.KrumSelected),
                        $"Multi-Krum averages m = {selected} updates, but a round has at most {clientsPerRound}, because {sampling}; " +
                        $"set it to at most {clientsPerRound}, or {ClearValueAdvice} to average n − f updates.");
                }

                break;
            case AggregationKind.Bulyan:
                CheckAttackerTolerance(add, config, clientsPerRound, sampling, factor: 4);
                break;
            case AggregationKind.TrimmedMean:
                int trimmed = TrimmedMeanAggregator.TrimmedPerSide(clientsPerRound, config.TrimFraction);
                if (clientsPerRound - (2 * trimmed) < 1)
                {
                    add(nameof(config.TrimFraction),
                        $"Trim fraction β {Format(config.TrimFraction)} drops {trimmed} values from each end of the {clientsPerRound} updates of a round, which leaves none; " +
                        "lower β or sample more clients per round.");
                }

                break;
        }
    }

    private static void CheckAttackerTolerance(Action<string, string> add, ExperimentConfig config, int clientsPerRound, string sampling, int factor)
    {
        int f = config.AssumedAttackers;
        long required = ((long)factor * f) + 3;
        if (clientsPerRound >= required)
        {
            return;
        }

        string rule = config.Aggregation switch
        {
            AggregationKind.Krum => "Krum",
            AggregationKind.MultiKrum => "Multi-Krum",
            _ => "Bulyan",
        };
        string fix = clientsPerRound >= 3
            ? $"set the assumed attackers f to at most {(clientsPerRound - 3) / factor}, or sample at least {required} clients per round"
            : $"sample at least {required} clients per round";
        add(nameof(config.AssumedAttackers),
            $"{rule} with f = {f} assumed attackers needs at least {factor}f + 3 = {required} updates per round, but {sampling}; {fix}.");
    }

    private static void ValidateRobustAggregationSize(ExperimentConfig config, int clientsPerRound, Action<string, string> add)
    {
        if (ModelParameterCount(config) is not int parameters)
        {
            return;
        }

        double overSelection = config.OverSelection is >= 0 and <= ExperimentLimits.MaxOverSelection ? config.OverSelection : 0;
        long selected = Math.Min(config.Clients, (long)Math.Ceiling((clientsPerRound * (1 + overSelection)) - CeilingTolerance));
        if (config.Aggregation is AggregationKind.Krum or AggregationKind.MultiKrum or AggregationKind.Bulyan
            && selected > ExperimentLimits.MaxDistanceRuleUpdates)
        {
            add(nameof(config.Aggregation),
                $"The {ExperimentNames.Of(config.Aggregation)} aggregation compares every pair of updates, and {Number(selected)} selected clients per round " +
                $"are more than the limit of {Number(ExperimentLimits.MaxDistanceRuleUpdates)}; select at most {Number(ExperimentLimits.MaxDistanceRuleUpdates)} " +
                "clients per round (client fraction and over-selection), or use the median or trimmed mean.");
            return;
        }

        long bytes = selected * parameters * sizeof(float);
        if (bytes <= ExperimentLimits.MaxRobustAggregationBytes)
        {
            return;
        }

        long fitting = ExperimentLimits.MaxRobustAggregationBytes / ((long)parameters * sizeof(float));
        add(nameof(config.Aggregation),
            $"The {ExperimentNames.Of(config.Aggregation)} aggregation keeps every update of a round in memory: {Number(selected)} selected clients × " +
            $"{Number(parameters)} parameters × 4 bytes = {Bytes(bytes)}, above the limit of {Bytes(ExperimentLimits.MaxRobustAggregationBytes)}; " +
            $"select at most {Number(fitting)} clients per round (client fraction and over-selection), use a smaller model, or use the mean aggregation.");
    }

    private static void CheckDecay(Action<string, string> add, string field, string label, double value, string defaultValue)
    {
        if (!(value >= 0 && value < 1))
        {
            add(field, $"{label} {Format(value)} is outside [0, 1); the default is {defaultValue}.");
        }
    }

    /// <summary>Returns m = max(1, ⌊C·K⌋), or null when the client count or fraction is invalid (reported elsewhere).</summary>
    private static int? ClientsPerRoundOrNull(ExperimentConfig config)
    {
        if (config.Clients < 1 || config.Clients > ExperimentLimits.MaxClients || !(config.ClientFraction > 0 && config.ClientFraction <= 1))
        {
            return null;
        }

        return ClientSampler.ClientsPerRound(config.Clients, config.ClientFraction);
    }

    private static string Bytes(long bytes) => bytes >= 1L << 30
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.#} GiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.#} MiB");
}
