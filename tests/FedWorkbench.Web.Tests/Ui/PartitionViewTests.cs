using FedWorkbench.Simulation.Partitioning;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

public sealed class PartitionViewTests
{
    // Client k has k + 1 samples of label k mod 3 and none of the others.
    private static PartitionStatistics Partition(int clients)
    {
        int[][] counts = [.. Enumerable.Range(0, clients).Select(client =>
        {
            var row = new int[3];
            row[client % 3] = client + 1;
            return row;
        })];
        return new PartitionStatistics(3, [.. counts.Select(row => row.Sum())], new int[clients], counts, LabelSkew: 0.5);
    }

    [Fact]
    public void From_ShowsAllUpToCap()
    {
        PartitionView view = PartitionView.From(Partition(PartitionView.MaxHeatmapClients));

        Assert.Equal(100, view.HeatmapClients);
        Assert.Equal(100, view.HeatmapRows.Count());
        Assert.Null(view.CapNote);
        Assert.Equal(["0", "1", "2"], view.LabelNames);
        Assert.Equal("Client 1", view.HeatmapClientNames.First());
        Assert.Equal("Client 100", view.HeatmapClientNames.Last());
    }

    [Fact]
    public void From_NamedClassesAndClients_UsesNames()
    {
        PartitionStatistics named = Partition(2) with { ClassNames = ["home", "readmitted_30d", "long_term_care"], ClientNames = ["North General", "St. Anne"] };

        PartitionView view = PartitionView.From(named);

        Assert.Equal(["home", "readmitted_30d", "long_term_care"], view.LabelNames);
        Assert.Equal(["North General", "St. Anne"], view.HeatmapClientNames);
    }

    [Fact]
    public void From_CapsHeatmapAtFirstClients()
    {
        PartitionView view = PartitionView.From(Partition(10_000));

        int[][] rows = [.. view.HeatmapRows];
        Assert.Equal(100, view.HeatmapClients);
        Assert.Equal(100, rows.Length);
        Assert.Equal([0, 2, 0], rows[1]);
        Assert.Equal([100, 0, 0], rows[99]);
        Assert.Equal([1, 0, 0], rows[0]);
        Assert.Equal(10_000, view.ClientCount);
        Assert.Equal("The heatmap shows the first 100 of 10,000 clients; the histogram counts them all.", view.CapNote);
    }

    [Fact]
    public void Summary_GivesSizeRangeAndSkew()
    {
        PartitionView view = PartitionView.From(Partition(4));

        // Sizes 1, 2, 3 and 4: mean 2.5.
        Assert.Equal("4 clients with 1 to 4 training samples (mean 2.5); label skew 0.500.", view.Summary);
    }

    [Fact]
    public void Summary_EqualSizesSaysEach()
    {
        PartitionStatistics equal = new(2, [600, 600, 600], [0, 0, 0], [[300, 300], [300, 300], [300, 300]], LabelSkew: 0);

        Assert.Equal("3 clients with 600 training samples each; label skew 0.000.", PartitionView.From(equal).Summary);
    }

    [Fact]
    public void CommonClientSize_EqualSizes()
    {
        PartitionStatistics equal = new(2, [1_200, 1_200, 1_200], [0, 0, 0], [[600, 600], [600, 600], [600, 600]], LabelSkew: 0);

        PartitionView view = PartitionView.From(equal);

        Assert.Equal(1_200, view.CommonClientSize);
        Assert.Equal("1,200", view.CommonClientSizeLabel);
    }

    [Fact]
    public void CommonClientSize_NullForUnequalSizes()
    {
        PartitionView view = PartitionView.From(Partition(4));

        Assert.Null(view.CommonClientSize);
        Assert.Null(view.CommonClientSizeLabel);
    }

    [Theory]
    [InlineData(RunStatus.Queued, false, PartitionView.WaitingMessage)]
    [InlineData(RunStatus.Running, false, PartitionView.WaitingMessage)]
    [InlineData(RunStatus.Failed, false, PartitionView.NoPartitionMessage)]
    [InlineData(RunStatus.Running, true, null)]
    [InlineData(RunStatus.Completed, true, null)]
    public void EmptyMessage_FollowsStatus(RunStatus status, bool hasPartition, string? expected)
    {
        Assert.Equal(expected, PartitionView.EmptyMessage(status, hasPartition));
    }
}
