using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Partitioning;

namespace FedWorkbench.Simulation.Tests.Partitioning;

public sealed class ClassesPartitionTests
{
    private static ExperimentConfig Classes(int clients, int classesPerClient, int seed = 1) => new()
    {
        Partition = PartitionKind.Classes,
        Clients = clients,
        ClassesPerClient = classesPerClient,
        ClientTestFraction = 0,
        Seed = seed,
    };

    [Theory]
    [InlineData(20, 1)]
    [InlineData(20, 3)]
    [InlineData(7, 2)]
    [InlineData(30, 10)]
    public void Split_Classes_EveryClientHoldsExactlyKLabels(int clients, int classesPerClient)
    {
        // Arrange
        byte[] labels = PartitionAssert.CyclicLabels(1_000, classCount: 10);

        // Act
        ClientPartition partition = Partitioner.Split(Classes(clients, classesPerClient), labels, 10);
        int[][] counts = partition.CountLabels(labels, 10);

        // Assert
        for (int client = 0; client < clients; client++)
        {
            Assert.Equal(classesPerClient, counts[client].Count(count => count > 0));
            Assert.True(counts[client][client % 10] > 0, $"Client {client} lacks its first label {client % 10}.");
        }
    }

    [Fact]
    public void Split_Classes_SplitsEachLabelEvenly()
    {
        // Arrange: 1,003 cyclic labels, so labels 0 to 2 have 101 samples and the others 100.
        byte[] labels = PartitionAssert.CyclicLabels(1_003, classCount: 10);

        // Act
        ClientPartition partition = Partitioner.Split(Classes(25, 3), labels, 10);
        int[][] counts = partition.CountLabels(labels, 10);

        // Assert: every label is held by at least one client (each of 0 to 9 is some client's first label), and the
        // holders' shares of a label differ by at most one sample.
        PartitionAssert.IsDisjointCover(partition, labels.Length);
        for (int label = 0; label < 10; label++)
        {
            int[] shares = counts.Select(row => row[label]).Where(count => count > 0).ToArray();
            Assert.True(shares.Max() - shares.Min() <= 1, $"Label {label} shares range from {shares.Min()} to {shares.Max()}.");
        }
    }

    [Fact]
    public void Split_FewClients_LeavesUndrawnLabelsUnused()
    {
        // Arrange: 2 clients × 1 class hold labels 0 and 1 only.
        byte[] labels = PartitionAssert.CyclicLabels(100, classCount: 10);

        // Act
        ClientPartition partition = Partitioner.Split(Classes(2, 1), labels, 10);

        // Assert
        Assert.Equal(10, partition.SizeOf(0));
        Assert.Equal(10, partition.SizeOf(1));
        Assert.All(partition.IndicesOf(0).ToArray(), index => Assert.Equal(0, labels[index]));
        Assert.All(partition.IndicesOf(1).ToArray(), index => Assert.Equal(1, labels[index]));
    }

    [Fact]
    public void Split_Classes_SameSeedSameResult()
    {
        // Arrange
        byte[] labels = PartitionAssert.CyclicLabels(1_000, classCount: 10);

        // Act
        ClientPartition first = Partitioner.Split(Classes(20, 3, seed: 8), labels, 10);
        ClientPartition second = Partitioner.Split(Classes(20, 3, seed: 8), labels, 10);
        ClientPartition otherSeed = Partitioner.Split(Classes(20, 3, seed: 9), labels, 10);

        // Assert
        for (int client = 0; client < first.ClientCount; client++)
        {
            Assert.Equal(first.IndicesOf(client).ToArray(), second.IndicesOf(client).ToArray());
        }

        bool anyDifferent = Enumerable.Range(0, first.ClientCount)
            .Any(client => !first.IndicesOf(client).SequenceEqual(otherSeed.IndicesOf(client)));
        Assert.True(anyDifferent, "Seeds 8 and 9 gave every client the same samples.");
    }

    [Fact]
    public void Split_TooFewSamplesPerLabel_Throws()
    {
        // Arrange: with k = 10 every one of the 10 clients draws every label, but each label has only 3 samples.
        byte[] labels = PartitionAssert.CyclicLabels(30, classCount: 10);

        // Act
        var error = Assert.Throws<ExperimentException>(() => Partitioner.Split(Classes(10, 10), labels, 10));

        // Assert
        Assert.Contains("gives label 0 to 10 clients", error.Message);
        Assert.Contains("only 3 samples of it", error.Message);
        Assert.Contains("Use fewer clients than 10 or fewer classes per client than 10", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public void Split_ClassesPerClientOutsideRange_Throws(int classesPerClient)
    {
        byte[] labels = PartitionAssert.CyclicLabels(100, classCount: 10);

        var error = Assert.Throws<ExperimentException>(() => Partitioner.Split(Classes(5, classesPerClient), labels, 10));

        Assert.Contains($"Classes per client {classesPerClient} is outside [1, 10]", error.Message);
    }
}
