using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Cli.Options;

internal static partial class ExperimentConfigBuilder
{
    /// <summary>Replaces each value of <paramref name="config"/> whose option was given on the command line.</summary>
    private static ExperimentConfig ApplyOverrides(ExperimentConfig config, ParseResult parseResult, ExperimentOptions options) =>
        config with
        {
            Name = parseResult.GetValue(options.Name) ?? config.Name,
            Dataset = parseResult.GetValue(options.Dataset) ?? config.Dataset,
            Model = parseResult.GetValue(options.Model) ?? config.Model,
            HiddenLayers = parseResult.GetValue(options.Hidden) ?? config.HiddenLayers,
            Clients = parseResult.GetValue(options.Clients) ?? config.Clients,
            ClientFraction = parseResult.GetValue(options.Fraction) ?? config.ClientFraction,
            LocalEpochs = parseResult.GetValue(options.LocalEpochs) ?? config.LocalEpochs,
            BatchSize = parseResult.GetValue(options.BatchSize) ?? config.BatchSize,
            LearningRate = parseResult.GetValue(options.LearningRate) ?? config.LearningRate,
            Partition = parseResult.GetValue(options.Partition) ?? config.Partition,
            DirichletAlpha = parseResult.GetValue(options.Alpha) ?? config.DirichletAlpha,
            MinClientSize = parseResult.GetValue(options.MinClientSize) ?? config.MinClientSize,
            ShardsPerClient = parseResult.GetValue(options.ShardsPerClient) ?? config.ShardsPerClient,
            ClassesPerClient = parseResult.GetValue(options.ClassesPerClient) ?? config.ClassesPerClient,
            QuantitySkew = parseResult.GetValue(options.QuantitySkew) ?? config.QuantitySkew,
            QuantityAlpha = parseResult.GetValue(options.QuantityAlpha) ?? config.QuantityAlpha,
            PowerLawExponent = parseResult.GetValue(options.PowerLawExponent) ?? config.PowerLawExponent,
            FeatureNoiseSigma = parseResult.GetValue(options.FeatureNoise) ?? config.FeatureNoiseSigma,
            ClientTestFraction = parseResult.GetValue(options.ClientTestFraction) ?? config.ClientTestFraction,
            Momentum = parseResult.GetValue(options.Momentum) ?? config.Momentum,
            WeightDecay = parseResult.GetValue(options.WeightDecay) ?? config.WeightDecay,
            ProximalMu = parseResult.GetValue(options.Mu) ?? config.ProximalMu,
            ServerLearningRate = parseResult.GetValue(options.ServerLearningRate) is { } serverLearningRate
                ? serverLearningRate.Value
                : config.ServerLearningRate,
            ServerMomentum = parseResult.GetValue(options.ServerMomentum) ?? config.ServerMomentum,
            Beta1 = parseResult.GetValue(options.Beta1) ?? config.Beta1,
            Beta2 = parseResult.GetValue(options.Beta2) ?? config.Beta2,
            Tau = parseResult.GetValue(options.Tau) ?? config.Tau,
            TrimFraction = parseResult.GetValue(options.TrimFraction) ?? parseResult.GetValue(options.Beta) ?? config.TrimFraction,
            AssumedAttackers = parseResult.GetValue(options.KrumF) ?? config.AssumedAttackers,
            KrumSelected = parseResult.GetValue(options.KrumM) is { } krumSelected ? krumSelected.Value : config.KrumSelected,
            Dropout = parseResult.GetValue(options.Dropout) ?? config.Dropout,
            RoundDeadlineSeconds = parseResult.GetValue(options.Deadline) is { } deadline ? deadline.Value : config.RoundDeadlineSeconds,
            OverSelection = parseResult.GetValue(options.OverSelection) ?? config.OverSelection,
            ComputeSpeedMedian = parseResult.GetValue(options.ComputeSpeed) ?? config.ComputeSpeedMedian,
            ComputeSpeedSpread = parseResult.GetValue(options.ComputeSpread) ?? config.ComputeSpeedSpread,
            BandwidthMedianMbps = parseResult.GetValue(options.Bandwidth) ?? config.BandwidthMedianMbps,
            BandwidthSpread = parseResult.GetValue(options.BandwidthSpread) ?? config.BandwidthSpread,
            Attack = parseResult.GetValue(options.Attack) ?? config.Attack,
            MaliciousFraction = parseResult.GetValue(options.MaliciousFraction) ?? config.MaliciousFraction,
            AttackBoost = parseResult.GetValue(options.Boost) ?? config.AttackBoost,
            AttackNoiseStd = parseResult.GetValue(options.AttackNoise) ?? config.AttackNoiseStd,
            InvalidUpdates = parseResult.GetValue(options.InvalidUpdates) ?? config.InvalidUpdates,
            Compression = parseResult.GetValue(options.Compression) ?? config.Compression,
            TopKFraction = parseResult.GetValue(options.TopKFraction) ?? config.TopKFraction,
            Sampling = parseResult.GetValue(options.Sampling) ?? config.Sampling,
            DifferentialPrivacy = parseResult.GetValue(options.DifferentialPrivacy) ?? config.DifferentialPrivacy,
            ClipNorm = parseResult.GetValue(options.ClipNorm) ?? config.ClipNorm,
            NoiseMultiplier = parseResult.GetValue(options.NoiseMultiplier) ?? config.NoiseMultiplier,
            Delta = parseResult.GetValue(options.Delta) ?? config.Delta,
            TargetEpsilon = parseResult.GetValue(options.TargetEpsilon) is { } targetEpsilon ? targetEpsilon.Value : config.TargetEpsilon,
            ClipQuantile = parseResult.GetValue(options.ClipQuantile) ?? config.ClipQuantile,
            ClipLearningRate = parseResult.GetValue(options.ClipLearningRate) ?? config.ClipLearningRate,
            LocalEpsilon = parseResult.GetValue(options.LocalEpsilon) ?? config.LocalEpsilon,
            SecureAggregation = parseResult.GetValue(options.SecureAggregation) ?? config.SecureAggregation,
            SecureAggregationThreshold = parseResult.GetValue(options.SecureAggregationThreshold) ?? config.SecureAggregationThreshold,
            RoundFailures = parseResult.GetValue(options.RoundFailures) ?? config.RoundFailures,
            Rounds = parseResult.GetValue(options.Rounds) ?? config.Rounds,
            Seed = parseResult.GetValue(options.Seed) ?? config.Seed,
            SyntheticAlpha = parseResult.GetValue(options.SyntheticAlpha) ?? config.SyntheticAlpha,
            SyntheticBeta = parseResult.GetValue(options.SyntheticBeta) ?? config.SyntheticBeta,
        };

