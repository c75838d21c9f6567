using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

public sealed class ExperimentHelpTextTests
{
    [Fact]
    public void Clients_NamesFashionMnistSamples()
    {
        Assert.Equal(
            "Simulated clients in total, 1 to 10,000. Fashion-MNIST has 60,000 training samples to split among them.",
            ExperimentHelpText.Clients(DatasetKind.FashionMnist));
    }

    [Fact]
    public void Clients_NamesSyntheticSamples()
    {
        Assert.Equal(
            "Simulated clients in total, 1 to 10,000. The synthetic dataset has 6,000 training samples to split among them.",
            ExperimentHelpText.Clients(DatasetKind.Synthetic));
    }

    [Fact]
    public void Clients_RangeOnlyForUnknownDataset()
    {
        Assert.Equal("Simulated clients in total, 1 to 10,000.", ExperimentHelpText.Clients((DatasetKind)99));
    }

    [Theory]
    [InlineData(PartitionKind.Dirichlet, "drawn again")]
    [InlineData(PartitionKind.Quantity, "gets this many first")]
    public void MinClientSize_NamesPartitionRule(PartitionKind partition, string expected)
    {
        string help = ExperimentHelpText.MinClientSize(partition);

        Assert.StartsWith("Fewest samples a client holds, at least 1", help);
        Assert.Contains("before the client test fraction is held out", help);
        Assert.Contains(expected, help);
    }
}
