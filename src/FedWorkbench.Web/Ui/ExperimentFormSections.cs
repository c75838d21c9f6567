using System.Reflection;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Web.Ui;

/// <summary>The collapsible sections of the experiment form, in page order.</summary>
public enum ExperimentFormSection
{
    /// <summary>Partition kind and its parameters, and the client test fraction.</summary>
    DataAndPartition,

    /// <summary>Local SGD momentum and weight decay.</summary>
    LocalTraining,

    /// <summary>Server strategy, aggregation rule and their hyperparameters.</summary>
    Strategy,

    /// <summary>Dropout, compute speeds, bandwidths, round deadline and over-selection.</summary>
    UnreliableClients,

    /// <summary>Attack kind and its parameters.</summary>
    Attacks,

    /// <summary>What the server does with invalid updates.</summary>
    ValidationPolicy,

    /// <summary>Uplink compression.</summary>
    Communication,

    /// <summary>Client sampling, differential privacy, secure aggregation and the round-failure policy.</summary>
    Privacy,
}

/// <summary>Which collapsible section of the experiment form contains each setting's input.</summary>
public static class ExperimentFormSections
{
    private static readonly Dictionary<string, ExperimentFormSection> SectionBySetting = new(StringComparer.Ordinal)
    {
        [nameof(ExperimentConfig.Partition)] = ExperimentFormSection.DataAndPartition,
        [nameof(ExperimentConfig.DirichletAlpha)] = ExperimentFormSection.DataAndPartition,
        [nameof(ExperimentConfig.MinClientSize)] = ExperimentFormSection.DataAndPartition,
        [nameof(ExperimentConfig.ShardsPerClient)] = ExperimentFormSection.DataAndPartition,
        [nameof(ExperimentConfig.ClassesPerClient)] = ExperimentFormSection.DataAndPartition,
        [nameof(ExperimentConfig.QuantitySkew)] = ExperimentFormSection.DataAndPartition,
        [nameof(ExperimentConfig.QuantityAlpha)] = ExperimentFormSection.DataAndPartition,
        [nameof(ExperimentConfig.PowerLawExponent)] = ExperimentFormSection.DataAndPartition,
        [nameof(ExperimentConfig.FeatureNoiseSigma)] = ExperimentFormSection.DataAndPartition,
        [nameof(ExperimentConfig.ClientTestFraction)] = ExperimentFormSection.DataAndPartition,
        [nameof(ExperimentConfig.ClientGroups)] = ExperimentFormSection.DataAndPartition,

        [nameof(ExperimentConfig.Momentum)] = ExperimentFormSection.LocalTraining,
        [nameof(ExperimentConfig.WeightDecay)] = ExperimentFormSection.LocalTraining,

        [nameof(ExperimentConfig.Strategy)] = ExperimentFormSection.Strategy,
        [nameof(ExperimentConfig.Aggregation)] = ExperimentFormSection.Strategy,
        [nameof(ExperimentConfig.ProximalMu)] = ExperimentFormSection.Strategy,
        [nameof(ExperimentConfig.ServerLearningRate)] = ExperimentFormSection.Strategy,
        [nameof(ExperimentConfig.ServerMomentum)] = ExperimentFormSection.Strategy,
        [nameof(ExperimentConfig.Beta1)] = ExperimentFormSection.Strategy,
        [nameof(ExperimentConfig.Beta2)] = ExperimentFormSection.Strategy,
        [nameof(ExperimentConfig.Tau)] = ExperimentFormSection.Strategy,
        [nameof(ExperimentConfig.TrimFraction)] = ExperimentFormSection.Strategy,
        [nameof(ExperimentConfig.AssumedAttackers)] = ExperimentFormSection.Strategy,
        [nameof(ExperimentConfig.KrumSelected)] = ExperimentFormSection.Strategy,

        [nameof(ExperimentConfig.Dropout)] = ExperimentFormSection.UnreliableClients,
        [nameof(ExperimentConfig.ComputeSpeedMedian)] = ExperimentFormSection.UnreliableClients,
        [nameof(ExperimentConfig.ComputeSpeedSpread)] = ExperimentFormSection.UnreliableClients,
        [nameof(ExperimentConfig.BandwidthMedianMbps)] = ExperimentFormSection.UnreliableClients,
        [nameof(ExperimentConfig.BandwidthSpread)] = ExperimentFormSection.UnreliableClients,
        [nameof(ExperimentConfig.RoundDeadlineSeconds)] = ExperimentFormSection.UnreliableClients,
        [nameof(ExperimentConfig.OverSelection)] = ExperimentFormSection.UnreliableClients,

        [nameof(ExperimentConfig.Attack)] = ExperimentFormSection.Attacks,
        [nameof(ExperimentConfig.MaliciousFraction)] = ExperimentFormSection.Attacks,
        [nameof(ExperimentConfig.AttackBoost)] = ExperimentFormSection.Attacks,
        [nameof(ExperimentConfig.AttackNoiseStd)] = ExperimentFormSection.Attacks,

        [nameof(ExperimentConfig.InvalidUpdates)] = ExperimentFormSection.ValidationPolicy,

        [nameof(ExperimentConfig.Compression)] = ExperimentFormSection.Communication,
        [nameof(ExperimentConfig.TopKFraction)] = ExperimentFormSection.Communication,

        [nameof(ExperimentConfig.Sampling)] = ExperimentFormSection.Privacy,
        [nameof(ExperimentConfig.DifferentialPrivacy)] = ExperimentFormSection.Privacy,
        [nameof(ExperimentConfig.ClipNorm)] = ExperimentFormSection.Privacy,
        [nameof(ExperimentConfig.NoiseMultiplier)] = ExperimentFormSection.Privacy,
        [nameof(ExperimentConfig.Delta)] = ExperimentFormSection.Privacy,
        [nameof(ExperimentConfig.TargetEpsilon)] = ExperimentFormSection.Privacy,
        [nameof(ExperimentConfig.ClipQuantile)] = ExperimentFormSection.Privacy,
        [nameof(ExperimentConfig.ClipLearningRate)] = ExperimentFormSection.Privacy,
        [nameof(ExperimentConfig.LocalEpsilon)] = ExperimentFormSection.Privacy,
        [nameof(ExperimentConfig.SecureAggregation)] = ExperimentFormSection.Privacy,
        [nameof(ExperimentConfig.SecureAggregationThreshold)] = ExperimentFormSection.Privacy,
        [nameof(ExperimentConfig.RoundFailures)] = ExperimentFormSection.Privacy,
    };

