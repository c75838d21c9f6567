using System.CommandLine;
using FedWorkbench.Cli.Options;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Cli.Tests;

public class StrategyOptionsTests
{
    private static (ExperimentBuildResult Result, ParseResult Parse) Build(params string[] args)
    {
        var options = new ExperimentOptions();
        var command = new RootCommand();
        options.AddTo(command);
        ParseResult parseResult = command.Parse(args);
        Assert.Empty(parseResult.Errors);
        return (ExperimentConfigBuilder.Build(parseResult, options), parseResult);
    }

    [Theory]
    [InlineData("fedavg", StrategyKind.FedAvg)]
    [InlineData("fedavgm", StrategyKind.FedAvgM)]
    [InlineData("fedprox", StrategyKind.FedProx)]
    [InlineData("fedadagrad", StrategyKind.FedAdagrad)]
    [InlineData("fedadam", StrategyKind.FedAdam)]
    [InlineData("fedyogi", StrategyKind.FedYogi)]
    [InlineData("fednova", StrategyKind.FedNova)]
    [InlineData("scaffold", StrategyKind.Scaffold)]
    [InlineData("FedAdam", StrategyKind.FedAdam)]
    public void Strategy_Name_SetsStrategyAndKeepsMean(string name, StrategyKind expected)
    {
        ExperimentConfig config = Build("--strategy", name).Result.Config!;

        Assert.Equal(expected, config.Strategy);
        Assert.Equal(AggregationKind.Mean, config.Aggregation);
    }

    [Theory]
    [InlineData("median", AggregationKind.Median)]
    [InlineData("trimmed-mean", AggregationKind.TrimmedMean)]
    [InlineData("krum", AggregationKind.Krum)]
    [InlineData("multi-krum", AggregationKind.MultiKrum)]
    [InlineData("bulyan", AggregationKind.Bulyan)]
    public void Strategy_RobustRule_IsFedAvgWithRule(string name, AggregationKind expected)
    {
        ExperimentConfig config = Build("--strategy", name).Result.Config!;

        Assert.Equal(StrategyKind.FedAvg, config.Strategy);
        Assert.Equal(expected, config.Aggregation);
    }

    [Fact]
    public void Aggregation_WithStrategy_WrapsIt()
    {
        ExperimentConfig config = Build("--strategy", "fedadam", "--aggregation", "median").Result.Config!;

        Assert.Equal(StrategyKind.FedAdam, config.Strategy);
        Assert.Equal(AggregationKind.Median, config.Aggregation);
    }

    [Fact]
    public void Aggregation_SameAsShorthand_IsAccepted()
    {
        ExperimentConfig config = Build("--strategy", "krum", "--aggregation", "krum").Result.Config!;

        Assert.Equal(StrategyKind.FedAvg, config.Strategy);
        Assert.Equal(AggregationKind.Krum, config.Aggregation);
    }

