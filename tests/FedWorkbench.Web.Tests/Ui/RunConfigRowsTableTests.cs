using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

/// <summary>The configuration table of a run on an uploaded CSV file.</summary>
public sealed class RunConfigRowsTableTests
{
    [Fact]
    public void For_TableRun_NamesFileAndColumns()
    {
        var config = new ExperimentConfig
        {
            Dataset = DatasetKind.Table,
            Partition = PartitionKind.Natural,
            Clients = 5,
            Table = new TableSource
            {
                Id = "0123456789abcdef" + new string('0', 48),
                FileName = "hospital-discharges.csv",
                LabelColumn = "discharge_outcome",
                OwnerColumn = "hospital",
            },
        };

        Dictionary<string, string> rows = RunConfigRows.For(config).ToDictionary(row => row.Label, row => row.Value);

        Assert.Equal("CSV file", rows["Dataset"]);
        Assert.Equal("hospital-discharges.csv (0123456789ab…)", rows["File"]);
        Assert.Equal("discharge_outcome", rows["Label column"]);
        Assert.Equal("hospital", rows["Owner column"]);
        Assert.Equal("every other column with values", rows["Feature columns"]);
        Assert.Equal("0.2", rows["Test fraction"]);
        Assert.False(rows.ContainsKey("Column types"));
        Assert.False(rows.ContainsKey("Synthetic α, β"));
    }

    [Fact]
    public void For_SyntheticRun_HasNoTableRows()
    {
        Dictionary<string, string> rows = RunConfigRows.For(new ExperimentConfig { Dataset = DatasetKind.Synthetic })
            .ToDictionary(row => row.Label, row => row.Value);

        Assert.Equal("Synthetic(α, β)", rows["Dataset"]);
        Assert.False(rows.ContainsKey("File"));
    }
}
