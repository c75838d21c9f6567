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

    private static Dictionary<string, string> RowsOf(ExperimentConfig config) =>
        RunConfigRows.For(config).ToDictionary(row => row.Label, row => row.Value);
}
