using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

/// <summary>Which settings a run reads for given choices, which decides the form's inputs and the configuration table's rows.</summary>
public sealed class ExperimentSettingUseTests
{
    public static TheoryData<string, ExperimentConfig, bool> Cases => new()
    {
        { nameof(ExperimentConfig.ShardsPerClient), new ExperimentConfig { Partition = PartitionKind.Shards }, true },
        { nameof(ExperimentConfig.ShardsPerClient), new ExperimentConfig { Partition = PartitionKind.Classes }, false },
        { nameof(ExperimentConfig.ClassesPerClient), new ExperimentConfig { Partition = PartitionKind.Classes }, true },
        { nameof(ExperimentConfig.MinClientSize), new ExperimentConfig { Partition = PartitionKind.Dirichlet }, true },
        { nameof(ExperimentConfig.MinClientSize), new ExperimentConfig { Partition = PartitionKind.Quantity }, true },
        { nameof(ExperimentConfig.MinClientSize), new ExperimentConfig { Partition = PartitionKind.Quantity, QuantitySkew = QuantitySkewKind.PowerLaw }, true },
        { nameof(ExperimentConfig.MinClientSize), new ExperimentConfig { Partition = PartitionKind.Iid }, false },
        { nameof(ExperimentConfig.MinClientSize), new ExperimentConfig { Partition = PartitionKind.Shards }, false },
        { nameof(ExperimentConfig.DirichletAlpha), new ExperimentConfig { Partition = PartitionKind.Quantity }, false },
        { nameof(ExperimentConfig.QuantitySkew), new ExperimentConfig { Partition = PartitionKind.Quantity }, true },
        { nameof(ExperimentConfig.QuantityAlpha), new ExperimentConfig { Partition = PartitionKind.Quantity }, true },
        { nameof(ExperimentConfig.QuantityAlpha), new ExperimentConfig { Partition = PartitionKind.Quantity, QuantitySkew = QuantitySkewKind.PowerLaw }, false },
        { nameof(ExperimentConfig.PowerLawExponent), new ExperimentConfig { Partition = PartitionKind.Quantity, QuantitySkew = QuantitySkewKind.PowerLaw }, true },
        { nameof(ExperimentConfig.PowerLawExponent), new ExperimentConfig { Partition = PartitionKind.Iid, QuantitySkew = QuantitySkewKind.PowerLaw }, false },
        { nameof(ExperimentConfig.FeatureNoiseSigma), new ExperimentConfig { Partition = PartitionKind.FeatureNoise }, true },
        { nameof(ExperimentConfig.FeatureNoiseSigma), new ExperimentConfig(), false },
        { nameof(ExperimentConfig.ClientTestFraction), new ExperimentConfig(), true },
        { nameof(ExperimentConfig.Momentum), new ExperimentConfig(), true },
        { nameof(ExperimentConfig.ProximalMu), new ExperimentConfig { Strategy = StrategyKind.FedProx }, true },
        { nameof(ExperimentConfig.ProximalMu), new ExperimentConfig(), false },
        { nameof(ExperimentConfig.ServerLearningRate), new ExperimentConfig(), false },
        { nameof(ExperimentConfig.ServerLearningRate), new ExperimentConfig { Strategy = StrategyKind.FedProx }, false },
        { nameof(ExperimentConfig.ServerLearningRate), new ExperimentConfig { Strategy = StrategyKind.FedNova }, true },
        { nameof(ExperimentConfig.ServerMomentum), new ExperimentConfig { Strategy = StrategyKind.FedAvgM }, true },
        { nameof(ExperimentConfig.ServerMomentum), new ExperimentConfig { Strategy = StrategyKind.FedAdam }, false },
        { nameof(ExperimentConfig.Beta1), new ExperimentConfig { Strategy = StrategyKind.FedAdagrad }, true },
        { nameof(ExperimentConfig.Beta2), new ExperimentConfig { Strategy = StrategyKind.FedAdagrad }, false },
        { nameof(ExperimentConfig.Beta2), new ExperimentConfig { Strategy = StrategyKind.FedYogi }, true },
        { nameof(ExperimentConfig.Tau), new ExperimentConfig { Strategy = StrategyKind.FedAdam }, true },
        { nameof(ExperimentConfig.Tau), new ExperimentConfig { Strategy = StrategyKind.Scaffold }, false },
        { nameof(ExperimentConfig.TrimFraction), new ExperimentConfig { Aggregation = AggregationKind.TrimmedMean }, true },
        { nameof(ExperimentConfig.TrimFraction), new ExperimentConfig { Aggregation = AggregationKind.Median }, false },
        { nameof(ExperimentConfig.AssumedAttackers), new ExperimentConfig { Aggregation = AggregationKind.Bulyan }, true },
        { nameof(ExperimentConfig.AssumedAttackers), new ExperimentConfig { Aggregation = AggregationKind.TrimmedMean }, false },
        { nameof(ExperimentConfig.KrumSelected), new ExperimentConfig { Aggregation = AggregationKind.MultiKrum }, true },
        { nameof(ExperimentConfig.KrumSelected), new ExperimentConfig { Aggregation = AggregationKind.Krum }, false },
        { nameof(ExperimentConfig.RoundDeadlineSeconds), new ExperimentConfig(), true },
        { nameof(ExperimentConfig.MaliciousFraction), new ExperimentConfig(), false },
        { nameof(ExperimentConfig.MaliciousFraction), new ExperimentConfig { Attack = AttackKind.LabelFlip }, true },
        { nameof(ExperimentConfig.AttackBoost), new ExperimentConfig { Attack = AttackKind.Scaling }, true },
        { nameof(ExperimentConfig.AttackBoost), new ExperimentConfig { Attack = AttackKind.Gaussian }, false },
        { nameof(ExperimentConfig.AttackNoiseStd), new ExperimentConfig { Attack = AttackKind.Gaussian }, true },
        { nameof(ExperimentConfig.InvalidUpdates), new ExperimentConfig(), true },
        { nameof(ExperimentConfig.TopKFraction), new ExperimentConfig { Compression = CompressionKind.TopK }, true },
        { nameof(ExperimentConfig.TopKFraction), new ExperimentConfig { Compression = CompressionKind.Q8 }, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsUsed_FollowsChoices(string setting, ExperimentConfig config, bool expected)
    {
        Assert.Equal(expected, ExperimentSettingUse.IsUsed(config, setting));
    }

    [Theory]
    [InlineData(StrategyKind.FedAvg, null)]
    [InlineData(StrategyKind.FedProx, null)]
    [InlineData(StrategyKind.FedAvgM, 1.0)]
    [InlineData(StrategyKind.FedNova, 1.0)]
    [InlineData(StrategyKind.Scaffold, 1.0)]
    [InlineData(StrategyKind.FedAdagrad, 0.1)]
    [InlineData(StrategyKind.FedAdam, 0.01)]
    [InlineData(StrategyKind.FedYogi, 0.01)]
    public void DefaultServerLearningRate_MatchesConfigDocs(StrategyKind strategy, double? expected)
    {
        Assert.Equal(expected, ExperimentSettingUse.DefaultServerLearningRate(strategy));
    }
}
