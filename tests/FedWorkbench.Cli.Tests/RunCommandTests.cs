using System.Text.Json;
using FedWorkbench.Simulation.Models;

namespace FedWorkbench.Cli.Tests;

/// <summary>End-to-end runs of <c>fedwb run</c> on a tiny synthetic experiment through the real engine.</summary>
public class RunCommandTests
{
    /// <summary>Returns the arguments of a softmax run on 5 synthetic clients, all sampled each round.</summary>
    private static string[] TinyRun(int rounds, params string[] extra) =>
    [
        "run",
        "--dataset", "synthetic",
        "--model", "softmax",
        "--clients", "5",
        "--fraction", "1",
        "--batch-size", "20",
        "--rounds", rounds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--seed", "7",
        .. extra,
    ];

    [Fact]
    public async Task Run_Json_WritesRoundsThenSummary()
    {
        CliResult result = await CliRunner.InvokeAsync(TinyRun(3, "--json"));

        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        Assert.Equal(string.Empty, result.Error);
        string[] lines = result.OutputLines;
        Assert.Equal(4, lines.Length);

        long trainedSamples = 0;
        double bestAccuracy = 0;
        for (int i = 0; i < 3; i++)
        {
            using JsonDocument round = JsonDocument.Parse(lines[i]);
            JsonElement element = round.RootElement;
            Assert.Equal(i + 1, element.GetProperty("round").GetInt32());
            double accuracy = element.GetProperty("testAccuracy").GetDouble();
            Assert.InRange(accuracy, 0.0, 1.0);
            Assert.True(element.GetProperty("testLoss").GetDouble() > 0);
            Assert.True(element.GetProperty("trainLoss").GetDouble() > 0);
            Assert.True(element.GetProperty("elapsedSeconds").GetDouble() >= 0);
            Assert.Equal(5, element.GetProperty("sampledClients").GetInt32());
            Assert.Equal(JsonValueKind.Array, element.GetProperty("rejectedUpdates").ValueKind);
            trainedSamples += element.GetProperty("trainedSamples").GetInt64();
            bestAccuracy = Math.Max(bestAccuracy, accuracy);
        }

        using JsonDocument summary = JsonDocument.Parse(lines[3]);
        JsonElement totals = summary.RootElement;
        Assert.True(totals.GetProperty("summary").GetBoolean());
        Assert.Equal(3, totals.GetProperty("rounds").GetInt32());
        Assert.False(totals.GetProperty("cancelled").GetBoolean());
        Assert.Equal(trainedSamples, totals.GetProperty("trainedSamples").GetInt64());
        Assert.Equal(bestAccuracy, totals.GetProperty("bestTestAccuracy").GetDouble());
        Assert.True(totals.GetProperty("trainedSamplesPerSecond").GetDouble() > 0);
        Assert.Equal(KernelSelection.Name, totals.GetProperty("kernels").GetString());
    }

    [Fact]
    public async Task Run_OtherThreadCount_GivesSameMetrics()
    {
        CliResult first = await CliRunner.InvokeAsync(TinyRun(3, "--json", "--threads", "1"));
        CliResult second = await CliRunner.InvokeAsync(TinyRun(3, "--json", "--threads", "2"));

        Assert.Equal(StripWallClock(first.OutputLines), StripWallClock(second.OutputLines));
    }

    [Fact]
    public async Task Run_Text_WritesOneLinePerRound()
    {
        CliResult result = await CliRunner.InvokeAsync(TinyRun(3));

        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        string[] lines = result.OutputLines;
        string[] roundLines = lines.Where(line => line.StartsWith("round ", StringComparison.Ordinal)).ToArray();
        Assert.StartsWith("Training softmax on synthetic: 5 clients (iid)", lines[0], StringComparison.Ordinal);
        Assert.Equal("Strategy fedavg", lines[1]);
        Assert.Equal(3, roundLines.Length);
        Assert.StartsWith("round 1/3  test accuracy", roundLines[0], StringComparison.Ordinal);
        Assert.StartsWith("round 3/3  test accuracy", roundLines[2], StringComparison.Ordinal);
        Assert.Contains(lines, line => line.StartsWith("Finished 3 rounds: final test accuracy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_CancelledAfterFirstRound_ExitsWith130()
    {
        using var cancellation = new CancellationTokenSource();
        using var output = new CancelOnFirstLineWriter(cancellation);
        using var error = new StringWriter();
        string[] args = TinyRun(50, "--json");

        int exitCode = await CliApplication.InvokeAsync(args, output, error, handleProcessTermination: false, cancellation.Token);

        Assert.Equal(ExitCodes.Cancelled, exitCode);
        Assert.Contains("fedwb: run cancelled after", error.ToString(), StringComparison.Ordinal);
        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using JsonDocument summary = JsonDocument.Parse(lines[^1]);
        Assert.True(summary.RootElement.GetProperty("cancelled").GetBoolean());
        Assert.InRange(summary.RootElement.GetProperty("rounds").GetInt32(), 1, 49);
        Assert.Equal(lines.Length - 1, summary.RootElement.GetProperty("rounds").GetInt32());
    }

    private static string[] StripWallClock(string[] lines) =>
        lines.Select(line =>
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject();
            node.Remove("roundSeconds");
            node.Remove("elapsedSeconds");
            node.Remove("trainingSeconds");
            node.Remove("trainedSamplesPerSecond");
            return node.ToJsonString();
        }).ToArray();

    /// <summary>Cancels the run as soon as the first round's line is written, as Ctrl+C would.</summary>
    private sealed class CancelOnFirstLineWriter(CancellationTokenSource cancellation) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            cancellation.Cancel();
        }
    }
}
