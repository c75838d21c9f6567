using System.Globalization;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Web.Ui;

/// <summary>One row of a run's configuration table.</summary>
/// <param name="Label">The setting's label, as on the experiment form.</param>
/// <param name="Value">The value, with enum values spelled as in the experiment file.</param>
public sealed record RunConfigRow(string Label, string Value);

/// <summary>
/// The rows of a run's configuration table: every setting the run reads, and none that its choices make
/// irrelevant, such as the trim fraction when the aggregation is not the trimmed mean. With client groups, one row
/// per group replaces the top-level settings that the groups override.
/// </summary>
public static partial class RunConfigRows
{
    /// <summary>Returns the rows for <paramref name="config"/>, grouped in the experiment form's order.</summary>
    public static IReadOnlyList<RunConfigRow> For(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var rows = new List<RunConfigRow>();

        bool hasGroups = config.ClientGroups is { Count: > 0 };
        void Add(string setting, string label, string value)
        {
            if (hasGroups && GroupSettings.Contains(setting))
            {
                return;
            }

            if (ExperimentSettingUse.IsUsed(config, setting))
            {
                rows.Add(new RunConfigRow(label, value));
            }
        }

        AddData(config, Add);
        AddTraining(config, Add);
        if (hasGroups)
        {
            rows.AddRange(GroupRows(config.ClientGroups));
        }

        AddStrategy(config, Add);
        AddClientBehavior(config, Add);

        Add(nameof(config.Compression), FieldLabels.Compression, ExperimentNames.Of(config.Compression));
        Add(nameof(config.TopKFraction), FieldLabels.TopKFraction, Real(config.TopKFraction));
        AddPrivacy(config, Add);
        Add(nameof(config.Rounds), FieldLabels.Rounds, Whole(config.Rounds));
        Add(nameof(config.Seed), FieldLabels.Seed, config.Seed.ToString(CultureInfo.InvariantCulture));
        return rows;
    }

    private static void AddData(ExperimentConfig config, Action<string, string, string> add)
    {
        add(nameof(config.Dataset), "Dataset", DatasetName(config.Dataset));
        AddTable(config, add);
        add(nameof(config.SyntheticAlpha), "Synthetic α, β", $"{Real(config.SyntheticAlpha)}, {Real(config.SyntheticBeta)}");
        add(nameof(config.Partition), FieldLabels.Partition, ExperimentNames.Of(config.Partition));
        add(nameof(config.DirichletAlpha), FieldLabels.DirichletAlpha, Real(config.DirichletAlpha));
        add(nameof(config.MinClientSize), FieldLabels.MinClientSize, Whole(config.MinClientSize));
        add(nameof(config.ShardsPerClient), FieldLabels.ShardsPerClient, Whole(config.ShardsPerClient));
        add(nameof(config.ClassesPerClient), FieldLabels.ClassesPerClient, Whole(config.ClassesPerClient));
        add(nameof(config.QuantitySkew), FieldLabels.QuantitySkew, ExperimentNames.Of(config.QuantitySkew));
        add(nameof(config.QuantityAlpha), FieldLabels.QuantityAlpha, Real(config.QuantityAlpha));
        add(nameof(config.PowerLawExponent), FieldLabels.PowerLawExponent, Real(config.PowerLawExponent));
        add(nameof(config.FeatureNoiseSigma), FieldLabels.FeatureNoiseSigma, Real(config.FeatureNoiseSigma));
        add(nameof(config.ClientTestFraction), FieldLabels.ClientTestFraction,
            config.ClientTestFraction == 0 ? "0 (per-client accuracy off)" : Real(config.ClientTestFraction));
    }

    private static void AddTraining(ExperimentConfig config, Action<string, string, string> add)
    {
        add(nameof(config.Model), "Model", config.Model == ModelKind.Softmax
            ? "Softmax regression"
            : $"MLP, hidden layers {string.Join(", ", config.HiddenLayers)}");
        add(nameof(config.Clients), FieldLabels.Clients, Whole(config.Clients));
        add(nameof(config.ClientFraction), FieldLabels.ClientFraction, Real(config.ClientFraction));
        add(nameof(config.LocalEpochs), FieldLabels.LocalEpochs, config.LocalEpochs.ToString(CultureInfo.InvariantCulture));
        add(nameof(config.BatchSize), FieldLabels.BatchSize, config.BatchSize.ToString(CultureInfo.InvariantCulture));
        add(nameof(config.LearningRate), FieldLabels.LearningRate, Real(config.LearningRate));
        add(nameof(config.Momentum), FieldLabels.Momentum, Real(config.Momentum));
        add(nameof(config.WeightDecay), FieldLabels.WeightDecay, Real(config.WeightDecay));
    }

