namespace FedWorkbench.Cli.Tests;

public class InvalidOptionTests
{
    [Theory]
    [InlineData("--dataset", "cifar10", "--dataset")]
    [InlineData("--model", "cnn", "--model")]
    [InlineData("--partition", "pathological", "--partition")]
    [InlineData("--strategy", "fedsgd", "--strategy")]
    [InlineData("--aggregation", "mode", "--aggregation")]
    [InlineData("--attack", "backdoor", "--attack")]
    [InlineData("--compression", "q2", "--compression")]
    [InlineData("--quantity-skew", "zipf", "--quantity-skew")]
    [InlineData("--invalid-updates", "ignore", "--invalid-updates")]
    [InlineData("--mu", "small", "--mu")]
    [InlineData("--dropout", "10%", "--dropout")]
    [InlineData("--deadline", "never", "--deadline")]
    [InlineData("--server-lr", "auto", "--server-lr")]
    [InlineData("--krum-f", "1.5", "--krum-f")]
    [InlineData("--krum-m", "all", "--krum-m")]
    [InlineData("--topk-fraction", "1/100", "--topk-fraction")]
    [InlineData("--clients", "abc", "--clients")]
    [InlineData("--clients", "0", "--clients")]
    [InlineData("--clients", "10001", "--clients")]
    [InlineData("--fraction", "1.5", "--fraction")]
    [InlineData("--fraction", "0", "--fraction")]
    [InlineData("--fraction", "0,5", "--fraction")]
    [InlineData("--local-epochs", "0", "--local-epochs")]
    [InlineData("--batch-size", "2000", "--batch-size")]
    [InlineData("--lr", "0", "--lr")]
    [InlineData("--lr", "NaN", "--lr")]
    [InlineData("--rounds", "0", "--rounds")]
    [InlineData("--rounds", "3.5", "--rounds")]
    [InlineData("--hidden", "200,x", "--hidden")]
    [InlineData("--hidden", "0", "--hidden")]
    [InlineData("--hidden", "1,1,1,1,1", "--hidden")]
    [InlineData("--min-client-size", "0", "--min-client-size")]
    [InlineData("--seed", "12345678901", "--seed")]
    [InlineData("--threads", "0", "--threads")]
    [InlineData("--threads", "100000", "--threads")]
    public async Task Run_InvalidValue_NamesOption(string option, string value, string expectedName)
    {
        CliResult result = await CliRunner.InvokeAsync("run", option, value);

        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Contains($"fedwb: error: {expectedName}", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public async Task Run_SeedBeyond32Bits_SaysOutOfRange()
    {
        CliResult result = await CliRunner.InvokeAsync("run", "--seed", "99999999999");

        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Contains("'99999999999' is outside the range of whole numbers accepted", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("is not a whole number", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ConfigIsFolder_SaysFolder()
    {
        string folder = Path.GetTempPath();

        CliResult result = await CliRunner.InvokeAsync("run", "--config", folder);

        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Contains($"--config: '{folder}' is a folder", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_DirichletAlphaOutOfRange_NamesAlpha()
    {
        CliResult result = await CliRunner.InvokeAsync("run", "--partition", "dirichlet", "--alpha", "0.001");

        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Contains("fedwb: error: --alpha: Dirichlet", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SeveralInvalidValues_ReportsEach()
    {
        CliResult result = await CliRunner.InvokeAsync("run", "--fraction", "2", "--lr", "-1");

        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Contains("--fraction:", result.Error, StringComparison.Ordinal);
        Assert.Contains("--lr:", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownOption_FailsWithoutHelp()
    {
        CliResult result = await CliRunner.InvokeAsync("run", "--learning-rate", "0.1");

        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Contains("'--learning-rate'", result.Error, StringComparison.Ordinal);
        Assert.Contains("fedwb run --help", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Usage:", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MissingDataFolder_NamesDataFolder()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"fedwb-missing-{Guid.NewGuid():N}");

        CliResult result = await CliRunner.InvokeAsync("run", "--dataset", "fashion-mnist", "--data-folder", missing);

        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Contains("fedwb: error: --data-folder:", result.Error, StringComparison.Ordinal);
        Assert.Contains(missing, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoCommand_PrintsHelpAndSucceeds()
    {
        CliResult result = await CliRunner.InvokeAsync("--help");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("run", result.Output, StringComparison.Ordinal);
        Assert.Contains("config", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NegativeDeadline_SaysWriteNone()
    {
        CliResult result = await CliRunner.InvokeAsync("run", "--deadline", "-3");

        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Contains(
            "fedwb: error: --deadline: Round deadline -3 s is outside (0, 10,000,000]; use --deadline none to wait for every client.",
            result.Error,
            StringComparison.Ordinal);
        Assert.DoesNotContain(FedWorkbench.Simulation.Configuration.ExperimentValidator.ClearValueAdvice, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--server-lr", "0", "--strategy", "fedadam", "use --server-lr none to use the fedadam default 0.01.")]
    [InlineData("--krum-m", "0", "--strategy", "multi-krum", "use --krum-m none to average n − f updates.")]
    [InlineData("--krum-m", "50", "--strategy", "multi-krum", "use --krum-m none to average n − f updates.")]
    public async Task Run_InvalidNullableValue_SaysWriteNone(string option, string value, string otherOption, string otherValue, string expectedAdvice)
    {
        CliResult result = await CliRunner.InvokeAsync("run", option, value, otherOption, otherValue);

        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Contains($"fedwb: error: {option}: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(expectedAdvice, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(FedWorkbench.Simulation.Configuration.ExperimentValidator.ClearValueAdvice, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InvalidFileDeadline_SaysWriteNone()
    {
        using var file = new TempFile("{ \"roundDeadlineSeconds\": -3 }");

        CliResult result = await CliRunner.InvokeAsync("run", "--config", file.Path);

        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Contains(
            $"\"roundDeadlineSeconds\" in {file.Path} (override with --deadline): Round deadline -3 s is outside (0, 10,000,000]; use --deadline none",
            result.Error,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_NegativeDeadline_KeepsWebAdvice()
    {
        var config = new FedWorkbench.Simulation.Configuration.ExperimentConfig { RoundDeadlineSeconds = -3 };

        var error = Assert.Single(FedWorkbench.Simulation.Configuration.ExperimentValidator.Validate(config));

        Assert.EndsWith("leave it empty to wait for every client.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_QuantityLargeMinimum_NamesOption()
    {
        // 100 clients × 1,000 samples = 100,000 exceeds the 60,000 training images of Fashion-MNIST, so the quantity
        // partition cannot give every client its minimum.
        CliResult result = await CliRunner.InvokeAsync("run", "--partition", "quantity", "--min-client-size", "1000");

        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Contains("fedwb: error: --min-client-size: 100 clients × minimum client size 1,000", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--seed", "1e3", "--seed: '1e3' is not in plain digits; enter 1000 instead.")]
    [InlineData("--rounds", "10.0", "--rounds: '10.0' is not in plain digits; enter 10 instead.")]
    [InlineData("--rounds", "3.5", "--rounds: '3.5' is not a whole number.")]
    public async Task Run_WholeNumberInOtherNotation_SaysPlainDigits(string option, string value, string expected)
    {
        CliResult result = await CliRunner.InvokeAsync("run", option, value);

        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Contains($"fedwb: error: {expected}", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void NumberOption_ExponentNotation_IsAccepted()
    {
        var options = new FedWorkbench.Cli.Options.ExperimentOptions();
        var command = new System.CommandLine.RootCommand();
        options.AddTo(command);

        System.CommandLine.ParseResult parseResult = command.Parse(["--lr", "1e-3"]);

        Assert.Empty(parseResult.Errors);
        Assert.Equal(0.001, parseResult.GetValue(options.LearningRate));
    }
}
