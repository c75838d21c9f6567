using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Partitioning;

namespace FedWorkbench.Simulation.Tests.Partitioning;

public sealed class IidPartitionTests
{
    [Theory]
    [InlineData(1_003, 10)]
    [InlineData(60_000, 100)]
    [InlineData(7, 7)]
    [InlineData(5, 1)]
    public void Split_Iid_DealsEqualShares(int sampleCount, int clientCount)
    {
        // Arrange
        byte[] labels = PartitionAssert.CyclicLabels(sampleCount, classCount: 10);
        var config = new ExperimentConfig { Partition = PartitionKind.Iid, ClientTestFraction = 0, Clients = clientCount, Seed = 3 };

        // Act
        ClientPartition partition = Partitioner.Split(config, labels, 10);

        // Assert: N mod K clients hold ⌊N/K⌋ + 1 samples and the others ⌊N/K⌋.
        Assert.Equal(clientCount, partition.ClientCount);
        int[] sizes = Enumerable.Range(0, clientCount).Select(partition.SizeOf).ToArray();
        Assert.Equal(sampleCount, sizes.Sum());
        Assert.Equal(sampleCount % clientCount, sizes.Count(size => size == sampleCount / clientCount + 1));
        Assert.All(sizes, size => Assert.InRange(size, sampleCount / clientCount, sampleCount / clientCount + 1));
        PartitionAssert.IsDisjointCover(partition, sampleCount);
    }

    [Fact]
    public void Split_Iid_SameSeedSameResult()
    {
        // Arrange
        byte[] labels = PartitionAssert.CyclicLabels(1_000, classCount: 10);
        var config = new ExperimentConfig { Partition = PartitionKind.Iid, ClientTestFraction = 0, Clients = 7, Seed = 11 };

        // Act
        ClientPartition first = Partitioner.Split(config, labels, 10);
        ClientPartition second = Partitioner.Split(config, labels, 10);

        // Assert
        for (int client = 0; client < first.ClientCount; client++)
        {
            Assert.Equal(first.IndicesOf(client).ToArray(), second.IndicesOf(client).ToArray());
        }
    }

    [Fact]
    public void Split_Iid_DifferentSeedDiffers()
    {
        // Arrange
        byte[] labels = PartitionAssert.CyclicLabels(1_000, classCount: 10);
        var config = new ExperimentConfig { Partition = PartitionKind.Iid, ClientTestFraction = 0, Clients = 7, Seed = 11 };

        // Act
        ClientPartition first = Partitioner.Split(config, labels, 10);
        ClientPartition second = Partitioner.Split(config with { Seed = 12 }, labels, 10);

        // Assert
        Assert.NotEqual(first.IndicesOf(0).ToArray(), second.IndicesOf(0).ToArray());
    }

    [Fact]
    public void Split_IidOnSortedLabels_MixesLabels()
    {
        // Arrange: 1,000 samples sorted by label, 100 per class, dealt to 10 clients of 100.
        byte[] labels = Enumerable.Range(0, 1_000).Select(i => (byte)(i / 100)).ToArray();
        var config = new ExperimentConfig { Partition = PartitionKind.Iid, ClientTestFraction = 0, Clients = 10, Seed = 5 };

        // Act
        ClientPartition partition = Partitioner.Split(config, labels, 10);
        int[][] counts = partition.CountLabels(labels, 10);

        // Assert: a client misses a given class with probability about 0.9^100 ≈ 2.7e-5, so every client has
        // every class, but without the shuffle each client would hold a single class.
        Assert.All(counts, row => Assert.All(row, count => Assert.True(count > 0)));
    }

    [Fact]
    public void Split_IidMoreClientsThanSamples_Throws()
    {
        // Arrange
        byte[] labels = PartitionAssert.CyclicLabels(5, classCount: 10);
        var config = new ExperimentConfig { Partition = PartitionKind.Iid, ClientTestFraction = 0, Clients = 6 };

        // Act
        var error = Assert.Throws<ExperimentException>(() => Partitioner.Split(config, labels, 10));

        // Assert
        Assert.Contains("6 clients", error.Message);
        Assert.Contains("only 5 samples", error.Message);
        Assert.Contains("Use at most 5 clients", error.Message);
    }

    [Fact]
    public void Split_LabelOutOfRange_ThrowsArgumentException()
    {
        // Arrange
        byte[] labels = [0, 1, 10];
        var config = new ExperimentConfig { Partition = PartitionKind.Iid, ClientTestFraction = 0, Clients = 1 };

        // Act
        var error = Assert.Throws<ArgumentException>(() => Partitioner.Split(config, labels, 10));

        // Assert
        Assert.Contains("Label 10 at index 2", error.Message);
    }
}
