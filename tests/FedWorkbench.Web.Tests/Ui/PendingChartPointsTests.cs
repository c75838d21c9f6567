using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

public sealed class PendingChartPointsTests
{
    [Fact]
    public void Defer_BeforeLastChart_KeepsPoints()
    {
        // Arrange: two charts, one rendered.
        var pending = new PendingChartPoints<int>(() => 2);
        Assert.Null(pending.ChartRendered());

        // Act
        bool deferred = pending.Defer([1, 2]);

        // Assert
        Assert.True(deferred);
        Assert.False(pending.AllRendered);
    }

    [Fact]
    public void ChartRendered_LastChart_ReleasesPointsOnce()
    {
        // Arrange
        var pending = new PendingChartPoints<int>(() => 2);
        pending.Defer([1, 2]);
        pending.Defer([3]);
        pending.ChartRendered();

        // Act
        int[]? released = pending.ChartRendered();

        // Assert: the points come back in arrival order, and later points go straight to the charts.
        Assert.NotNull(released);
        Assert.Equal([1, 2, 3], released);
        Assert.True(pending.AllRendered);
        Assert.False(pending.Defer([4]));
    }

    [Fact]
    public void ChartRendered_NothingWaiting_ReturnsNull()
    {
        // Arrange
        var pending = new PendingChartPoints<int>(() => 1);

        // Act and assert
        Assert.Null(pending.ChartRendered());
    }

    [Fact]
    public void Defer_NoCharts_SendsAtOnce()
    {
        // Arrange: a panel whose settings show no chart.
        var pending = new PendingChartPoints<int>(() => 0);

        // Act and assert
        Assert.False(pending.Defer([1]));
    }
}
