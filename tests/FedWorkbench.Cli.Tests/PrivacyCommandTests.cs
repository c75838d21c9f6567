using System.Text.Json;

namespace FedWorkbench.Cli.Tests;

public class PrivacyCommandTests
{
    /// <summary>Opacus' published vector (opacus/tests/accountants_test.py, test_rdp_accountant): ε = 7.32911117143.</summary>
    private static readonly string[] OpacusVector = ["--sampling-rate", "0.04", "--noise-multiplier", "1.5", "--steps", "2250", "--delta", "1e-5"];

    [Fact]
    public async Task Epsilon_OpacusVector_PrintsSentence()
    {
        CliResult result = await CliRunner.InvokeAsync(["privacy", "epsilon", .. OpacusVector]);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        Assert.Equal(
            "ε = 7.3291 at δ = 1E-5 after 2,250 steps with sampling rate 0.04 and noise multiplier 1.5.",
            Assert.Single(result.OutputLines));
    }

    [Fact]
    public async Task Epsilon_Json_HasFullPrecision()
    {
        CliResult result = await CliRunner.InvokeAsync(["privacy", "epsilon", .. OpacusVector, "--json"]);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        using JsonDocument json = JsonDocument.Parse(Assert.Single(result.OutputLines));
        Assert.Equal(7.32911117143, json.RootElement.GetProperty("epsilon").GetDouble(), 1e-9);
        Assert.Equal(0.04, json.RootElement.GetProperty("samplingRate").GetDouble());
        Assert.Equal(1.5, json.RootElement.GetProperty("noiseMultiplier").GetDouble());
        Assert.Equal(2250, json.RootElement.GetProperty("steps").GetInt32());
        Assert.Equal(1e-5, json.RootElement.GetProperty("delta").GetDouble());
    }

    [Fact]
    public async Task Epsilon_ZeroNoise_PrintsUnbounded()
    {
        CliResult result = await CliRunner.InvokeAsync(
            "privacy", "epsilon", "--sampling-rate", "0.1", "--noise-multiplier", "0", "--steps", "10", "--delta", "1e-5");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.StartsWith("ε = unbounded at δ = 1E-5", Assert.Single(result.OutputLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Epsilon_ZeroNoiseJson_IsNull()
    {
        CliResult result = await CliRunner.InvokeAsync(
            "privacy", "epsilon", "--sampling-rate", "0.1", "--noise-multiplier", "0", "--steps", "10", "--delta", "1e-5", "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        using JsonDocument json = JsonDocument.Parse(Assert.Single(result.OutputLines));
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("epsilon").ValueKind);
    }

    /// <summary>
    /// Opacus' test_get_noise_multiplier_rdp_epochs (opacus/tests/accountants_test.py): target ε 8, δ 1e-5,
    /// q 0.04, 90 epochs (2,250 steps) → 1.416. On the 0.001 grid the accountant gives the same value.
    /// </summary>
    [Fact]
    public async Task Noise_OpacusVector_PrintsMultiplier()
    {
        CliResult result = await CliRunner.InvokeAsync(
            "privacy", "noise", "--sampling-rate", "0.04", "--target-epsilon", "8", "--steps", "2250", "--delta", "1e-5");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        Assert.StartsWith("Noise multiplier 1.416 gives ε = 7.998", Assert.Single(result.OutputLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Noise_Json_StaysWithinTarget()
    {
        CliResult result = await CliRunner.InvokeAsync(
            "privacy", "noise", "--sampling-rate", "0.04", "--target-epsilon", "8", "--steps", "2250", "--delta", "1e-5", "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        using JsonDocument json = JsonDocument.Parse(Assert.Single(result.OutputLines));
        Assert.Equal(1.416, json.RootElement.GetProperty("noiseMultiplier").GetDouble());
        Assert.True(json.RootElement.GetProperty("epsilon").GetDouble() <= 8);
        Assert.Equal(8, json.RootElement.GetProperty("targetEpsilon").GetDouble());
    }

    [Fact]
    public async Task Noise_UnreachableTarget_FailsWithReason()
    {
        CliResult result = await CliRunner.InvokeAsync(
            "privacy", "noise", "--sampling-rate", "1", "--target-epsilon", "0.01", "--steps", "10000000", "--delta", "1e-5");

        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Contains("fedwb: error: --target-epsilon: Target ε 0.01 cannot be reached", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
    }

    [Theory]
    [InlineData("epsilon", "--sampling-rate", "1.5")]
    [InlineData("epsilon", "--sampling-rate", "-0.1")]
    [InlineData("epsilon", "--sampling-rate", "half")]
    [InlineData("epsilon", "--noise-multiplier", "-1")]
    [InlineData("epsilon", "--noise-multiplier", "Infinity")]
    [InlineData("epsilon", "--steps", "0")]
    [InlineData("epsilon", "--steps", "2.5")]
    [InlineData("epsilon", "--delta", "0")]
    [InlineData("epsilon", "--delta", "1")]
    [InlineData("noise", "--target-epsilon", "0")]
    [InlineData("noise", "--target-epsilon", "-2")]
    [InlineData("noise", "--delta", "1.5")]
    public async Task InvalidValue_NamesOption(string subcommand, string option, string value)
    {
        var values = new Dictionary<string, string>
        {
            ["--sampling-rate"] = "0.01",
            ["--steps"] = "100",
            ["--delta"] = "1e-5",
            [subcommand == "epsilon" ? "--noise-multiplier" : "--target-epsilon"] = "1",
        };
        values[option] = value;
        string[] args = ["privacy", subcommand, .. values.SelectMany(pair => new[] { pair.Key, pair.Value })];

        CliResult result = await CliRunner.InvokeAsync(args);

        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Contains($"fedwb: error: {option}: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(value, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public async Task MissingOption_NamesOptionAndHelp()
    {
        CliResult result = await CliRunner.InvokeAsync("privacy", "noise", "--sampling-rate", "0.01", "--steps", "100", "--delta", "1e-5");

        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Contains("'--target-epsilon' is required", result.Error, StringComparison.Ordinal);
        Assert.Contains("Run 'fedwb privacy noise --help'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsPrivacyCommand()
    {
        CliResult result = await CliRunner.InvokeAsync("--help");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("privacy", result.Output, StringComparison.Ordinal);
    }
}
