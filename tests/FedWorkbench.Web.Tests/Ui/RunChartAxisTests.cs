using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

public sealed class RunChartAxisTests
{
    [Theory]
    [InlineData(RunStatus.Queued)]
    [InlineData(RunStatus.Running)]
    public void EmptyMessage_WaitsWhileActive(RunStatus status)
    {
        Assert.Equal("Waiting for round 1…", RunChartAxis.EmptyMessage(status, 0));
    }

    [Theory]
    [InlineData(RunStatus.Failed)]
    [InlineData(RunStatus.Cancelled)]
    [InlineData(RunStatus.Interrupted)]
    public void EmptyMessage_NoRoundsOnceEnded(RunStatus status)
    {
        Assert.Equal("No rounds were completed.", RunChartAxis.EmptyMessage(status, 0));
    }

    [Theory]
    [InlineData(RunStatus.Running)]
    [InlineData(RunStatus.Failed)]
    public void EmptyMessage_NullWithRounds(RunStatus status)
    {
        Assert.Null(RunChartAxis.EmptyMessage(status, 1));
    }

    [Theory]
    [InlineData(RunStatus.Queued, 0)]
    [InlineData(RunStatus.Running, 73)]
    public void LastAxisRound_SpansPlannedRoundsWhileActive(RunStatus status, int lastRound)
    {
        Assert.Equal(1_000, RunChartAxis.LastAxisRound(status, 1_000, lastRound));
    }

    [Theory]
    [InlineData(RunStatus.Cancelled)]
    [InlineData(RunStatus.Failed)]
    [InlineData(RunStatus.Interrupted)]
    [InlineData(RunStatus.Completed)]
    public void LastAxisRound_FitsRoundsOnceEnded(RunStatus status)
    {
        Assert.Equal(73, RunChartAxis.LastAxisRound(status, 1_000, 73));
    }

    [Fact]
    public void LastAxisRound_KeepsPlannedSpanWithoutRounds()
    {
        Assert.Equal(50, RunChartAxis.LastAxisRound(RunStatus.Failed, 50, 0));
    }

    [Fact]
    public void LastAxisRound_AtLeastOne()
    {
        Assert.Equal(1, RunChartAxis.LastAxisRound(RunStatus.Queued, 0, 0));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 1)]
    [InlineData(6, 1)]
    [InlineData(7, 2)]
    [InlineData(40, 10)]
    [InlineData(73, 20)]
    [InlineData(1_000, 200)]
    [InlineData(10_000, 2_000)]
    public void TickStep_GivesAtMostAboutSixTicks(int lastAxisRound, int expected)
    {
        int step = RunChartAxis.TickStep(lastAxisRound);

        Assert.Equal(expected, step);
        Assert.True(lastAxisRound / step <= 7, $"A step of {step} gives {lastAxisRound / step} ticks up to round {lastAxisRound}.");
    }
}
