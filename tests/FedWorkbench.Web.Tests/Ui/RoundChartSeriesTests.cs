using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

public sealed class RoundChartSeriesTests
{
    private const double Tolerance = 1e-12;

    private static RoundMetrics Round(int round, long? bytesDown = 1_000, long? bytesUp = 400, double? simulatedSeconds = 2.5) =>
        new(round, 0.5, 0.7, 0.6, SampledClients: 10, AggregatedClients: 6, TrainedSamples: 600, RoundSeconds: 0.1, ElapsedSeconds: round * 0.1)
        {
            BytesDown = bytesDown,
            BytesUp = bytesUp,
            SimulatedSeconds = simulatedSeconds,
        };

    [Fact]
    public void Add_SumsBytesAndTime()
    {
        var series = new RoundChartSeries();

        IReadOnlyList<RoundChartPoint> first = series.Add([Round(1, 1_000, 400, 2.5), Round(2, 3_000, 100, 0.25)]);
        RoundChartPoint third = series.Add(Round(3, 5_000_000_000L, 0, 1.125));

        Assert.Equal([1_000L, 4_000L], first.Select(p => p.CumulativeBytesDown!.Value));
        Assert.Equal([400L, 500L], first.Select(p => p.CumulativeBytesUp!.Value));
        Assert.Equal(2.5, first[0].CumulativeSimulatedSeconds!.Value, Tolerance);
        Assert.Equal(2.75, first[1].CumulativeSimulatedSeconds!.Value, Tolerance);
        Assert.Equal(4_000L + 5_000_000_000L, third.CumulativeBytesDown);
        Assert.Equal(500L, third.CumulativeBytesUp);
        Assert.Equal(2.5 + 0.25 + 1.125, third.CumulativeSimulatedSeconds!.Value, Tolerance);
        Assert.Equal(3, series.RoundCount);
    }

    [Fact]
    public void Add_TotalNullFromMissingRoundOn()
    {
        var series = new RoundChartSeries();

        IReadOnlyList<RoundChartPoint> points = series.Add([Round(1), Round(2, bytesDown: null, simulatedSeconds: null), Round(3)]);

        Assert.Equal(1_000L, points[0].CumulativeBytesDown);
        Assert.Null(points[1].CumulativeBytesDown);
        Assert.Null(points[2].CumulativeBytesDown);
        Assert.Equal(1_200L, points[2].CumulativeBytesUp);
        Assert.Null(points[1].CumulativeSimulatedSeconds);
        Assert.Null(points[2].CumulativeSimulatedSeconds);
    }

    [Theory]
    [InlineData(0.6, 0.1, 0.5, 0.7)]
    [InlineData(0.05, 0.1, 0.0, 0.15)]
    [InlineData(0.95, 0.2, 0.75, 1.0)]
    [InlineData(0.5, 0.0, 0.5, 0.5)]
    public void Add_BandIsMeanPlusMinusStd(double mean, double std, double expectedLower, double expectedUpper)
    {
        var series = new RoundChartSeries();
        RoundMetrics round = Round(1) with { ClientAccuracyClients = 20, ClientAccuracyMean = mean, ClientAccuracyStd = std, ClientAccuracyWorst10 = 0.125 };

        RoundChartPoint point = series.Add(round);

        Assert.Equal(mean, point.ClientAccuracyMean!.Value, Tolerance);
        Assert.Equal(expectedLower, point.ClientAccuracyLower!.Value, Tolerance);
        Assert.Equal(expectedUpper, point.ClientAccuracyUpper!.Value, Tolerance);
        Assert.Equal(0.125, point.ClientAccuracyWorst10);
        Assert.True(series.HasClientAccuracy);
    }

    [Fact]
    public void Add_NoClientAccuracyGivesNullBand()
    {
        var series = new RoundChartSeries();

        RoundChartPoint point = series.Add(Round(1));

        Assert.Null(point.ClientAccuracyMean);
        Assert.Null(point.ClientAccuracyLower);
        Assert.Null(point.ClientAccuracyUpper);
        Assert.Null(point.ClientAccuracyWorst10);
        Assert.False(series.HasClientAccuracy);
        Assert.Equal(RoundChartSeries.NoClientAccuracyMessage, series.ClientAccuracyMessage(RunStatus.Running, 0.1));
        Assert.Equal(RoundChartSeries.NoClientAccuracyMessage, series.ClientAccuracyMessage(RunStatus.Running, null));
    }

    [Fact]
    public void ClientAccuracyMessage_OffFromTheStart()
    {
        var series = new RoundChartSeries();

        Assert.Equal(RoundChartSeries.ClientAccuracyOffMessage, series.ClientAccuracyMessage(RunStatus.Queued, 0));
        Assert.Equal(RoundChartSeries.ClientAccuracyOffMessage, series.ClientAccuracyMessage(RunStatus.Running, 0));

        series.Add(Round(1));
        Assert.Equal(RoundChartSeries.ClientAccuracyOffMessage, series.ClientAccuracyMessage(RunStatus.Completed, 0));
    }

