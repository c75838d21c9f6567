using FedWorkbench.Simulation;
using FedWorkbench.Web.Runs;

namespace FedWorkbench.Web.Tests.Runs;

public sealed class RoundMetricsMappingTests
{
    private static readonly RoundResult Finite = new(
        Round: 3, TestAccuracy: 0.8, TestLoss: 0.5, TrainLoss: 0.25, SampledClients: 5, AggregatedClients: 4,
        TrainedSamples: 3000, RoundSeconds: 0.1, ElapsedSeconds: 0.3, RejectedUpdates: ["Client 2: parameter 0 is NaN, not a finite number."]);

    [Fact]
    public void ToMetrics_CopiesFiniteValues()
    {
        RoundMetrics metrics = RunStore.ToMetrics(Finite);

        Assert.Equal(new RoundMetrics(3, 0.8, 0.5, 0.25, 5, 4, 3000, 0.1, 0.3) { RejectedClients = 1, BytesDown = 0, BytesUp = 0, SimulatedSeconds = 0 }, metrics);
        Assert.Equal(1, metrics.RejectedClients);
        Assert.Null(metrics.ClientAccuracyClients);
        Assert.Null(metrics.ClientAccuracyMean);
        Assert.Null(metrics.GlobalModelKeptReason);
    }

    [Fact]
    public void ToMetrics_CopiesSystemAndClientAccuracy()
    {
        RoundResult result = Finite with
        {
            ReportedClients = 4,
            DroppedClients = 1,
            MaliciousClients = 2,
            BytesDown = 7_840,
            BytesUp = 6_272,
            SimulatedSeconds = 12.5,
            ClientAccuracy = new ClientAccuracySummary(Clients: 20, Mean: 0.7, StandardDeviation: 0.1, Worst10Percent: 0.45),
            GlobalModelKeptReason = "No update reported before the deadline.",
        };

        RoundMetrics metrics = RunStore.ToMetrics(result);

        Assert.Equal(4, metrics.ReportedClients);
        Assert.Equal(1, metrics.DroppedClients);
        Assert.Equal(2, metrics.MaliciousClients);
        Assert.Equal(7_840, metrics.BytesDown);
        Assert.Equal(6_272, metrics.BytesUp);
        Assert.Equal(12.5, metrics.SimulatedSeconds);
        Assert.Equal(20, metrics.ClientAccuracyClients);
        Assert.Equal(0.7, metrics.ClientAccuracyMean);
        Assert.Equal(0.1, metrics.ClientAccuracyStd);
        Assert.Equal(0.45, metrics.ClientAccuracyWorst10);
        Assert.Equal("No update reported before the deadline.", metrics.GlobalModelKeptReason);
    }

    [Fact]
    public void ToMetrics_NonFiniteSystemValuesBecomeNull()
    {
        RoundResult result = Finite with
        {
            SimulatedSeconds = double.PositiveInfinity,
            ClientAccuracy = new ClientAccuracySummary(Clients: 3, Mean: double.NaN, StandardDeviation: double.NaN, Worst10Percent: double.NaN),
        };

        RoundMetrics metrics = RunStore.ToMetrics(result);

        Assert.Null(metrics.SimulatedSeconds);
        Assert.Equal(3, metrics.ClientAccuracyClients);
        Assert.Null(metrics.ClientAccuracyMean);
        Assert.Null(metrics.ClientAccuracyStd);
        Assert.Null(metrics.ClientAccuracyWorst10);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void ToMetrics_NonFiniteLossesBecomeNull(double value)
    {
        RoundMetrics metrics = RunStore.ToMetrics(Finite with { TestLoss = value, TrainLoss = value });

        Assert.Null(metrics.TestLoss);
        Assert.Null(metrics.TrainLoss);
        Assert.Equal(0.8, metrics.TestAccuracy);
    }

    [Fact]
    public void ToMetrics_CopiesPrivacyValues()
    {
        RoundResult result = Finite with
        {
            Epsilon = 2.5,
            ClipNorm = 0.75,
            ClippedFraction = 0.25,
            SecureAggregationBytes = 81_920,
            SecureAggregationSeconds = 0.125,
            MaskedUpdate = new MaskedUpdateSample(4, [0.5f, -0.25f, float.NaN], [17u, 4_294_967_295u, 0u]),
        };

        RoundMetrics metrics = RunStore.ToMetrics(result);

        Assert.Equal(2.5, metrics.Epsilon);
        Assert.False(metrics.EpsilonUnbounded);
        Assert.Equal(0.75, metrics.ClipNorm);
        Assert.Equal(0.25, metrics.ClippedFraction);
        Assert.Equal(81_920, metrics.SecureAggregationBytes);
        Assert.Equal(0.125, metrics.SecureAggregationSeconds);
        MaskedUpdateValues sample = Assert.IsType<MaskedUpdateValues>(metrics.MaskedUpdate);
        Assert.Equal(4, sample.Client);
        Assert.Equal([0.5, -0.25, null], sample.Update);
        Assert.Equal([17u, 4_294_967_295u, 0u], sample.Masked);
    }

    [Fact]
    public void ToMetrics_InfiniteEpsilonIsUnbounded()
    {
        RoundMetrics metrics = RunStore.ToMetrics(Finite with { Epsilon = double.PositiveInfinity, ClipNorm = 1.0 });

        Assert.Null(metrics.Epsilon);
        Assert.True(metrics.EpsilonUnbounded);
        Assert.Equal(1.0, metrics.ClipNorm);
    }

    [Fact]
    public void ToMetrics_WithoutPrivacyLeavesDefaults()
    {
        RoundMetrics metrics = RunStore.ToMetrics(Finite);

        Assert.Null(metrics.Epsilon);
        Assert.False(metrics.EpsilonUnbounded);
        Assert.Null(metrics.ClipNorm);
        Assert.Null(metrics.ClippedFraction);
        Assert.Equal(0, metrics.SecureAggregationBytes);
        Assert.Null(metrics.MaskedUpdate);
    }

    [Fact]
    public void ToMetrics_CopiesGroupAccuracy()
    {
        RoundResult result = Finite with { GroupAccuracy = [0.75, null, double.NaN, double.PositiveInfinity, 0.125] };

        RoundMetrics metrics = RunStore.ToMetrics(result);

        Assert.Equal([0.75, null, null, null, 0.125], metrics.GroupAccuracy!);
        Assert.Null(RunStore.ToMetrics(Finite).GroupAccuracy);
    }
}
