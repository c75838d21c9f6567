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

    private static RoundResult Detailed(int round) => Round(round, 0.8) with
    {
        ReportedClients = 8,
        DroppedClients = 2,
        MaliciousClients = 1,
        BytesDown = 2_000_000,
        BytesUp = 500_000,
        SimulatedSeconds = 12.5,
        ClientAccuracy = new ClientAccuracySummary(Clients: 20, Mean: 0.75, StandardDeviation: 0.125, Worst10Percent: 0.5),
    };

    [Fact]
    public void JsonOutput_NewFields_AreFlatCamelCase()
    {
        using var writer = new StringWriter();

        new JsonRunOutput(writer).WriteRound(Detailed(1) with { GlobalModelKeptReason = "no update reported" }, plannedRounds: 1);

        using JsonDocument document = JsonDocument.Parse(writer.ToString());
        JsonElement root = document.RootElement;
        Assert.Equal(500_000, root.GetProperty("bytesUp").GetInt64());
        Assert.Equal(2_000_000, root.GetProperty("bytesDown").GetInt64());
        Assert.Equal(8, root.GetProperty("reportedClients").GetInt32());
        Assert.Equal(2, root.GetProperty("droppedClients").GetInt32());
        Assert.Equal(1, root.GetProperty("maliciousClients").GetInt32());
        Assert.Equal(12.5, root.GetProperty("simulatedSeconds").GetDouble());
        Assert.Equal(0.75, root.GetProperty("clientAccuracyMean").GetDouble());
        Assert.Equal(0.125, root.GetProperty("clientAccuracyStd").GetDouble());
        Assert.Equal(0.5, root.GetProperty("clientAccuracyWorst10").GetDouble());
        Assert.Equal("no update reported", root.GetProperty("globalModelKeptReason").GetString());
        Assert.False(root.TryGetProperty("clientAccuracy", out _));
    }

    [Fact]
    public void JsonOutput_NoClientAccuracy_WritesNulls()
    {
        using var writer = new StringWriter();

        new JsonRunOutput(writer).WriteRound(Round(1, 0.5), plannedRounds: 1);

        using JsonDocument document = JsonDocument.Parse(writer.ToString());
        JsonElement root = document.RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("clientAccuracyMean").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("clientAccuracyStd").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("clientAccuracyWorst10").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("globalModelKeptReason").ValueKind);
    }

    [Fact]
    public void SummaryBuilder_Rounds_SumsBytesAndSimulatedTime()
    {
        var builder = new RunSummaryBuilder(plannedRounds: 2);
        builder.Add(Detailed(1));
        builder.Add(Detailed(2) with { BytesUp = 100, SimulatedSeconds = 0.25 });

        RunSummary summary = builder.Build(cancelled: false);

        Assert.Equal(4_000_000, summary.BytesDown);
        Assert.Equal(500_100, summary.BytesUp);
        Assert.Equal(12.75, summary.SimulatedSeconds, 12);
    }

    [Fact]
    public void TextOutput_DetailedRound_ShowsDetailLine()
    {
        using var writer = new StringWriter();

        new TextRunOutput(writer).WriteRound(Detailed(3) with { GlobalModelKeptReason = "all updates rejected" }, plannedRounds: 30);

        string[] lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal(
            "8/10 clients reported, 2 dropped, 1 malicious  up 500.0 kB, down 2.0 MB  simulated 12.5 s  " +
            "client accuracy 75.0% ± 12.5%, worst 10% 50.0%",
            lines[1]);
        Assert.Equal("global model kept: all updates rejected", lines[2]);
    }

    [Fact]
    public void TextOutput_Summary_ShowsCumulativeBytes()
    {
        using var writer = new StringWriter();
        var builder = new RunSummaryBuilder(plannedRounds: 1);
        builder.Add(Detailed(1));

        new TextRunOutput(writer).WriteSummary(builder.Build(cancelled: false));

        string[] lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("Sent 500.0 kB up and 2.0 MB down in 12.5 simulated seconds", lines[^1]);
    }

    [Theory]
    [InlineData(999, "999 B")]
    [InlineData(1_500, "1.5 kB")]
    [InlineData(2_500_000, "2.5 MB")]
    [InlineData(3_210_000_000, "3.21 GB")]
    public void FormatBytes_Size_UsesDecimalPrefix(long bytes, string expected)
    {
        Assert.Equal(expected, TextRunOutput.FormatBytes(bytes));
    }

    [Fact]
    public void TextOutput_Start_NamesStrategyAttackAndCompression()
    {
        using var writer = new StringWriter();
        var config = new FedWorkbench.Simulation.Configuration.ExperimentConfig
        {
            Strategy = FedWorkbench.Simulation.Configuration.StrategyKind.FedProx,
            Aggregation = FedWorkbench.Simulation.Configuration.AggregationKind.TrimmedMean,
            Attack = FedWorkbench.Simulation.Configuration.AttackKind.SignFlip,
            MaliciousFraction = 0.2,
            Compression = FedWorkbench.Simulation.Configuration.CompressionKind.Q8,
        };

        new TextRunOutput(writer).WriteStart(config);

        string[] lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("Strategy fedprox μ=0.01, trimmed-mean aggregation β=0.1, sign-flip attack by 20% of clients, q8 compression", lines[1]);
    }

    [Fact]
    public void TextOutput_OneRoundOneClient_UsesSingular()
    {
        using var writer = new StringWriter();
        var config = new FedWorkbench.Simulation.Configuration.ExperimentConfig { Clients = 1, Rounds = 1 };

        new TextRunOutput(writer).WriteStart(config);
        new TextRunOutput(writer).WriteRound(Detailed(1) with { SampledClients = 1, ReportedClients = 1, DroppedClients = 0, MaliciousClients = 0 }, plannedRounds: 1);

        string[] lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(": 1 client (iid),", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(", 1 round, seed 42", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("Kernels: ", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("1/1 client reported  ", lines[4], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, false, "Finished 1 round: ")]
    [InlineData(2, false, "Finished 2 rounds: ")]
    [InlineData(1, true, "Cancelled after 1 of 3 rounds: ")]
    public void TextOutput_Summary_PluralizesRounds(int rounds, bool cancelled, string expectedStart)
    {
        using var writer = new StringWriter();
        var builder = new RunSummaryBuilder(plannedRounds: cancelled ? 3 : rounds);
        for (int round = 1; round <= rounds; round++)
        {
            builder.Add(Round(round, 0.5));
        }

        new TextRunOutput(writer).WriteSummary(builder.Build(cancelled));

        Assert.StartsWith(expectedStart, writer.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0 rounds")]
    [InlineData(1, "1 round")]
    [InlineData(1_500, "1,500 rounds")]
    public void PluralCount_Count_ChoosesNounForm(long count, string expected)
    {
        Assert.Equal(expected, Plural.Count(count, "round"));
    }

    [Fact]
    public void JsonOutput_GroupAccuracy_OnlyWithGroups()
    {
        using var writer = new StringWriter();
        var output = new JsonRunOutput(writer);

        output.WriteRound(Round(1, 0.5) with { GroupAccuracy = [0.8125, null] }, plannedRounds: 2);
        output.WriteRound(Round(2, 0.5), plannedRounds: 2);

        string[] lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using JsonDocument grouped = JsonDocument.Parse(lines[0]);
        JsonElement groups = grouped.RootElement.GetProperty("groupAccuracy");
        Assert.Equal(2, groups.GetArrayLength());
        Assert.Equal(0.8125, groups[0].GetDouble());
        Assert.Equal(JsonValueKind.Null, groups[1].ValueKind);
        using JsonDocument ungrouped = JsonDocument.Parse(lines[1]);
        Assert.False(ungrouped.RootElement.TryGetProperty("groupAccuracy", out _));
    }

    [Fact]
    public void TextOutput_GroupAccuracy_NamesGroups()
    {
        using var writer = new StringWriter();
        var output = new TextRunOutput(writer);
        output.WriteStart(new FedWorkbench.Simulation.Configuration.ExperimentConfig
        {
            Clients = 3,
            ClientGroups = [new() { Name = "Phones", Count = 1 }, new() { Count = 1 }, new() { Name = "Tablets", Count = 1 }],
        });

        output.WriteRound(Round(1, 0.5) with { GroupAccuracy = [0.8, 0.5, null] }, plannedRounds: 1);

        Assert.Contains("\n  group accuracy Phones 80.0%, group 2 50.0%, Tablets n/a", writer.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }
}
