using System.CommandLine;
using System.Text.Json;
using FedWorkbench.Cli.Options;
using FedWorkbench.Cli.Output;
using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Cli.Tests;

public class PrivacyOptionsTests
{
    private static ExperimentBuildResult Build(params string[] args)
    {
        var options = new ExperimentOptions();
        var command = new RootCommand();
        options.AddTo(command);
        ParseResult parseResult = command.Parse(args);
        Assert.Empty(parseResult.Errors);
        return ExperimentConfigBuilder.Build(parseResult, options);
    }

    [Fact]
    public void PrivacyOptions_EveryOption_SetsItsProperty()
    {
        ExperimentConfig config = Build(
            "--sampling", "poisson",
            "--dp", "central-adaptive",
            "--clip-norm", "0.5",
            "--noise-multiplier", "0.3",
            "--delta", "1e-6",
            "--clip-quantile", "0.7",
            "--clip-lr", "0.1",
            "--local-epsilon", "2",
            "--round-failures", "fail").Config!;

        Assert.Equal(ClientSamplingKind.Poisson, config.Sampling);
        Assert.Equal(DifferentialPrivacyKind.CentralAdaptive, config.DifferentialPrivacy);
        Assert.Equal(0.5, config.ClipNorm);
        Assert.Equal(0.3, config.NoiseMultiplier);
        Assert.Equal(1e-6, config.Delta);
        Assert.Equal(0.7, config.ClipQuantile);
        Assert.Equal(0.1, config.ClipLearningRate);
        Assert.Equal(2.0, config.LocalEpsilon);
        Assert.Equal(RoundFailurePolicy.Fail, config.RoundFailures);
    }

    [Fact]
    public void SecureAggregation_FlagAloneTurnsItOn()
    {
        ExperimentConfig config = Build("--secure-aggregation", "--secure-aggregation-threshold", "0.8", "--dp", "client", "--target-epsilon", "8").Config!;

        Assert.True(config.SecureAggregation);
        Assert.Equal(0.8, config.SecureAggregationThreshold);
        Assert.Equal(DifferentialPrivacyKind.Client, config.DifferentialPrivacy);
        Assert.Equal(8.0, config.TargetEpsilon);
        Assert.False(Build("--secure-aggregation", "false").Config!.SecureAggregation);
        Assert.False(Build().Config!.SecureAggregation);
    }

    [Fact]
    public void SecureCentral_ErrorNamesOptionAndClient()
    {
        ExperimentBuildResult result = Build("--dp", "central", "--secure-aggregation");

        string error = Assert.Single(result.Errors);
        Assert.Contains("--secure-aggregation", error);
        Assert.Contains("use client DP", error);
    }

    [Fact]
    public void TargetEpsilonWithoutDp_AdvisesNone()
    {
        ExperimentBuildResult result = Build("--target-epsilon", "4");

        string error = Assert.Single(result.Errors);
        Assert.Contains("use --target-epsilon none", error);
    }

    [Fact]
    public void JsonOutput_PrivacyFields()
    {
        RoundResult round = new RoundResult(1, 0.5, 0.4, 0.3, 10, 10, 100, 0.1, 0.2, []) with
        {
            Epsilon = 1.25,
            ClipNorm = 0.75,
            ClippedFraction = 0.4,
            SecureAggregationBytes = 1_234,
            SecureAggregationSeconds = 0.5,
        };

        using JsonDocument line = JsonDocument.Parse(JsonSerializer.Serialize(RoundLine.From(round), JsonRunOutput.Options));
        JsonElement root = line.RootElement;

        Assert.Equal(1.25, root.GetProperty("epsilon").GetDouble());
        Assert.False(root.GetProperty("epsilonUnbounded").GetBoolean());
        Assert.Equal(0.75, root.GetProperty("clipNorm").GetDouble());
        Assert.Equal(0.4, root.GetProperty("clippedFraction").GetDouble());
        Assert.Equal(1_234, root.GetProperty("secureAggregationBytes").GetInt64());
        Assert.Equal(0.5, root.GetProperty("secureAggregationSeconds").GetDouble());
    }

