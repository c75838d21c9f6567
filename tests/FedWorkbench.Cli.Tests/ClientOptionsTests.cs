using System.CommandLine;
using FedWorkbench.Cli.Options;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Cli.Tests;

public class ClientOptionsTests
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

    [Theory]
    [InlineData("shards", PartitionKind.Shards)]
    [InlineData("classes", PartitionKind.Classes)]
    [InlineData("quantity", PartitionKind.Quantity)]
    [InlineData("feature-noise", PartitionKind.FeatureNoise)]
    public void Partition_NewName_MapsToKind(string name, PartitionKind expected)
    {
        Assert.Equal(expected, Build("--partition", name).Config!.Partition);
    }

    [Fact]
    public void PartitionOptions_EveryOption_SetsItsProperty()
    {
        ExperimentConfig config = Build(
            "--shards-per-client", "3",
            "--classes-per-client", "4",
            "--quantity-skew", "power-law",
            "--quantity-alpha", "0.7",
            "--power-law-exponent", "2.5",
            "--feature-noise", "0.4",
            "--client-test-fraction", "0.2").Config!;

        Assert.Equal(3, config.ShardsPerClient);
        Assert.Equal(4, config.ClassesPerClient);
        Assert.Equal(QuantitySkewKind.PowerLaw, config.QuantitySkew);
        Assert.Equal(0.7, config.QuantityAlpha);
        Assert.Equal(2.5, config.PowerLawExponent);
        Assert.Equal(0.4, config.FeatureNoiseSigma);
        Assert.Equal(0.2, config.ClientTestFraction);
    }

    [Fact]
    public void ClientOptions_EveryOption_SetsItsProperty()
    {
        ExperimentConfig config = Build(
            "--momentum", "0.9",
            "--weight-decay", "0.0001",
            "--dropout", "0.3",
            "--deadline", "12.5",
            "--over-selection", "0.3",
            "--compute-speed", "500",
            "--compute-spread", "0.25",
            "--bandwidth", "2",
            "--bandwidth-spread", "1",
            "--attack", "sign-flip",
            "--malicious-fraction", "0.3",
            "--boost", "5",
            "--attack-noise", "2",
            "--invalid-updates", "fail",
            "--compression", "topk",
            "--topk-fraction", "0.05").Config!;

        Assert.Equal(0.9, config.Momentum);
        Assert.Equal(0.0001, config.WeightDecay);
        Assert.Equal(0.3, config.Dropout);
        Assert.Equal(12.5, config.RoundDeadlineSeconds);
        Assert.Equal(0.3, config.OverSelection);
        Assert.Equal(500, config.ComputeSpeedMedian);
        Assert.Equal(0.25, config.ComputeSpeedSpread);
        Assert.Equal(2, config.BandwidthMedianMbps);
        Assert.Equal(1, config.BandwidthSpread);
        Assert.Equal(AttackKind.SignFlip, config.Attack);
        Assert.Equal(0.3, config.MaliciousFraction);
        Assert.Equal(5, config.AttackBoost);
        Assert.Equal(2, config.AttackNoiseStd);
        Assert.Equal(InvalidUpdatePolicy.Fail, config.InvalidUpdates);
        Assert.Equal(CompressionKind.TopK, config.Compression);
        Assert.Equal(0.05, config.TopKFraction);
    }

    [Theory]
    [InlineData("none", AttackKind.None)]
    [InlineData("label-flip", AttackKind.LabelFlip)]
    [InlineData("sign-flip", AttackKind.SignFlip)]
    [InlineData("gaussian", AttackKind.Gaussian)]
    [InlineData("scaling", AttackKind.Scaling)]
    public void Attack_Name_MapsToKind(string name, AttackKind expected)
    {
        Assert.Equal(expected, Build("--attack", name).Config!.Attack);
    }

    [Theory]
    [InlineData("none", CompressionKind.None)]
    [InlineData("q8", CompressionKind.Q8)]
    [InlineData("q4", CompressionKind.Q4)]
    [InlineData("topk", CompressionKind.TopK)]
    public void Compression_Name_MapsToKind(string name, CompressionKind expected)
    {
        Assert.Equal(expected, Build("--compression", name).Config!.Compression);
    }

    [Fact]
    public void Deadline_None_ResetsFileValue()
    {
        using var file = new TempFile("""{ "roundDeadlineSeconds": 30, "dropout": 0.2 }""");

        ExperimentConfig config = Build("--config", file.Path, "--deadline", "none").Config!;

        Assert.Null(config.RoundDeadlineSeconds);
        Assert.Equal(0.2, config.Dropout);
    }

    [Fact]
    public void FileValues_WithoutOptions_AreKept()
    {
        using var file = new TempFile("""{ "attack": "scaling", "attackBoost": 20, "compression": "q4", "partition": "shards", "shardsPerClient": 3 }""");

        ExperimentConfig config = Build("--config", file.Path, "--boost", "15").Config!;

        Assert.Equal(AttackKind.Scaling, config.Attack);
        Assert.Equal(15, config.AttackBoost);
        Assert.Equal(CompressionKind.Q4, config.Compression);
        Assert.Equal(PartitionKind.Shards, config.Partition);
        Assert.Equal(3, config.ShardsPerClient);
    }

    [Theory]
    [InlineData(nameof(ExperimentConfig.ShardsPerClient), "--shards-per-client")]
    [InlineData(nameof(ExperimentConfig.ClassesPerClient), "--classes-per-client")]
    [InlineData(nameof(ExperimentConfig.QuantitySkew), "--quantity-skew")]
    [InlineData(nameof(ExperimentConfig.QuantityAlpha), "--quantity-alpha")]
    [InlineData(nameof(ExperimentConfig.PowerLawExponent), "--power-law-exponent")]
    [InlineData(nameof(ExperimentConfig.FeatureNoiseSigma), "--feature-noise")]
    [InlineData(nameof(ExperimentConfig.ClientTestFraction), "--client-test-fraction")]
    [InlineData(nameof(ExperimentConfig.Momentum), "--momentum")]
    [InlineData(nameof(ExperimentConfig.WeightDecay), "--weight-decay")]
    [InlineData(nameof(ExperimentConfig.Dropout), "--dropout")]
    [InlineData(nameof(ExperimentConfig.RoundDeadlineSeconds), "--deadline")]
    [InlineData(nameof(ExperimentConfig.OverSelection), "--over-selection")]
    [InlineData(nameof(ExperimentConfig.ComputeSpeedMedian), "--compute-speed")]
    [InlineData(nameof(ExperimentConfig.ComputeSpeedSpread), "--compute-spread")]
    [InlineData(nameof(ExperimentConfig.BandwidthMedianMbps), "--bandwidth")]
    [InlineData(nameof(ExperimentConfig.BandwidthSpread), "--bandwidth-spread")]
    [InlineData(nameof(ExperimentConfig.Attack), "--attack")]
    [InlineData(nameof(ExperimentConfig.MaliciousFraction), "--malicious-fraction")]
    [InlineData(nameof(ExperimentConfig.AttackBoost), "--boost")]
    [InlineData(nameof(ExperimentConfig.AttackNoiseStd), "--attack-noise")]
    [InlineData(nameof(ExperimentConfig.InvalidUpdates), "--invalid-updates")]
    [InlineData(nameof(ExperimentConfig.Compression), "--compression")]
    [InlineData(nameof(ExperimentConfig.TopKFraction), "--topk-fraction")]
    public void ForField_ClientProperty_NamesOption(string field, string expected)
    {
        Assert.Equal(expected, new ExperimentOptions().ForField(field)?.Name);
    }

    [Fact]
    public void ForField_EveryConfigProperty_HasOption()
    {
        var options = new ExperimentOptions();

        // Client groups are a list of objects, which only the experiment file (--config) can hold. The table comes
        // from --data and its own options.
        foreach (var property in typeof(ExperimentConfig).GetProperties()
            .Where(p => p.Name is not (nameof(ExperimentConfig.ClientGroups) or nameof(ExperimentConfig.Table))))
        {
            Assert.True(options.ForField(property.Name) is not null, $"No option sets {property.Name}.");
        }
    }

    [Fact]
    public async Task Config_NewOptions_AppearInFile()
    {
        CliResult result = await CliRunner.InvokeAsync("config", "--strategy", "multi-krum", "--krum-f", "2", "--compression", "q8", "--deadline", "20");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("\"strategy\": \"fedavg\"", result.Output, StringComparison.Ordinal);
        Assert.Contains("\"aggregation\": \"multi-krum\"", result.Output, StringComparison.Ordinal);
        Assert.Contains("\"assumedAttackers\": 2", result.Output, StringComparison.Ordinal);
        Assert.Contains("\"compression\": \"q8\"", result.Output, StringComparison.Ordinal);
        Assert.Contains("\"roundDeadlineSeconds\": 20", result.Output, StringComparison.Ordinal);
        Assert.Contains("\"topKFraction\"", result.Output, StringComparison.Ordinal);
    }
}
