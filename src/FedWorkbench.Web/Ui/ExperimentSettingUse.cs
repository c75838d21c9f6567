using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Training.Strategies;

namespace FedWorkbench.Web.Ui;

/// <summary>
/// Which <see cref="ExperimentConfig"/> settings a run reads for given choices of dataset, model, partition,
/// strategy, aggregation, attack, compression, differential privacy and secure aggregation. The experiment form shows only these inputs, and the run's
/// configuration table shows only these rows.
/// </summary>
public static class ExperimentSettingUse
{
    /// <summary>
    /// Returns whether the run reads <paramref name="setting"/>, an <see cref="ExperimentConfig"/> property name,
    /// under the choices in <paramref name="config"/>. Settings that every run reads, and unknown names, return true.
    /// </summary>
    public static bool IsUsed(ExperimentConfig config, string setting)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(setting);
        return setting switch
        {
            nameof(ExperimentConfig.HiddenLayers) => config.Model == ModelKind.Mlp,
            nameof(ExperimentConfig.SyntheticAlpha) or nameof(ExperimentConfig.SyntheticBeta) => config.Dataset == DatasetKind.Synthetic,

            nameof(ExperimentConfig.DirichletAlpha) => config.Partition == PartitionKind.Dirichlet,
            nameof(ExperimentConfig.MinClientSize) => config.Partition is PartitionKind.Dirichlet or PartitionKind.Quantity,
            nameof(ExperimentConfig.ShardsPerClient) => config.Partition == PartitionKind.Shards,
            nameof(ExperimentConfig.ClassesPerClient) => config.Partition == PartitionKind.Classes,
            nameof(ExperimentConfig.QuantitySkew) => config.Partition == PartitionKind.Quantity,
            nameof(ExperimentConfig.QuantityAlpha) =>
                config.Partition == PartitionKind.Quantity && config.QuantitySkew == QuantitySkewKind.Dirichlet,
            nameof(ExperimentConfig.PowerLawExponent) =>
                config.Partition == PartitionKind.Quantity && config.QuantitySkew == QuantitySkewKind.PowerLaw,
            nameof(ExperimentConfig.FeatureNoiseSigma) => config.Partition == PartitionKind.FeatureNoise,

            nameof(ExperimentConfig.ProximalMu) => config.Strategy == StrategyKind.FedProx,
            nameof(ExperimentConfig.ServerLearningRate) => DefaultServerLearningRate(config.Strategy) is not null,
            nameof(ExperimentConfig.ServerMomentum) => config.Strategy == StrategyKind.FedAvgM,
            nameof(ExperimentConfig.Beta1) or nameof(ExperimentConfig.Tau) => IsAdaptive(config.Strategy),
            nameof(ExperimentConfig.Beta2) => config.Strategy is StrategyKind.FedAdam or StrategyKind.FedYogi,

            nameof(ExperimentConfig.TrimFraction) => config.Aggregation == AggregationKind.TrimmedMean,
            nameof(ExperimentConfig.AssumedAttackers) =>
                config.Aggregation is AggregationKind.Krum or AggregationKind.MultiKrum or AggregationKind.Bulyan,
            nameof(ExperimentConfig.KrumSelected) => config.Aggregation == AggregationKind.MultiKrum,

            nameof(ExperimentConfig.MaliciousFraction) => config.Attack != AttackKind.None,
            nameof(ExperimentConfig.AttackBoost) => config.Attack == AttackKind.Scaling,
            nameof(ExperimentConfig.AttackNoiseStd) => config.Attack == AttackKind.Gaussian,

            nameof(ExperimentConfig.TopKFraction) => config.Compression == CompressionKind.TopK,

            nameof(ExperimentConfig.ClipNorm) or nameof(ExperimentConfig.Delta) => config.DifferentialPrivacy != DifferentialPrivacyKind.None,
            nameof(ExperimentConfig.TargetEpsilon) => UsesAccountantNoise(config.DifferentialPrivacy),
            nameof(ExperimentConfig.NoiseMultiplier) => UsesAccountantNoise(config.DifferentialPrivacy) && config.TargetEpsilon is null,
            nameof(ExperimentConfig.ClipQuantile) or nameof(ExperimentConfig.ClipLearningRate) =>
                config.DifferentialPrivacy == DifferentialPrivacyKind.CentralAdaptive,
            nameof(ExperimentConfig.LocalEpsilon) => config.DifferentialPrivacy == DifferentialPrivacyKind.Local,
            nameof(ExperimentConfig.SecureAggregationThreshold) or nameof(ExperimentConfig.RoundFailures) => config.SecureAggregation,
            _ => true,
        };
    }

    /// <summary>
    /// Returns the server learning rate η that <paramref name="strategy"/> uses when the setting is empty, or null
    /// for FedAvg and FedProx, which have no server learning rate.
    /// </summary>
    public static double? DefaultServerLearningRate(StrategyKind strategy) =>
        Enum.IsDefined(strategy) && StrategyDefaults.UsesServerLearningRate(strategy) ? StrategyDefaults.ServerLearningRate(strategy) : null;

    /// <summary>
    /// Returns whether <paramref name="mechanism"/> adds server-side Gaussian noise of scale z·S, so that the noise
    /// multiplier or a target ε applies: central, central adaptive and client DP. Local DP calibrates its own noise.
    /// </summary>
    public static bool UsesAccountantNoise(DifferentialPrivacyKind mechanism) =>
        mechanism is DifferentialPrivacyKind.Central or DifferentialPrivacyKind.CentralAdaptive or DifferentialPrivacyKind.Client;

    /// <summary>Returns whether <paramref name="strategy"/> is one of the adaptive server optimizers of Reddi et al. (2021).</summary>
    public static bool IsAdaptive(StrategyKind strategy) =>
        strategy is StrategyKind.FedAdagrad or StrategyKind.FedAdam or StrategyKind.FedYogi;
}
