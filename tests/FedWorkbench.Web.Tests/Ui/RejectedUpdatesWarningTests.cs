using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

public sealed class RejectedUpdatesWarningTests
{
    private static RoundMetrics Round(int round, int aggregated, double? trainLoss = 0.5) =>
        new(round, 0.5, 0.7, trainLoss, SampledClients: 5, AggregatedClients: aggregated, TrainedSamples: 3000, RoundSeconds: 0.1, ElapsedSeconds: round * 0.1)
        {
            ReportedClients = 5,
            RejectedClients = 5 - aggregated,
        };

    [Fact]
    public void Describe_NullWhenEveryUpdateAggregated()
    {
        Assert.Null(RejectedUpdatesWarning.Describe([]));
        Assert.Null(RejectedUpdatesWarning.Describe([Round(1, 5), Round(2, 5)]));
    }

    [Fact]
    public void Describe_AllRejectedSaysModelKept()
    {
        string? warning = RejectedUpdatesWarning.Describe([Round(1, 5), Round(2, 5), Round(3, 0, trainLoss: null)]);

        Assert.Equal(
            "Round 3: 5 of 5 client updates were rejected (non-finite values); the global model was kept. A smaller learning rate usually helps.",
            warning);
    }

    [Fact]
    public void Describe_DenominatorIsReportedClients()
    {
        RoundMetrics round = Round(1, aggregated: 2) with { ReportedClients = 3, RejectedClients = 1, DroppedClients = 2 };

        string? warning = RejectedUpdatesWarning.Describe([round]);

        Assert.Equal(
            "Round 1: 1 of 3 client updates were rejected (non-finite values); the other 2 were averaged. A smaller learning rate usually helps.",
            warning);
    }

    [Fact]
    public void Describe_PartialRejectionCountsRounds()
    {
        string? warning = RejectedUpdatesWarning.Describe([Round(1, 3), Round(2, 5), Round(3, 4), Round(4, 5)]);

        Assert.Equal(
            "Round 3: 1 of 5 client updates were rejected (non-finite values); the other 4 were averaged. " +
            "Updates were rejected in 2 of 4 rounds. A smaller learning rate usually helps.",
            warning);
    }
}
