using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

/// <summary>Rows of a run's configuration table: the settings the run reads, with values spelled as in the experiment file.</summary>
public sealed class RunConfigRowsTests
{
    [Fact]
    public void For_Defaults_LeavesOutUnusedSettings()
    {
        Dictionary<string, string> rows = RowsOf(new ExperimentConfig());

        Assert.Equal("iid", rows["Partition"]);
        Assert.Equal("fedavg", rows["Strategy"]);
        Assert.Equal("mean", rows["Aggregation"]);
        Assert.Equal("none", rows["Attack"]);
        Assert.Equal("none", rows["Compression"]);
        Assert.Equal("drop", rows["Invalid updates"]);
        Assert.Equal("none", rows["Round deadline"]);
        Assert.Equal("0.1", rows["Client test fraction"]);
        Assert.DoesNotContain("Dirichlet α", rows.Keys);
        Assert.DoesNotContain("Server learning rate η", rows.Keys);
        Assert.DoesNotContain("Trim fraction β", rows.Keys);
        Assert.DoesNotContain("Assumed attackers f", rows.Keys);
        Assert.DoesNotContain("Malicious fraction", rows.Keys);
        Assert.DoesNotContain("Top-k fraction", rows.Keys);
    }

    [Fact]
    public void For_AttackAgainstMultiKrum_ShowsTheirSettings()
    {
        var config = new ExperimentConfig
        {
            Partition = PartitionKind.FeatureNoise,
            FeatureNoiseSigma = 0.4,
            Strategy = StrategyKind.FedAdam,
            Aggregation = AggregationKind.MultiKrum,
            AssumedAttackers = 2,
            Attack = AttackKind.Scaling,
            MaliciousFraction = 0.1,
            AttackBoost = 25,
            Compression = CompressionKind.TopK,
            TopKFraction = 0.05,
            RoundDeadlineSeconds = 7.5,
        };

        Dictionary<string, string> rows = RowsOf(config);

        Assert.Equal("feature-noise", rows["Partition"]);
        Assert.Equal("0.4", rows["Feature noise σ"]);
        Assert.Equal("fedadam", rows["Strategy"]);
        Assert.Equal("0.01 (default)", rows["Server learning rate η"]);
        Assert.Equal("0.9", rows["First-moment decay β1"]);
        Assert.Equal("0.99", rows["Second-moment decay β2"]);
        Assert.Equal("0.001", rows["Adaptivity τ"]);
        Assert.Equal("multi-krum", rows["Aggregation"]);
        Assert.Equal("2", rows["Assumed attackers f"]);
        Assert.Equal("n − f (default)", rows["Multi-Krum m"]);
        Assert.Equal("scaling", rows["Attack"]);
        Assert.Equal("0.1", rows["Malicious fraction"]);
        Assert.Equal("25", rows["Boost factor γ"]);
        Assert.Equal("topk", rows["Compression"]);
        Assert.Equal("0.05", rows["Top-k fraction"]);
        Assert.Equal("7.5 s", rows["Round deadline"]);
        Assert.DoesNotContain("Server momentum β", rows.Keys);
        Assert.DoesNotContain("Attack noise σ", rows.Keys);
        Assert.DoesNotContain("Trim fraction β", rows.Keys);
    }

    [Fact]
    public void For_PowerLawAndServerRate()
    {
        var config = new ExperimentConfig
        {
            Partition = PartitionKind.Quantity,
            QuantitySkew = QuantitySkewKind.PowerLaw,
            PowerLawExponent = 2,
            MinClientSize = 400,
            Strategy = StrategyKind.FedAvgM,
            ServerLearningRate = 0.5,
            ClientTestFraction = 0,
        };

        Dictionary<string, string> rows = RowsOf(config);

        Assert.Equal("power-law", rows["Quantity skew"]);
        Assert.Equal("2", rows["Power-law exponent a"]);
        Assert.DoesNotContain("Quantity α", rows.Keys);
        Assert.Equal("400", rows["Minimum client size"]);
        Assert.DoesNotContain("Dirichlet α", rows.Keys);
        Assert.Equal("0.5", rows["Server learning rate η"]);
        Assert.Equal("0.9", rows["Server momentum β"]);
        Assert.Equal("0 (per-client accuracy off)", rows["Client test fraction"]);
    }

