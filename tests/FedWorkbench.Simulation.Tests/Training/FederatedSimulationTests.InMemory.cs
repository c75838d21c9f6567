using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Partitioning;
using FedWorkbench.Simulation.Training;

namespace FedWorkbench.Simulation.Tests.Training;

public sealed partial class FederatedSimulationTests
{
    [Fact]
    public async Task DatasetConstructor_MatchesStandardPartitioner()
    {
        // Arrange
        var config = SmallConfig with { Dataset = DatasetKind.Table, Partition = PartitionKind.Dirichlet, Rounds = 2 };
        var options = new SimulationOptions { MaxDegreeOfParallelism = 2 };
        var fromDataset = new FederatedSimulation(Blobs, options);
        var explicitSteps = new FederatedSimulation(
            _ => Blobs,
            (experiment, data) => Partitioner.Split(experiment, data.Train.Labels, data.ClassCount),
            options);

        // Act
        List<RoundResult> expected = await CollectAsync(explicitSteps.RunAsync(config));
        List<RoundResult> actual = await CollectAsync(fromDataset.RunAsync(config));

        // Assert: both runs train on the 1,000 blob samples, split the same way.
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].TestAccuracy, actual[i].TestAccuracy);
            Assert.Equal(expected[i].TestLoss, actual[i].TestLoss);
            Assert.Equal(expected[i].TrainedSamples, actual[i].TrainedSamples);
        }
    }

    [Fact]
    public void DatasetConstructor_RejectsNull()
    {
        // Act and assert
        Assert.Throws<ArgumentNullException>(() => new FederatedSimulation((Dataset)null!));
    }
}
