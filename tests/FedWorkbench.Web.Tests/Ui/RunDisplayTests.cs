using FedWorkbench.Simulation.Configuration;
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

    [Fact]
    public void AggregatedClients_OutOfSampledWithoutOverSelection()
    {
        // K = 100, C = 0.1: m = s = 10, and 8 updates were aggregated.
        var config = new ExperimentConfig { Clients = 100, ClientFraction = 0.1 };
        var round = new RoundMetrics(1, 0.5, 1.0, 1.0, 10, 8, 4000, 0.1, 0.1);

        Assert.Equal("8 of 10", RunDisplay.AggregatedClients(round, config));
    }

    [Fact]
    public void AggregatedClients_OverSelectionNamesAwaited()
    {
        // K = 100, C = 0.1, o = 0.3: the server awaits m = 10 of s = ⌈10·1.3⌉ = 13 selected clients.
        var config = new ExperimentConfig { Clients = 100, ClientFraction = 0.1, OverSelection = 0.3 };
        var round = new RoundMetrics(1, 0.5, 1.0, 1.0, 13, 8, 4000, 0.1, 0.1);

        Assert.Equal("8 of 10 awaited (13 selected)", RunDisplay.AggregatedClients(round, config));
    }

    [Fact]
    public void AggregatedClients_PoissonOutOfSampled()
    {
        // K = 100, q = 0.1 under Poisson sampling: this round sampled 13 clients, and the server awaits them all.
        var config = new ExperimentConfig { Clients = 100, ClientFraction = 0.1, Sampling = ClientSamplingKind.Poisson };
        var round = new RoundMetrics(1, 0.5, 1.0, 1.0, 13, 12, 4000, 0.1, 0.1);

        Assert.Equal("12 of 13", RunDisplay.AggregatedClients(round, config));
    }

    [Fact]
    public void AggregatedClients_UsesThousandsSeparators()
    {
        // K = 10,000, C = 0.5: m = 5,000.
        var config = new ExperimentConfig { Clients = 10_000, ClientFraction = 0.5 };
        var round = new RoundMetrics(1, 0.5, 1.0, 1.0, 5_000, 4_999, 4000, 0.1, 0.1);

        Assert.Equal("4,999 of 5,000", RunDisplay.AggregatedClients(round, config));
    }

    [Fact]
    public void RoundProgress_UsesThousandsSeparators()
    {
        Assert.Equal("73 of 1,000", RunDisplay.RoundProgress(73, 1_000));
    }

    [Fact]
    public void Count_UsesThousandsSeparators()
    {
        Assert.Equal("60,000", RunDisplay.Count(60_000));
    }

    [Theory]
    [InlineData(0.0, "under 1 ms")]
    [InlineData(0.0004, "under 1 ms")]
    [InlineData(0.012, "12 ms")]
    [InlineData(0.9994, "999 ms")]
    [InlineData(0.9996, "1.0 s")]
    [InlineData(2.44, "2.4 s")]
    [InlineData(59.9, "59.9 s")]
    [InlineData(65, "1 min 05 s")]
    public void RoundTime_UsesMillisecondsBelowOneSecond(double seconds, string expected)
    {
        Assert.Equal(expected, RunDisplay.RoundTime(seconds));
    }
}
