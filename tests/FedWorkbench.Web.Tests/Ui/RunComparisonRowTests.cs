using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

public sealed class RunComparisonRowTests
{
    [Fact]
    public void Build_EqualConfigs_NoRowDiffers()
    {
        IReadOnlyList<RunComparisonRow> rows = RunComparisonRow.Build([new ExperimentConfig(), new ExperimentConfig()]);

        Assert.NotEmpty(rows);
        Assert.DoesNotContain(rows, row => row.Differs);
    }

    [Fact]
    public void Build_EveryProperty_HasRow()
    {
        // Arrange: the table is left out of the file of a run on a built-in dataset, so one run has one.
        var table = new TableSource { Id = new string('b', 64), FileName = "sites.csv", LabelColumn = "class" };

        // Act
        IReadOnlyList<RunComparisonRow> rows = RunComparisonRow.Build([new ExperimentConfig { Name = "a" }, new ExperimentConfig { Name = "b", Table = table }]);

        // Assert: every property of the experiment file gets a row, so settings added later show up without a change here.
        int propertyCount = typeof(ExperimentConfig).GetProperties().Length;
        Assert.Equal(propertyCount, rows.Count);
    }

    [Fact]
    public void Build_TableInOneLine()
    {
        var table = new TableSource
        {
            Id = "3f2a9c1e" + new string('0', 56),
            FileName = "sites.csv",
            LabelColumn = "class",
            OwnerColumn = "site",
            ColumnTypes = new Dictionary<string, string> { ["zip"] = "categorical" },
        };

        RunComparisonRow row = RunComparisonRow.Build([new ExperimentConfig(), new ExperimentConfig { Table = table }]).Single(r => r.Setting == "table");

        Assert.Equal(
            [RunComparisonRow.NoValue, "sites.csv (3f2a9c1e), label class, owner site, features all other columns, types zip categorical, test fraction 0.2"],
            row.Values);
        Assert.True(row.Differs);
    }

    [Fact]
    public void Build_ClientGroups_ListsChangedSettings()
    {
        var grouped = new ExperimentConfig
        {
            Clients = 30,
            ClientGroups =
            [
                new ClientGroupConfig { Name = "Phones", Count = 20, DataShare = 0.6, Dropout = 0.2 },
                new ClientGroupConfig { Name = "Tablets", Count = 10, DataShare = 0.4 },
            ],
        };

        RunComparisonRow row = RunComparisonRow.Build([new ExperimentConfig(), grouped]).Single(r => r.Setting == "clientGroups");

        // The count, share and partition always show; dropout shows because it differs from a group's default.
        Assert.True(row.Differs);
        Assert.Equal(
            [RunComparisonRow.NoValue, "Phones: Clients in the group 20, Data share 0.6, Partition iid, Dropout probability 0.2; Tablets: Clients in the group 10, Data share 0.4, Partition iid"],
            row.Values);
    }

    [Fact]
    public void Label_EverySettingHasFormLabel()
    {
        IReadOnlyList<RunComparisonRow> rows = RunComparisonRow.Build([new ExperimentConfig()]);

        // Each setting of the experiment file has a form label, so no row falls back to its file name.
        Assert.All(rows, row => Assert.NotNull(FieldLabels.ForFileName(row.Setting)));
    }

    [Theory]
    [InlineData("computeSpeedMedian", FieldLabels.ComputeSpeedMedian)]
    [InlineData("bandwidthMedianMbps", "Bandwidth median")]
    [InlineData("roundDeadlineSeconds", "Round deadline")]
    [InlineData("hiddenLayers", "Hidden layers")]
    [InlineData("clients", "Clients K")]
    [InlineData("name", "Name")]
    public void Label_IsFormLabel(string setting, string expected)
    {
        var row = new RunComparisonRow(setting, ["1"], Differs: false);

        Assert.Equal(expected, row.Label);
    }

    [Fact]
    public void Label_UnknownSettingKeepsFileName()
    {
        var row = new RunComparisonRow("futureSetting", ["1"], Differs: false);

        Assert.Equal("futureSetting", row.Label);
    }

    [Fact]
    public void Build_Values_UseFileSpelling()
    {
        var first = new ExperimentConfig { Partition = PartitionKind.FeatureNoise, HiddenLayers = [64, 32], RoundDeadlineSeconds = 30 };
        var second = new ExperimentConfig { Partition = PartitionKind.FeatureNoise, HiddenLayers = [200, 200], RoundDeadlineSeconds = null };

        IReadOnlyList<RunComparisonRow> rows = RunComparisonRow.Build([first, second]);

        RunComparisonRow partition = rows.Single(row => row.Setting == "partition");
        RunComparisonRow hidden = rows.Single(row => row.Setting == "hiddenLayers");
        RunComparisonRow deadline = rows.Single(row => row.Setting == "roundDeadlineSeconds");
        Assert.Equal(["feature-noise", "feature-noise"], partition.Values);
        Assert.False(partition.Differs);
        Assert.Equal(["64, 32", "200, 200"], hidden.Values);
        Assert.True(hidden.Differs);
        Assert.Equal(["30", RunComparisonRow.NoValue], deadline.Values);
        Assert.True(deadline.Differs);
    }
}