    [Fact]
    public void Aggregation_ContradictsShorthand_IsRejected()
    {
        ExperimentBuildResult result = Build("--strategy", "krum", "--aggregation", "median").Result;

        Assert.Null(result.Config);
        string error = Assert.Single(result.Errors);
        Assert.StartsWith("--aggregation: median contradicts --strategy krum", error, StringComparison.Ordinal);
        Assert.Contains("--strategy fedavg --aggregation median", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Hyperparameters_EveryOption_SetsItsProperty()
    {
        ExperimentConfig config = Build(
            "--mu", "0.5",
            "--server-lr", "0.3",
            "--server-momentum", "0.7",
            "--beta1", "0.8",
            "--beta2", "0.95",
            "--tau", "0.01",
            "--trim-fraction", "0.2",
            "--krum-f", "2",
            "--krum-m", "4").Result.Config!;

        Assert.Equal(0.5, config.ProximalMu);
        Assert.Equal(0.3, config.ServerLearningRate);
        Assert.Equal(0.7, config.ServerMomentum);
        Assert.Equal(0.8, config.Beta1);
        Assert.Equal(0.95, config.Beta2);
        Assert.Equal(0.01, config.Tau);
        Assert.Equal(0.2, config.TrimFraction);
        Assert.Equal(2, config.AssumedAttackers);
        Assert.Equal(4, config.KrumSelected);
    }

    [Fact]
    public void ServerLearningRate_None_ResetsFileValue()
    {
        using var file = new TempFile("""{ "serverLearningRate": 0.5, "krumSelected": 3 }""");

        ExperimentConfig config = Build("--config", file.Path, "--server-lr", "none", "--krum-m", "none").Result.Config!;

        Assert.Null(config.ServerLearningRate);
        Assert.Null(config.KrumSelected);
    }

    [Fact]
    public void Strategy_OverridesFile_KeepsFileAggregation()
    {
        using var file = new TempFile("""{ "strategy": "fedavg", "aggregation": "median", "proximalMu": 0.2 }""");

        ExperimentConfig config = Build("--config", file.Path, "--strategy", "fedprox").Result.Config!;

        Assert.Equal(StrategyKind.FedProx, config.Strategy);
        Assert.Equal(AggregationKind.Median, config.Aggregation);
        Assert.Equal(0.2, config.ProximalMu);
    }

    [Fact]
    public void Beta_WithTrimmedMean_SetsTrimFraction()
    {
        ExperimentConfig config = Build("--strategy", "trimmed-mean", "--beta", "0.25").Result.Config!;

        Assert.Equal(AggregationKind.TrimmedMean, config.Aggregation);
        Assert.Equal(0.25, config.TrimFraction);
    }

    [Fact]
    public void Beta_WithoutTrimmedMean_IsRejected()
    {
        ExperimentBuildResult result = Build("--strategy", "fedavgm", "--beta", "0.9").Result;

        string error = Assert.Single(result.Errors);
        Assert.StartsWith("--beta: β is the trim fraction of trimmed-mean aggregation, but the aggregation is mean.", error, StringComparison.Ordinal);
        Assert.Contains("--server-momentum", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Beta_UnderAdaptiveStrategy_IsRejected()
    {
        ExperimentBuildResult result = Build("--strategy", "fedadam", "--aggregation", "trimmed-mean", "--beta", "0.1").Result;

        string error = Assert.Single(result.Errors);
        Assert.StartsWith("--beta: with --strategy fedadam", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Beta_WithTrimFraction_IsRejected()
    {
        ExperimentBuildResult result = Build("--strategy", "trimmed-mean", "--beta", "0.1", "--trim-fraction", "0.2").Result;

        string error = Assert.Single(result.Errors);
        Assert.StartsWith("--beta: --beta and --trim-fraction set the same trim fraction", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(ExperimentConfig.Strategy), "--strategy")]
    [InlineData(nameof(ExperimentConfig.Aggregation), "--aggregation")]
    [InlineData(nameof(ExperimentConfig.ProximalMu), "--mu")]
    [InlineData(nameof(ExperimentConfig.ServerLearningRate), "--server-lr")]
    [InlineData(nameof(ExperimentConfig.ServerMomentum), "--server-momentum")]
    [InlineData(nameof(ExperimentConfig.Beta1), "--beta1")]
    [InlineData(nameof(ExperimentConfig.Beta2), "--beta2")]
    [InlineData(nameof(ExperimentConfig.Tau), "--tau")]
    [InlineData(nameof(ExperimentConfig.TrimFraction), "--trim-fraction")]
    [InlineData(nameof(ExperimentConfig.AssumedAttackers), "--krum-f")]
    [InlineData(nameof(ExperimentConfig.KrumSelected), "--krum-m")]
    public void ForField_StrategyProperty_NamesOption(string field, string expected)
    {
        Assert.Equal(expected, new ExperimentOptions().ForField(field)?.Name);
    }

    [Fact]
    public async Task Help_StrategyOption_ListsEveryName()
    {
        CliResult result = await CliRunner.InvokeAsync("run", "--help");

        foreach (string name in new[] { "fedavgm", "fednova", "scaffold", "trimmed-mean", "multi-krum", "bulyan" })
        {
            Assert.Contains(name, result.Output, StringComparison.Ordinal);
        }

        Assert.Contains("--beta1", result.Output, StringComparison.Ordinal);
        Assert.Contains("--topk-fraction", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ContradictingRules_ExitsWithMessage()
    {
        CliResult result = await CliRunner.InvokeAsync("run", "--strategy", "krum", "--aggregation", "median");

        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.StartsWith("fedwb: error: --aggregation: median contradicts --strategy krum", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
    }
}