    /// <summary>
    /// Applies <c>--strategy</c> and <c>--aggregation</c> together, and checks <c>--beta</c> against the result.
    /// A robust rule's name in <c>--strategy</c> means FedAvg with that rule, so an <c>--aggregation</c> that names
    /// another rule contradicts it. A plain strategy keeps the aggregation of the experiment file unless
    /// <c>--aggregation</c> is given.
    /// </summary>
    private static bool TryApplyStrategyChoice(
        ref ExperimentConfig config,
        ParseResult parseResult,
        ExperimentOptions options,
        [NotNullWhen(false)] out string? error)
    {
        error = null;
        StrategyChoice? choice = parseResult.GetValue(options.Strategy);
        AggregationKind? aggregation = parseResult.GetValue(options.Aggregation);

        if (choice?.Aggregation is AggregationKind shorthandRule && aggregation is AggregationKind givenRule && givenRule != shorthandRule)
        {
            error = $"--aggregation: {ExperimentNames.Of(givenRule)} contradicts --strategy {choice.Name}, which means fedavg with " +
                $"{choice.Name} aggregation. Give one rule: --strategy {choice.Name}, or --strategy fedavg --aggregation {ExperimentNames.Of(givenRule)}.";
            return false;
        }

        config = config with
        {
            Strategy = choice?.Strategy ?? config.Strategy,
            Aggregation = aggregation ?? choice?.Aggregation ?? config.Aggregation,
        };

        return TryCheckBeta(config, parseResult, options, out error);
    }

    /// <summary>
    /// Accepts <c>--beta</c> only where β names the trim fraction alone: with trimmed-mean aggregation under FedAvg
    /// or FedProx. FedAvgM calls its server momentum β and the adaptive strategies have β1 and β2, so there
    /// <c>--beta</c> would be ambiguous.
    /// </summary>
    private static bool TryCheckBeta(ExperimentConfig config, ParseResult parseResult, ExperimentOptions options, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (!IsGiven(parseResult, options.Beta))
        {
            return true;
        }

        if (IsGiven(parseResult, options.TrimFraction))
        {
            error = "--beta: --beta and --trim-fraction set the same trim fraction; give only --trim-fraction.";
            return false;
        }

        if (config.Aggregation != AggregationKind.TrimmedMean)
        {
            error = $"--beta: β is the trim fraction of trimmed-mean aggregation, but the aggregation is {ExperimentNames.Of(config.Aggregation)}. " +
                "Add --strategy trimmed-mean, or use --server-momentum for fedavgm and --beta1 or --beta2 for fedadagrad, fedadam and fedyogi.";
            return false;
        }

        if (config.Strategy is not (StrategyKind.FedAvg or StrategyKind.FedProx))
        {
            error = $"--beta: with --strategy {ExperimentNames.Of(config.Strategy)}, β could mean the strategy's own β. " +
                "Use --trim-fraction for the trim fraction, --server-momentum for fedavgm's β, or --beta1 and --beta2 for the adaptive strategies.";
            return false;
        }

        return true;
    }

    /// <summary>Returns whether <paramref name="option"/> was given on the command line, not filled in by its default.</summary>
    internal static bool IsGiven(ParseResult parseResult, Option option) =>
        parseResult.GetResult(option) is { Implicit: false };
}