    private static void AddStrategy(ExperimentConfig config, Action<string, string, string> add)
    {
        add(nameof(config.Strategy), FieldLabels.Strategy, ExperimentNames.Of(config.Strategy));
        add(nameof(config.ProximalMu), FieldLabels.ProximalMu, Real(config.ProximalMu));
        add(nameof(config.ServerLearningRate), FieldLabels.ServerLearningRate, config.ServerLearningRate is double rate
            ? Real(rate)
            : $"{Real(ExperimentSettingUse.DefaultServerLearningRate(config.Strategy) ?? 1)} (default)");
        add(nameof(config.ServerMomentum), FieldLabels.ServerMomentum, Real(config.ServerMomentum));
        add(nameof(config.Beta1), FieldLabels.Beta1, Real(config.Beta1));
        add(nameof(config.Beta2), FieldLabels.Beta2, Real(config.Beta2));
        add(nameof(config.Tau), FieldLabels.Tau, Real(config.Tau));
        add(nameof(config.Aggregation), FieldLabels.Aggregation, ExperimentNames.Of(config.Aggregation));
        add(nameof(config.TrimFraction), FieldLabels.TrimFraction, Real(config.TrimFraction));
        add(nameof(config.AssumedAttackers), FieldLabels.AssumedAttackers, Whole(config.AssumedAttackers));
        add(nameof(config.KrumSelected), FieldLabels.KrumSelected,
            config.KrumSelected is int selected ? Whole(selected) : "n − f (default)");
    }

    private static void AddClientBehavior(ExperimentConfig config, Action<string, string, string> add)
    {
        add(nameof(config.Dropout), FieldLabels.Dropout, Real(config.Dropout));
        add(nameof(config.ComputeSpeedMedian), FieldLabels.ComputeSpeedMedian, $"{Real(config.ComputeSpeedMedian)} samples/s");
        add(nameof(config.ComputeSpeedSpread), FieldLabels.ComputeSpeedSpread, Real(config.ComputeSpeedSpread));
        add(nameof(config.BandwidthMedianMbps), FieldLabels.BandwidthMedianMbps, $"{Real(config.BandwidthMedianMbps)} Mbit/s");
        add(nameof(config.BandwidthSpread), FieldLabels.BandwidthSpread, Real(config.BandwidthSpread));
        add(nameof(config.RoundDeadlineSeconds), FieldLabels.RoundDeadlineSeconds,
            config.RoundDeadlineSeconds is double deadline ? $"{Real(deadline)} s" : "none");
        add(nameof(config.OverSelection), FieldLabels.OverSelection, Real(config.OverSelection));
        add(nameof(config.Attack), FieldLabels.Attack, ExperimentNames.Of(config.Attack));
        add(nameof(config.MaliciousFraction), FieldLabels.MaliciousFraction, Real(config.MaliciousFraction));
        add(nameof(config.AttackBoost), FieldLabels.AttackBoost, Real(config.AttackBoost));
        add(nameof(config.AttackNoiseStd), FieldLabels.AttackNoiseStd, Real(config.AttackNoiseStd));
        add(nameof(config.InvalidUpdates), FieldLabels.InvalidUpdates, ExperimentNames.Of(config.InvalidUpdates));
    }

    private static void AddPrivacy(ExperimentConfig config, Action<string, string, string> add)
    {
        add(nameof(config.Sampling), FieldLabels.Sampling, ExperimentNames.Of(config.Sampling));
        add(nameof(config.DifferentialPrivacy), FieldLabels.DifferentialPrivacy, ExperimentNames.Of(config.DifferentialPrivacy));
        add(nameof(config.ClipNorm), FieldLabels.ClipNorm, config.DifferentialPrivacy == DifferentialPrivacyKind.CentralAdaptive
            ? $"{Real(config.ClipNorm)} (initial)"
            : Real(config.ClipNorm));
        add(nameof(config.NoiseMultiplier), FieldLabels.NoiseMultiplier, Real(config.NoiseMultiplier));
        if (config.TargetEpsilon is double target)
        {
            add(nameof(config.TargetEpsilon), FieldLabels.TargetEpsilon, $"{Real(target)} (noise multiplier computed at run start)");
        }

        add(nameof(config.Delta), FieldLabels.Delta, PrivacyNotes.FormatDelta(config.Delta));
        add(nameof(config.ClipQuantile), FieldLabels.ClipQuantile, Real(config.ClipQuantile));
        add(nameof(config.ClipLearningRate), FieldLabels.ClipLearningRate, Real(config.ClipLearningRate));
        add(nameof(config.LocalEpsilon), FieldLabels.LocalEpsilon, Real(config.LocalEpsilon));
        add(nameof(config.SecureAggregation), FieldLabels.SecureAggregation, config.SecureAggregation ? "on" : "off");
        add(nameof(config.SecureAggregationThreshold), FieldLabels.SecureAggregationThreshold, Real(config.SecureAggregationThreshold));
        add(nameof(config.RoundFailures), FieldLabels.RoundFailures, ExperimentNames.Of(config.RoundFailures));
    }

    private static string Whole(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Real(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}
