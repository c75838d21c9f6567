using System.Text.Json;
using FedWorkbench.Cli.Output;
using FedWorkbench.Simulation;

namespace FedWorkbench.Cli.Tests;

public class RunOutputTests
{
    private static RoundResult Round(int round, double accuracy, long samples = 100, double elapsed = 1.0, params string[] rejected) =>
        new(round, accuracy, TestLoss: 0.5, TrainLoss: 0.25, SampledClients: 10, AggregatedClients: 10 - rejected.Length,
            TrainedSamples: samples, RoundSeconds: 0.5, ElapsedSeconds: elapsed, RejectedUpdates: rejected);

    [Fact]
    public void SummaryBuilder_Rounds_GivesFinalBestAndRate()
    {
        var builder = new RunSummaryBuilder(plannedRounds: 3);
        builder.Add(Round(1, 0.5, samples: 100, elapsed: 1.0));
        builder.Add(Round(2, 0.8, samples: 200, elapsed: 2.0));
        builder.Add(Round(3, 0.7, samples: 300, elapsed: 4.0));

        RunSummary summary = builder.Build(cancelled: false);

        Assert.True(summary.Summary);
        Assert.Equal(3, summary.Rounds);
        Assert.Equal(0.7, summary.FinalTestAccuracy);
        Assert.Equal(0.8, summary.BestTestAccuracy);
        Assert.Equal(2, summary.BestRound);
        Assert.Equal(600, summary.TrainedSamples);
        Assert.Equal(4.0, summary.ElapsedSeconds);
        Assert.Equal(600 / 4.0, summary.TrainedSamplesPerSecond, 9);
    }

    [Fact]
    public void SummaryBuilder_NaNAccuracy_NeverBest()
    {
        var builder = new RunSummaryBuilder(plannedRounds: 2);
        builder.Add(Round(1, 0.4));
        builder.Add(Round(2, double.NaN));

        RunSummary summary = builder.Build(cancelled: false);

        Assert.Equal(1, summary.BestRound);
        Assert.True(double.IsNaN(summary.FinalTestAccuracy!.Value));
    }

    [Fact]
    public void SummaryBuilder_NoRounds_HasNullAccuracies()
    {
        RunSummary summary = new RunSummaryBuilder(plannedRounds: 5).Build(cancelled: true);

        Assert.Equal(0, summary.Rounds);
        Assert.True(summary.Cancelled);
        Assert.Null(summary.FinalTestAccuracy);
        Assert.Null(summary.BestRound);
        Assert.Equal(0, summary.TrainedSamplesPerSecond);
    }

    [Fact]
    public void JsonOutput_Round_IsOneCamelCaseLine()
    {
        using var writer = new StringWriter();

        new JsonRunOutput(writer).WriteRound(Round(2, 0.75, rejected: "client 3: update contains NaN"), plannedRounds: 5);

        string[] lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        using JsonDocument document = JsonDocument.Parse(lines[0]);
        JsonElement root = document.RootElement;
        Assert.Equal(2, root.GetProperty("round").GetInt32());
        Assert.Equal(0.75, root.GetProperty("testAccuracy").GetDouble());
        Assert.Equal(0.5, root.GetProperty("testLoss").GetDouble());
        Assert.Equal(0.25, root.GetProperty("trainLoss").GetDouble());
        Assert.Equal(1.0, root.GetProperty("elapsedSeconds").GetDouble());
        Assert.Equal(9, root.GetProperty("aggregatedClients").GetInt32());
        Assert.Equal("client 3: update contains NaN", root.GetProperty("rejectedUpdates")[0].GetString());
    }

    [Fact]
    public void JsonOutput_NaNLoss_StaysValidJson()
    {
        using var writer = new StringWriter();
        RoundResult diverged = Round(1, 0.1) with { TestLoss = double.NaN, TrainLoss = double.PositiveInfinity };

        new JsonRunOutput(writer).WriteRound(diverged, plannedRounds: 1);

        using JsonDocument document = JsonDocument.Parse(writer.ToString());
        Assert.Equal("NaN", document.RootElement.GetProperty("testLoss").GetString());
        Assert.Equal("Infinity", document.RootElement.GetProperty("trainLoss").GetString());
    }

    [Fact]
    public void JsonOutput_Summary_StartsWithSummaryFlag()
    {
        using var writer = new StringWriter();
        var builder = new RunSummaryBuilder(plannedRounds: 1);
        builder.Add(Round(1, 0.6));

        new JsonRunOutput(writer).WriteSummary(builder.Build(cancelled: false));

        string line = writer.ToString().Trim();
        Assert.StartsWith("{\"summary\":true,", line, StringComparison.Ordinal);
        using JsonDocument document = JsonDocument.Parse(line);
        Assert.Equal(0.6, document.RootElement.GetProperty("finalTestAccuracy").GetDouble());
        Assert.Equal(100, document.RootElement.GetProperty("trainedSamples").GetInt64());
        Assert.Equal(100.0, document.RootElement.GetProperty("trainedSamplesPerSecond").GetDouble());
    }

    [Fact]
    public void TextOutput_Round_ShowsAccuracyLossesAndTime()
    {
        using var writer = new StringWriter();

        new TextRunOutput(writer).WriteRound(Round(3, 0.8123, elapsed: 12.34), plannedRounds: 30);

        Assert.Equal("round  3/30  test accuracy  81.23%  test loss 0.5000  train loss 0.2500  elapsed   12.3 s", writer.ToString().TrimEnd());
    }
}
