using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Partitioning;
using FedWorkbench.Simulation.Tests.Training;
using FedWorkbench.Simulation.Training;

namespace FedWorkbench.Simulation.Tests.Partitioning;

public sealed class NaturalPartitionTests
{
    private static readonly ExperimentConfig Natural = new()
    {
        Dataset = DatasetKind.Table,
        Partition = PartitionKind.Natural,
        Model = ModelKind.Softmax,
        Clients = 3,
        ClientFraction = 1,
        Rounds = 2,
        ClientTestFraction = 0,
    };

    /// <summary>Returns 12 training and 6 test samples whose owners are given by index.</summary>
    private static Dataset WithOwners(int[] trainOwners, string[] names)
    {
        Dataset blobs = InMemoryData.CreateBlobs(classes: 2, features: 3, trainCount: trainOwners.Length, testCount: 6, seed: 1);
        var owners = new SampleOwners(names, trainOwners, [0, 1, 2, 0, 1, 2]);
        return new Dataset("sites", 3, blobs.ClassNames, blobs.Train, blobs.Test, owners);
    }

    [Fact]
    public void Split_OneClientPerOwner()
    {
        // Arrange
        Dataset dataset = WithOwners([2, 0, 0, 1, 2, 2, 0, 1, 2, 2, 0, 1], ["a", "b", "c"]);

        // Act
        ClientPartition partition = Partitioner.Split(Natural, dataset);

        // Assert: client i has exactly the samples of owner i, in ascending order.
        Assert.Equal(3, partition.ClientCount);
        Assert.Equal([1, 2, 6, 10], partition.IndicesOf(0).ToArray());
        Assert.Equal([3, 7, 11], partition.IndicesOf(1).ToArray());
        Assert.Equal([0, 4, 5, 8, 9], partition.IndicesOf(2).ToArray());
    }

    [Fact]
    public void Split_HoldsOutPerClient()
    {
        // Arrange
        Dataset dataset = WithOwners([2, 0, 0, 1, 2, 2, 0, 1, 2, 2, 0, 1], ["a", "b", "c"]);

        // Act
        ClientPartition partition = Partitioner.Split(Natural with { ClientTestFraction = 0.4 }, dataset);

        // Assert: ⌊4 × 0.4⌋ = 1, ⌊3 × 0.4⌋ = 1 and ⌊5 × 0.4⌋ = 2 samples held out of the owners' own samples.
        Assert.Equal([3, 2, 3], Enumerable.Range(0, 3).Select(partition.SizeOf));
        Assert.Equal([1, 1, 2], Enumerable.Range(0, 3).Select(client => partition.HeldOutOf(client).Length));
        Assert.Subset(new HashSet<int>([1, 2, 6, 10]), partition.HeldOutOf(0).ToArray().ToHashSet());
    }

    [Fact]
    public void Split_ClientCountDiffers()
    {
        Dataset dataset = WithOwners([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2], ["a", "b", "c"]);

        var error = Assert.Throws<ExperimentException>(() => Partitioner.Split(Natural with { Clients = 4 }, dataset));

        Assert.Equal(
            "The data has 3 owners, so the natural partition needs 3 clients, one per owner, not 4; set clients to 3.",
            error.Message);
    }

    [Fact]
    public void Split_OwnerWithoutTrainingSample()
    {
        Dataset dataset = WithOwners([0, 2, 2, 0, 2, 2, 0, 0, 2, 0, 0, 2], ["a", "b", "c"]);

        var error = Assert.Throws<ExperimentException>(() => Partitioner.Split(Natural, dataset));

        Assert.StartsWith("Owner \"b\" has no training sample", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_DatasetWithoutOwners()
    {
        Dataset blobs = InMemoryData.CreateBlobs(classes: 2, features: 3, trainCount: 12, testCount: 6, seed: 1);

        var error = Assert.Throws<ExperimentException>(() => Partitioner.Split(Natural, blobs));

        Assert.Contains("names no owners", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NaturalNeedsTable()
    {
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(Natural with { Dataset = DatasetKind.Synthetic });

        ValidationError error = Assert.Single(errors);
        Assert.Equal(nameof(ExperimentConfig.Partition), error.Field);
        Assert.Contains("the synthetic dataset names no owners", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_GroupCannotBeNatural()
    {
        ExperimentConfig config = Natural with
        {
            Partition = PartitionKind.Iid,
            ClientGroups = [new ClientGroupConfig { Name = "sites", Count = 3, DataShare = 1, Partition = PartitionKind.Natural }],
        };

        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(config);

        ValidationError error = Assert.Single(errors);
        Assert.Equal("ClientGroups[0].Partition", error.Field);
        Assert.Equal(
            "Client group 1 (sites): The natural partition makes one client per owner of the whole table, so a group cannot use it; " +
            "choose another partition for the group, or remove the groups.",
            error.Message);
    }

    [Fact]
    public void Dataset_OwnerCountMismatch()
    {
        Dataset blobs = InMemoryData.CreateBlobs(classes: 2, features: 3, trainCount: 12, testCount: 6, seed: 1);
        var owners = new SampleOwners(["a"], new int[11], new int[6]);

        var error = Assert.Throws<ArgumentException>(() => new Dataset("sites", 3, blobs.ClassNames, blobs.Train, blobs.Test, owners));

        Assert.StartsWith("Owners cover 11 training and 6 test samples; the splits have 12 and 6.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TableTrainsEveryOwner()
    {
        // Arrange
        Dataset dataset = WithOwners([2, 0, 0, 1, 2, 2, 0, 1, 2, 2, 0, 1], ["a", "b", "c"]);
        var simulation = new FederatedSimulation(dataset);

        // Act
        var rounds = new List<RoundResult>();
        await foreach (RoundResult round in simulation.RunAsync(Natural with { BatchSize = 4 }))
        {
            rounds.Add(round);
        }

        // Assert
        Assert.Equal(2, rounds.Count);
        Assert.All(rounds, round => Assert.Equal(3, round.AggregatedClients));
        Assert.All(rounds, round => Assert.Equal(12, round.TrainedSamples));
    }

    [Fact]
    public async Task RunAsync_PartitionNamesOwnersAndClasses()
    {
        // Arrange: owner a has 4 training samples, b 3 and c 5.
        Dataset dataset = WithOwners([2, 0, 0, 1, 2, 2, 0, 1, 2, 2, 0, 1], ["a", "b", "c"]);
        var simulation = new FederatedSimulation(dataset);
        PartitionStatistics? statistics = null;

        // Act
        await foreach (RoundResult _ in simulation.RunAsync(Natural with { Rounds = 1 }, (partition, _) =>
        {
            statistics = partition;
            return Task.CompletedTask;
        }))
        {
        }

        // Assert
        Assert.NotNull(statistics);
        Assert.Equal(["a", "b", "c"], statistics.ClientNames);
        Assert.Equal(dataset.ClassNames, statistics.ClassNames);
        Assert.Equal([4, 3, 5], statistics.ClientSizes);
    }

    [Fact]
    public async Task RunAsync_TableRejectsBuiltInDataset()
    {
        Dataset dataset = WithOwners([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2], ["a", "b", "c"]);
        var simulation = new FederatedSimulation(dataset);

        var error = await Assert.ThrowsAsync<ExperimentException>(async () =>
        {
            await foreach (RoundResult _ in simulation.RunAsync(Natural with { Dataset = DatasetKind.Synthetic, Partition = PartitionKind.Iid }))
            {
            }
        });

        Assert.Equal("This simulation trains on the table sites, and the experiment asks for synthetic; set the dataset to table.", error.Message);
    }
}
