using System.CommandLine;
using FedWorkbench.Cli.Options;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Cli.Tests;

public class ExperimentOptionsTests
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
    public void Build_NoOptions_GivesDefaults()
    {
        ExperimentBuildResult result = Build();

        Assert.Empty(result.Errors);
        Assert.Equal(ExperimentJson.Serialize(new ExperimentConfig()), ExperimentJson.Serialize(result.Config!));
    }

    [Fact]
    public void Build_EveryOption_SetsItsProperty()
    {
        ExperimentBuildResult result = Build(
            "--name", "label skew",
            "--dataset", "synthetic",
            "--model", "mlp",
            "--hidden", "64, 32",
            "--clients", "20",
            "--fraction", "0.25",
            "--local-epochs", "3",
            "--batch-size", "16",
            "--lr", "0.02",
            "--partition", "dirichlet",
            "--alpha", "0.3",
            "--min-client-size", "5",
            "--rounds", "7",
            "--seed", "-3",
            "--synthetic-alpha", "0.5",
            "--synthetic-beta", "0");

        Assert.Empty(result.Errors);
        ExperimentConfig config = result.Config!;
        Assert.Equal("label skew", config.Name);
        Assert.Equal(DatasetKind.Synthetic, config.Dataset);
        Assert.Equal(ModelKind.Mlp, config.Model);
        Assert.Equal([64, 32], config.HiddenLayers);
        Assert.Equal(20, config.Clients);
        Assert.Equal(0.25, config.ClientFraction);
        Assert.Equal(3, config.LocalEpochs);
        Assert.Equal(16, config.BatchSize);
        Assert.Equal(0.02, config.LearningRate);
        Assert.Equal(PartitionKind.Dirichlet, config.Partition);
        Assert.Equal(0.3, config.DirichletAlpha);
        Assert.Equal(5, config.MinClientSize);
        Assert.Equal(7, config.Rounds);
        Assert.Equal(-3, config.Seed);
        Assert.Equal(0.5, config.SyntheticAlpha);
        Assert.Equal(0.0, config.SyntheticBeta);
    }

    [Theory]
    [InlineData("fashion-mnist", DatasetKind.FashionMnist)]
    [InlineData("synthetic", DatasetKind.Synthetic)]
    [InlineData("Fashion-MNIST", DatasetKind.FashionMnist)]
    public void Build_DatasetName_MapsToKind(string name, DatasetKind expected)
    {
        ExperimentBuildResult result = Build("--dataset", name);

        Assert.Equal(expected, result.Config!.Dataset);
    }

    [Fact]
    public void Build_SoftmaxModel_IgnoresHiddenLayers()
    {
        ExperimentBuildResult result = Build("--model", "softmax", "--hidden", "5000");

        Assert.Empty(result.Errors);
        Assert.Equal(ModelKind.Softmax, result.Config!.Model);
    }

    [Fact]
    public void Build_ExponentNumber_IsParsed()
    {
        ExperimentBuildResult result = Build("--lr", "1e-3");

        Assert.Equal(0.001, result.Config!.LearningRate, 12);
    }

    [Fact]
    public void ForField_EveryValidatedProperty_HasAnOption()
    {
        var options = new ExperimentOptions();

        // Client groups are a list of objects, which only the experiment file (--config) can hold. The table comes
        // from --data and its own options.
        foreach (var property in typeof(ExperimentConfig).GetProperties()
            .Where(p => p.Name is not (nameof(ExperimentConfig.ClientGroups) or nameof(ExperimentConfig.Table))))
        {
            Assert.True(options.ForField(property.Name) is not null, $"No option sets ExperimentConfig.{property.Name}.");
        }
    }

    [Fact]
    public void MinClientSizeHelp_NamesDirichletAndQuantity()
    {
        Assert.Contains("--partition dirichlet and quantity", new ExperimentOptions().MinClientSize.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void PartitionHelp_NamesEveryPartitionWithOptions()
    {
        string description = new ExperimentOptions().Partition.Description!;

        Assert.Contains("dirichlet, shards, classes, quantity and feature-noise take the options below", description, StringComparison.Ordinal);
    }
}
