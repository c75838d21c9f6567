using FedWorkbench.Data.Baselines;
using FedWorkbench.Web.Baselines;
using FedWorkbench.Web.Components.Runs;
using FedWorkbench.Web.Storage;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace FedWorkbench.Web.Tests.Ui;

/// <summary>The reference lines and the status line that <see cref="RunCharts"/> draws for a run's baselines.</summary>
public sealed class RunChartsBaselineTests
{
    [Fact]
    public void CompletedBaseline_DashedLineAcrossAxis()
    {
        RunBaseline baseline = Completed(BaselineKind.LightGbm, 0.8434);

        Scatter line = RunCharts.CreateBaselineLine(baseline, lastAxisRound: 30)!;

        Assert.Equal("Centralized LightGBM: 84.3%", line.Name);
        Assert.StartsWith(RunCharts.BaselineTracePrefix, line.Name, StringComparison.Ordinal);
        Assert.Equal("dashdot", line.Line.Dash);
        Assert.Equal(ModeFlag.Lines, line.Mode);

        // The round axis spans 0.5 to 30.5, so the line does too.
        Assert.Equal([0.5m, 30.5m], line.X);
        Assert.Equal([0.8434, 0.8434], line.Y);
    }

    [Theory]
    [InlineData(BaselineKind.Engine, "Centralized engine: 50.0%", "dash")]
    [InlineData(BaselineKind.MaximumEntropy, "Centralized maximum entropy: 50.0%", "dot")]
    public void CompletedBaseline_NamedByKind(BaselineKind kind, string expected, string dash)
    {
        Scatter? line = RunCharts.CreateBaselineLine(Completed(kind, 0.5), lastAxisRound: 5);

        Assert.Equal(expected, line?.Name);
        Assert.Equal(dash, line?.Line.Dash);
    }

    [Theory]
    [InlineData(BaselineStatus.Queued)]
    [InlineData(BaselineStatus.Running)]
    [InlineData(BaselineStatus.Failed)]
    public void UnfinishedBaseline_NoLine(BaselineStatus status)
    {
        var baseline = new RunBaseline(BaselineKind.Engine, status, null, null, null, null, status == BaselineStatus.Failed ? "broken" : null, null);

        Assert.Null(RunCharts.CreateBaselineLine(baseline, lastAxisRound: 5));
    }

    [Fact]
    public void Status_ListsUnfinishedOnly()
    {
        RunBaseline[] baselines =
        [
            new(BaselineKind.Engine, BaselineStatus.Running, null, null, null, null, null, null),
            new(BaselineKind.MaximumEntropy, BaselineStatus.Queued, null, null, null, null, null, null),
            new(BaselineKind.LightGbm, BaselineStatus.Failed, null, null, null, null, "Not queued: the baseline queue is full.", DateTimeOffset.UnixEpoch),
        ];

        string? status = RunCharts.DescribeBaselineStatus([.. baselines, Completed(BaselineKind.LightGbm, 0.9)]);

        Assert.Equal(
            "Centralized engine: training · Centralized maximum entropy: queued · Centralized LightGBM: failed: Not queued: the baseline queue is full.",
            status);
    }

    [Fact]
    public void Status_AllCompletedOrNone_IsNull()
    {
        Assert.Null(RunCharts.DescribeBaselineStatus([Completed(BaselineKind.Engine, 0.7)]));
        Assert.Null(RunCharts.DescribeBaselineStatus([]));
    }

    private static RunBaseline Completed(BaselineKind kind, double accuracy) =>
        new(kind, BaselineStatus.Completed, accuracy, 0.5, "trainer", 1.0, null, DateTimeOffset.UnixEpoch);
}
