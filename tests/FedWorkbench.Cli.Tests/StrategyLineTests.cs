using FedWorkbench.Cli.Output;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Cli.Tests;

public class StrategyLineTests
{
    [Fact]
    public void Describe_Defaults_IsFedAvgOnly()
    {
        Assert.Equal("fedavg", StrategyLine.Describe(new ExperimentConfig()));
    }

    [Fact]
    public void Describe_UnreadSettings_AreLeftOut()
    {
        var config = new ExperimentConfig
        {
            ProximalMu = 5,
            ServerMomentum = 0.5,
            ServerLearningRate = 0.3,
            AssumedAttackers = 4,
            TrimFraction = 0.3,
            MaliciousFraction = 0.4,
            TopKFraction = 0.5,
            ComputeSpeedMedian = 200,
        };

        Assert.Equal("fedavg", StrategyLine.Describe(config));
    }

    [Theory]
    [InlineData(1, "fedavg, krum aggregation f=1, sign-flip attack by 20% of clients")]
    [InlineData(3, "fedavg, krum aggregation f=3, sign-flip attack by 20% of clients")]
    public void Describe_Krum_ShowsAssumedAttackers(int attackers, string expected)
    {
        var config = new ExperimentConfig
        {
            Aggregation = AggregationKind.Krum,
            AssumedAttackers = attackers,
            Attack = AttackKind.SignFlip,
            MaliciousFraction = 0.2,
        };

        Assert.Equal(expected, StrategyLine.Describe(config));
    }

    [Theory]
    [InlineData(null, "fedavg, multi-krum aggregation f=2 m=n−f")]
    [InlineData(4, "fedavg, multi-krum aggregation f=2 m=4")]
    public void Describe_MultiKrum_ShowsSelectedUpdates(int? selected, string expected)
    {
        var config = new ExperimentConfig { Aggregation = AggregationKind.MultiKrum, AssumedAttackers = 2, KrumSelected = selected };

        Assert.Equal(expected, StrategyLine.Describe(config));
    }

    [Fact]
    public void Describe_TrimmedMean_ShowsTrimFraction()
    {
        var config = new ExperimentConfig { Strategy = StrategyKind.FedProx, ProximalMu = 0.1, Aggregation = AggregationKind.TrimmedMean, TrimFraction = 0.2 };

        Assert.Equal("fedprox μ=0.1, trimmed-mean aggregation β=0.2", StrategyLine.Describe(config));
    }

    [Theory]
    [InlineData(StrategyKind.FedAvgM, null, "fedavgm η=1 β=0.9")]
    [InlineData(StrategyKind.FedAvgM, 0.5, "fedavgm η=0.5 β=0.9")]
    [InlineData(StrategyKind.FedAdagrad, null, "fedadagrad η=0.1 β1=0.9 τ=0.001")]
    [InlineData(StrategyKind.FedAdam, null, "fedadam η=0.01 β1=0.9 β2=0.99 τ=0.001")]
    [InlineData(StrategyKind.FedYogi, 0.02, "fedyogi η=0.02 β1=0.9 β2=0.99 τ=0.001")]
    [InlineData(StrategyKind.FedNova, null, "fednova η=1")]
    [InlineData(StrategyKind.Scaffold, null, "scaffold η=1")]
    public void Describe_ServerOptimizer_ShowsItsHyperparameters(StrategyKind strategy, double? serverRate, string expected)
    {
        var config = new ExperimentConfig { Strategy = strategy, ServerLearningRate = serverRate };

        Assert.Equal(expected, StrategyLine.Describe(config));
    }

    [Theory]
    [InlineData(AttackKind.LabelFlip, "fedavg, label-flip attack by 10% of clients")]
    [InlineData(AttackKind.Scaling, "fedavg, scaling attack by 10% of clients γ=25")]
    [InlineData(AttackKind.Gaussian, "fedavg, gaussian attack by 10% of clients σ=3")]
    public void Describe_Attack_ShowsItsSetting(AttackKind attack, string expected)
    {
        var config = new ExperimentConfig { Attack = attack, MaliciousFraction = 0.1, AttackBoost = 25, AttackNoiseStd = 3 };

        Assert.Equal(expected, StrategyLine.Describe(config));
    }

    [Fact]
    public void Describe_UnreliableClients_ShowsOverSelectionAndSpeeds()
    {
        var config = new ExperimentConfig
        {
            Dropout = 0.2,
            RoundDeadlineSeconds = 12,
            OverSelection = 0.3,
            ComputeSpeedMedian = 200,
            BandwidthMedianMbps = 5,
        };

        Assert.Equal(
            "fedavg, dropout 0.2, deadline 12 s, over-selection 0.3, clients at 200 samples/s and 5 Mbit/s",
            StrategyLine.Describe(config));
    }

    [Theory]
    [InlineData(CompressionKind.Q8, "fedavg, q8 compression")]
    [InlineData(CompressionKind.Q4, "fedavg, q4 compression")]
    [InlineData(CompressionKind.TopK, "fedavg, topk compression of 2.5% of the coordinates")]
    public void Describe_Compression_ShowsTopKFraction(CompressionKind compression, string expected)
    {
        var config = new ExperimentConfig { Compression = compression, TopKFraction = 0.025 };

        Assert.Equal(expected, StrategyLine.Describe(config));
    }
}