    [Fact]
    public void ClientAccuracyMessage_WaitsWhenFractionPositive()
    {
        var series = new RoundChartSeries();

        Assert.Equal(RunChartAxis.WaitingMessage, series.ClientAccuracyMessage(RunStatus.Running, 0.1));
        Assert.Equal(RunChartAxis.WaitingMessage, series.ClientAccuracyMessage(RunStatus.Running, null));
    }

    [Fact]
    public void Add_CopiesClientCounts()
    {
        RoundMetrics round = Round(4) with { ReportedClients = 7, DroppedClients = 3, MaliciousClients = 2, RejectedClients = 1 };

        RoundChartPoint point = new RoundChartSeries().Add(round);

        Assert.Equal(4, point.Round);
        Assert.Equal(7, point.ReportedClients);
        Assert.Equal(3, point.DroppedClients);
        Assert.Equal(2, point.MaliciousClients);
        Assert.Equal(1, point.RejectedClients);
    }

    [Fact]
    public void Messages_FollowStatusAndRecordedValues()
    {
        var series = new RoundChartSeries();
        Assert.Equal(RunChartAxis.WaitingMessage, series.BytesMessage(RunStatus.Queued));
        Assert.Equal(RunChartAxis.NoRoundsMessage, series.SimulatedTimeMessage(RunStatus.Cancelled));

        series.Add(Round(1, bytesDown: null, bytesUp: null, simulatedSeconds: null));
        Assert.Equal(RoundChartSeries.NotRecordedMessage, series.BytesMessage(RunStatus.Completed));
        Assert.Equal(RoundChartSeries.NotRecordedMessage, series.SimulatedTimeMessage(RunStatus.Completed));

        series.Add(Round(2));
        Assert.Null(series.BytesMessage(RunStatus.Completed));
        Assert.Null(series.SimulatedTimeMessage(RunStatus.Completed));
    }

    [Fact]
    public void Add_GroupAccuracyPerGroup()
    {
        var series = new RoundChartSeries(groupCount: 3);

        RoundChartPoint full = series.Add(Round(1) with { GroupAccuracy = [0.75, null, 0.5] });
        RoundChartPoint shorter = series.Add(Round(2) with { GroupAccuracy = [0.25] });
        RoundChartPoint longer = series.Add(Round(3) with { GroupAccuracy = [0.1, 0.2, 0.3, 0.4] });
        RoundChartPoint missing = series.Add(Round(4));

        Assert.Equal(3, series.GroupCount);
        Assert.Equal([0.75, null, 0.5], full.GroupAccuracy);
        Assert.Equal([0.25, null, null], shorter.GroupAccuracy);
        Assert.Equal([0.1, 0.2, 0.3], longer.GroupAccuracy);
        Assert.Equal([null, null, null], missing.GroupAccuracy);
    }

    [Fact]
    public void Add_WithoutGroups_EmptyGroupAccuracy()
    {
        var series = new RoundChartSeries();

        RoundChartPoint point = series.Add(Round(1) with { GroupAccuracy = [0.5, 0.25] });

        Assert.Equal(0, series.GroupCount);
        Assert.Empty(point.GroupAccuracy);
    }

    [Fact]
    public void CountGroups_PrefersConfiguredGroups()
    {
        RoundMetrics[] rounds = [Round(1) with { GroupAccuracy = [0.5, 0.25] }, Round(2) with { GroupAccuracy = [0.5, 0.25, 0.125] }, Round(3)];
        FedWorkbench.Simulation.Configuration.ClientGroupConfig[] groups = [new() { Name = "Phones" }, new() { Name = "Tablets" }];

        Assert.Equal(2, RoundChartSeries.CountGroups(groups, rounds));
        Assert.Equal(3, RoundChartSeries.CountGroups([], rounds));
        Assert.Equal(0, RoundChartSeries.CountGroups([], [Round(1)]));
        Assert.Equal(0, RoundChartSeries.CountGroups([], []));
    }

    [Fact]
    public void Constructor_NegativeGroupCount_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RoundChartSeries(-1));
    }

    [Fact]
    public void GroupNames_NameOrNumber()
    {
        FedWorkbench.Simulation.Configuration.ClientGroupConfig[] groups =
            [new() { Name = " Phones " }, new() { Name = "" }, new() { Name = null }, new() { Name = "Tablets" }];

        Assert.Equal(["Phones", "Group 2", "Group 3", "Tablets"], ClientGroupNames.Of(groups));
        Assert.Equal("Group 12", ClientGroupNames.Of(11, null));
    }
}
