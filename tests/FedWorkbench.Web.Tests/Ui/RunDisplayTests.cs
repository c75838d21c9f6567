using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

public sealed class RunDisplayTests
{
    [Fact]
    public void TestLoss_DashBeforeFirstRound()
    {
        Assert.Equal("–", RunDisplay.TestLoss(null));
    }

    [Fact]
    public void TestLoss_UndefinedWhenRoundHasNone()
    {
        var round = new RoundMetrics(1, 0.1, null, null, 5, 0, 3000, 0.1, 0.1);

        Assert.Equal("undefined", RunDisplay.TestLoss(round));
    }

    [Fact]
    public void TestLoss_FormatsFourSignificantDigits()
    {
        var round = new RoundMetrics(1, 0.1, 2.307212, null, 5, 0, 3000, 0.1, 0.1);

        Assert.Equal("2.307", RunDisplay.TestLoss(round));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Loss_NonFiniteIsUndefined(double value)
    {
        Assert.Equal("undefined", RunDisplay.Loss(value));
    }
}
