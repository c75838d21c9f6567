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

        Assert.Equal(new RoundMetrics(3, 0.8, 0.5, 0.25, 5, 4, 3000, 0.1, 0.3), metrics);
        Assert.Equal(1, metrics.RejectedClients);
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
}
