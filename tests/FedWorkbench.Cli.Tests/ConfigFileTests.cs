using System.Text.Json;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Cli.Tests;

public class ConfigFileTests
{
    [Fact]
    public async Task Config_NoOptions_WritesDefaultExperiment()
    {
        CliResult result = await CliRunner.InvokeAsync("config");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(ExperimentJson.Serialize(new ExperimentConfig()), result.Output.TrimEnd());
    }

    [Fact]
    public async Task Config_FileAndOverride_CommandLineWins()
    {
        using var file = new TempFile("""
            {
              // Comments and trailing commas are allowed in experiment files.
              "dataset": "synthetic",
              "clients": 20,
              "rounds": 5,
              "learningRate": 0.1,
            }
            """);

        CliResult result = await CliRunner.InvokeAsync("config", "--config", file.Path, "--rounds", "3", "--seed", "9");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        ExperimentConfig config = ExperimentJson.Deserialize(result.Output);
        Assert.Equal(DatasetKind.Synthetic, config.Dataset);
        Assert.Equal(20, config.Clients);
        Assert.Equal(0.1, config.LearningRate);
        Assert.Equal(3, config.Rounds);
        Assert.Equal(9, config.Seed);
        Assert.Equal(new ExperimentConfig().BatchSize, config.BatchSize);
    }

    [Fact]
    public async Task Config_OutputFile_RoundTripsThroughRun()
    {
        using var file = new TempFile();

        CliResult written = await CliRunner.InvokeAsync("config", "--dataset", "synthetic", "--clients", "12", "--output", file.Path);
        CliResult reread = await CliRunner.InvokeAsync("config", "--config", file.Path);

        Assert.Equal(ExitCodes.Success, written.ExitCode);
        Assert.Equal(string.Empty, written.Output);
        Assert.Equal(ExitCodes.Success, reread.ExitCode);
        Assert.Equal(File.ReadAllText(file.Path), reread.Output);
        Assert.Equal(12, ExperimentJson.Deserialize(reread.Output).Clients);
    }

    [Fact]
    public async Task Run_MissingConfigFile_NamesConfigOption()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"fedwb-missing-{Guid.NewGuid():N}.json");

        CliResult result = await CliRunner.InvokeAsync("run", "--config", missing);

        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Contains("fedwb: error: --config:", result.Error, StringComparison.Ordinal);
        Assert.Contains(missing, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ConfigFolder_NamesConfigOption()
    {
        CliResult result = await CliRunner.InvokeAsync("run", "--config", Path.GetTempPath());

        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Contains("fedwb: error: --config:", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"rounds\": ")]
    [InlineData("{ \"rounds\": \"five\" }")]
    [InlineData("{ \"roundz\": 5 }")]
    [InlineData("{ \"dataset\": \"cifar10\" }")]
    [InlineData("null")]
    public async Task Run_MalformedConfigFile_NamesConfigOption(string json)
    {
        using var file = new TempFile(json);

        CliResult result = await CliRunner.InvokeAsync("run", "--config", file.Path);

        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.StartsWith($"fedwb: error: --config: {file.Path}: The experiment file", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_OversizedConfigFile_IsRejectedBeforeReading()
    {
        using var file = new TempFile(new string(' ', ExperimentJson.MaxFileBytes + 1));

        CliResult result = await CliRunner.InvokeAsync("run", "--config", file.Path);

        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Contains("over the limit of", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InvalidFileValue_NamesProperty()
    {
        using var file = new TempFile("{ \"clientFraction\": 1.5 }");

        CliResult result = await CliRunner.InvokeAsync("run", "--config", file.Path);

        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Contains($"\"clientFraction\" in {file.Path} (override with --fraction): Client fraction 1.5", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ClientGroupsFile_RunsEveryRound()
    {
        using var file = new TempFile("""
            {
              "dataset": "synthetic",
              "model": "softmax",
              "clients": 6,
              "clientFraction": 1,
              "batchSize": 20,
              "rounds": 2,
              "clientGroups": [
                { "name": "Phones", "count": 4, "dataShare": 0.7 },
                { "name": "Tablets", "count": 2, "dataShare": 0.3, "partition": "shards", "shardsPerClient": 1, "dropout": 0.5 }
              ]
            }
            """);

        CliResult result = await CliRunner.InvokeAsync("run", "--config", file.Path, "--json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        Assert.Equal(3, result.OutputLines.Length);
        foreach (string line in result.OutputLines[..2])
        {
            using JsonDocument round = JsonDocument.Parse(line);
            JsonElement groups = round.RootElement.GetProperty("groupAccuracy");
            Assert.Equal(2, groups.GetArrayLength());
            Assert.All(groups.EnumerateArray(), group => Assert.InRange(group.GetDouble(), 0, 1));
        }
    }

    [Fact]
    public async Task Run_InvalidGroupValue_NamesGroupProperty()
    {
        using var file = new TempFile("""
            { "clients": 3, "clientGroups": [ { "count": 3, "dataShare": 0.5, "partition": "dirichlet", "dirichletAlpha": 0 } ] }
            """);

        CliResult result = await CliRunner.InvokeAsync("run", "--config", file.Path);

        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Contains($"\"clientGroups[0].dirichletAlpha\" in {file.Path}: Client group 1: Dirichlet α 0 is outside", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_OverriddenFileValue_IsAccepted()
    {
        using var file = new TempFile("{ \"clientFraction\": 1.5, \"rounds\": 2 }");

        CliResult result = await CliRunner.InvokeAsync("config", "--config", file.Path, "--fraction", "0.5");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(0.5, ExperimentJson.Deserialize(result.Output).ClientFraction);
    }
}
