using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

public sealed class GlobalModelKeptNoteTests
{
    private static RoundMetrics Round(int round, string? reason = null) =>
        new(round, 0.5, 0.7, 0.6, 5, reason is null ? 5 : 0, 3000, 0.1, round * 0.1) { GlobalModelKeptReason = reason };

    [Fact]
    public void Describe_NullWhenEveryRoundAggregated()
    {
        Assert.Null(GlobalModelKeptNote.Describe([]));
        Assert.Null(GlobalModelKeptNote.Describe([Round(1), Round(2)]));
    }

    [Fact]
    public void Describe_NamesLatestRoundAndReason()
    {
        string? note = GlobalModelKeptNote.Describe([Round(1), Round(2, "No client reported before the deadline")]);

        Assert.Equal("Round 2 kept the previous global model: No client reported before the deadline.", note);
    }

    [Fact]
    public void Describe_CountsRoundsThatKeptModel()
    {
        string? note = GlobalModelKeptNote.Describe([Round(1, "First reason."), Round(2), Round(3, "Every update was rejected.")]);

        Assert.Equal("Round 3 kept the previous global model: Every update was rejected. The global model was kept in 2 of 3 rounds.", note);
    }
}