    [Fact]
    public void For_AnyConfig_HasNoDuplicateLabels()
    {
        var config = new ExperimentConfig { Dataset = DatasetKind.Synthetic, Partition = PartitionKind.Dirichlet };

        IReadOnlyList<RunConfigRow> rows = RunConfigRows.For(config);

        Assert.Equal(rows.Count, rows.Select(row => row.Label).Distinct().Count());
        Assert.Equal("Dataset", rows[0].Label);
        Assert.Equal("Seed", rows[^1].Label);
    }

    [Fact]
    public void For_ClientGroups_OneRowPerGroup()
    {
        var config = new ExperimentConfig
        {
            Clients = 30,
            Partition = PartitionKind.Shards,
            Dropout = 0.9,
            Attack = AttackKind.Scaling,
            ClientGroups =
            [
                new ClientGroupConfig { Name = "Phones", Count = 20, DataShare = 0.6 },
                new ClientGroupConfig
                {
                    Count = 9,
                    DataShare = 0.3,
                    Partition = PartitionKind.Dirichlet,
                    DirichletAlpha = 0.3,
                    Dropout = 0.25,
                    Attack = AttackKind.SignFlip,
                    MaliciousFraction = 0.1,
                },
                new ClientGroupConfig { Name = "Tablets", Count = 1, DataShare = 0.1, Partition = PartitionKind.FeatureNoise, FeatureNoiseSigma = 0.2 },
            ],
        };

        Dictionary<string, string> rows = RowsOf(config);

        Assert.Equal("20 clients, data share 0.6, iid, dropout 0, no attack", rows["Client group 1 (Phones)"]);
        Assert.Equal("9 clients, data share 0.3, dirichlet α 0.3, dropout 0.25, sign-flip attack, malicious fraction 0.1", rows["Client group 2"]);
        Assert.Equal("1 client, data share 0.1, feature-noise σ 0.2, dropout 0, no attack", rows["Client group 3 (Tablets)"]);
        Assert.Equal("30", rows["Clients K"]);
        Assert.DoesNotContain("Partition", rows.Keys);
        Assert.DoesNotContain("Dropout probability", rows.Keys);
        Assert.DoesNotContain("Attack", rows.Keys);
        Assert.DoesNotContain("Malicious fraction", rows.Keys);
        Assert.DoesNotContain("Boost factor γ", rows.Keys);
        Assert.DoesNotContain("Minimum client size", rows.Keys);
        Assert.Equal("0.1", rows["Client test fraction"]);
    }

    [Fact]
    public void For_GroupPartitions_NameTheirSetting()
    {
        var config = new ExperimentConfig
        {
            Clients = 4,
            ClientGroups =
            [
                new ClientGroupConfig { Count = 1, DataShare = 0.25, Partition = PartitionKind.Shards, ShardsPerClient = 3 },
                new ClientGroupConfig { Count = 1, DataShare = 0.25, Partition = PartitionKind.Classes, ClassesPerClient = 4 },
                new ClientGroupConfig { Count = 1, DataShare = 0.25, Partition = PartitionKind.Quantity, QuantityAlpha = 0.7 },
                new ClientGroupConfig { Count = 1, DataShare = 0.25, Partition = PartitionKind.Quantity, QuantitySkew = QuantitySkewKind.PowerLaw, PowerLawExponent = 2.5 },
            ],
        };

        IReadOnlyList<RunConfigRow> rows = RunConfigRows.For(config);

        Assert.Contains(rows, row => row.Label == "Client group 1" && row.Value.Contains(", shards partition, 3 shards per client,", StringComparison.Ordinal));
        Assert.Contains(rows, row => row.Label == "Client group 2" && row.Value.Contains(", classes partition, 4 classes per client,", StringComparison.Ordinal));
        Assert.Contains(rows, row => row.Label == "Client group 3" && row.Value.Contains(", quantity dirichlet α 0.7,", StringComparison.Ordinal));
        Assert.Contains(rows, row => row.Label == "Client group 4" && row.Value.Contains(", quantity power-law a 2.5,", StringComparison.Ordinal));
        Assert.Equal(rows.Count, rows.Select(row => row.Label).Distinct().Count());
    }

    private static Dictionary<string, string> RowsOf(ExperimentConfig config) =>
        RunConfigRows.For(config).ToDictionary(row => row.Label, row => row.Value);
}