    [Theory]
    [InlineData(double.PositiveInfinity, true)]
    [InlineData(null, false)]
    public void JsonOutput_EpsilonNullWhenUnboundedOrNoDp(double? epsilon, bool unbounded)
    {
        RoundResult round = new(1, 0.5, 0.4, 0.3, 10, 10, 100, 0.1, 0.2, []) { Epsilon = epsilon };

        using JsonDocument line = JsonDocument.Parse(JsonSerializer.Serialize(RoundLine.From(round), JsonRunOutput.Options));

        Assert.Equal(JsonValueKind.Null, line.RootElement.GetProperty("epsilon").ValueKind);
        Assert.Equal(unbounded, line.RootElement.GetProperty("epsilonUnbounded").GetBoolean());
        Assert.Equal(JsonValueKind.Null, line.RootElement.GetProperty("clipNorm").ValueKind);
    }

    [Fact]
    public void TextOutput_FixedSamplingSaysApproximation()
    {
        using var writer = new StringWriter();
        var output = new TextRunOutput(writer);
        RoundResult round = new(1, 0.5, 0.4, 0.3, 10, 10, 100, 0.1, 0.2, []) { Epsilon = 1.25, ClipNorm = 1, ClippedFraction = 0.5 };

        output.WriteStart(new ExperimentConfig { DifferentialPrivacy = DifferentialPrivacyKind.Central });
        output.WriteRound(round, plannedRounds: 30);

        string text = writer.ToString();
        Assert.Contains("ε is an approximation", text);
        Assert.Contains("ε 1.250 (approximation)", text);
        Assert.Contains("clip norm 1, 50% clipped", text);
    }

    [Fact]
    public void TextOutput_PoissonEpsilonIsNotApproximate()
    {
        using var writer = new StringWriter();
        var output = new TextRunOutput(writer);
        RoundResult round = new(1, 0.5, 0.4, 0.3, 10, 10, 100, 0.1, 0.2, []) { Epsilon = 1.25, ClipNorm = 1, ClippedFraction = 0 };

        output.WriteStart(new ExperimentConfig { DifferentialPrivacy = DifferentialPrivacyKind.Central, Sampling = ClientSamplingKind.Poisson });
        output.WriteRound(round, plannedRounds: 30);

        string text = writer.ToString();
        Assert.DoesNotContain("approximation", text);
        Assert.Contains("ε 1.250", text);
    }

    [Fact]
    public async Task Run_ClientDpWithSecureAggregation_WritesEpsilon()
    {
        // Arrange: 5 synthetic clients, each sampled with probability 0.8 per round.
        string[] args =
        [
            "run", "--dataset", "synthetic", "--model", "softmax", "--clients", "5", "--fraction", "0.8", "--batch-size", "20",
            "--rounds", "3", "--seed", "7", "--sampling", "poisson", "--dp", "client", "--noise-multiplier", "1.2",
            "--secure-aggregation", "--secure-aggregation-threshold", "0.2", "--json",
        ];

        // Act
        CliResult first = await CliRunner.InvokeAsync([.. args, "--threads", "1"]);
        CliResult second = await CliRunner.InvokeAsync([.. args, "--threads", "2"]);

        // Assert: ε grows every round and is the same for any thread count.
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        double[] epsilons = [.. first.OutputLines.Take(3).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("epsilon").GetDouble())];
        double[] again = [.. second.OutputLines.Take(3).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("epsilon").GetDouble())];
        Assert.Equal(epsilons, again);
        Assert.True(epsilons[0] > 0);
        Assert.True(epsilons[1] > epsilons[0]);
        Assert.True(epsilons[2] > epsilons[1]);
        using JsonDocument round = JsonDocument.Parse(first.OutputLines[0]);
        Assert.Equal(1.0, round.RootElement.GetProperty("clipNorm").GetDouble());
    }
}