    /// <summary>
    /// Returns the section holding the input of <paramref name="setting"/>, an <see cref="ExperimentConfig"/>
    /// property name, or null for the settings above the sections, which are always visible.
    /// </summary>
    public static ExperimentFormSection? Of(string setting) =>
        SectionBySetting.TryGetValue(setting, out ExperimentFormSection section) ? section : null;

    /// <summary>
    /// Returns the sections with at least one setting whose value in <paramref name="config"/> differs from the
    /// default, in page order, so that filling the form from a preset can open them.
    /// </summary>
    public static IReadOnlyList<ExperimentFormSection> ChangedFromDefaults(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var defaults = new ExperimentConfig();
        var changed = new SortedSet<ExperimentFormSection>();
        foreach ((string setting, ExperimentFormSection section) in SectionBySetting)
        {
            PropertyInfo property = typeof(ExperimentConfig).GetProperty(setting)
                ?? throw new InvalidOperationException($"ExperimentConfig has no property {setting}.");
            if (!SameValue(property.GetValue(config), property.GetValue(defaults)))
            {
                changed.Add(section);
            }
        }

        return [.. changed];
    }

    // Records compare lists by reference, so an empty list read from a file would differ from the default one.
    private static bool SameValue(object? left, object? right) =>
        left is System.Collections.IEnumerable leftItems and not string && right is System.Collections.IEnumerable rightItems and not string
            ? leftItems.Cast<object?>().SequenceEqual(rightItems.Cast<object?>())
            : Equals(left, right);

    /// <summary>Returns how many of the settings in <paramref name="errors"/> belong to <paramref name="section"/>.</summary>
    public static int ErrorCount(FieldErrors errors, ExperimentFormSection section)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Fields.Count(field => Of(field) == section);
    }
}
