using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Partitioning;

namespace FedWorkbench.Simulation.Tests.Partitioning;

public sealed class ShardsPartitionTests
{
    private static ExperimentConfig Shards(int clients, int shardsPerClient, int seed = 1) => new()
    {
        Partition = PartitionKind.Shards,
        Clients = clients,
        ShardsPerClient = shardsPerClient,
        ClientTestFraction = 0,
        Seed = seed,
    };

    [Fact]
    public void Split_ShardsWithinLabels_GivesAtMostSLabels()
    {
        // Arrange: 200 cyclic labels, 20 per class, cut into 10 × 2 = 20 shards of 10, so no shard crosses a label.
        byte[] labels = PartitionAssert.CyclicLabels(200, classCount: 10);

        // Act
        ClientPartition partition = Partitioner.Split(Shards(10, 2), labels, 10);
        int[][] counts = partition.CountLabels(labels, 10);

        // Assert: each client has two shards of 10 samples, each shard of a single label.
        PartitionAssert.IsDisjointCover(partition, labels.Length);
        for (int client = 0; client < partition.ClientCount; client++)
        {
            Assert.Equal(20, partition.SizeOf(client));
            int labelCount = counts[client].Count(count => count > 0);
            Assert.InRange(labelCount, 1, 2);
            Assert.All(counts[client], count => Assert.True(count % 10 == 0, $"Client {client} holds {count} samples of a label."));
        }
    }

    [Theory]
    [InlineData(203, 10, 2)]
    [InlineData(1_000, 7, 3)]
    [InlineData(21, 10, 2)]
    public void Split_UnevenShards_LosesNoSample(int sampleCount, int clients, int shardsPerClient)
    {
        // Arrange
        byte[] labels = PartitionAssert.CyclicLabels(sampleCount, classCount: 10);
        int shardSize = sampleCount / (clients * shardsPerClient);

        // Act
        ClientPartition partition = Partitioner.Split(Shards(clients, shardsPerClient), labels, 10);

        // Assert: shards hold ⌊N/S⌋ or ⌊N/S⌋ + 1 samples, so a client of s shards has between s·⌊N/S⌋ and s·(⌊N/S⌋ + 1).
        PartitionAssert.IsDisjointCover(partition, sampleCount);
        for (int client = 0; client < clients; client++)
        {
            Assert.InRange(partition.SizeOf(client), shardsPerClient * shardSize, shardsPerClient * (shardSize + 1));
        }
    }

    [Fact]
    public void Split_Shards_SameSeedSameResult()
    {
        // Arrange
        byte[] labels = PartitionAssert.CyclicLabels(500, classCount: 10);

        // Act
        ClientPartition first = Partitioner.Split(Shards(10, 2, seed: 4), labels, 10);
        ClientPartition second = Partitioner.Split(Shards(10, 2, seed: 4), labels, 10);
        ClientPartition otherSeed = Partitioner.Split(Shards(10, 2, seed: 5), labels, 10);

        // Assert
        for (int client = 0; client < first.ClientCount; client++)
        {
            Assert.Equal(first.IndicesOf(client).ToArray(), second.IndicesOf(client).ToArray());
        }

        bool anyDifferent = Enumerable.Range(0, first.ClientCount)
            .Any(client => !first.IndicesOf(client).SequenceEqual(otherSeed.IndicesOf(client)));
        Assert.True(anyDifferent, "Seeds 4 and 5 dealt the same shards to every client.");
    }

    [Fact]
    public void Split_MoreShardsThanSamples_Throws()
    {
        // Arrange: 10 clients × 3 shards = 30 shards, but only 25 samples.
        byte[] labels = PartitionAssert.CyclicLabels(25, classCount: 10);

        // Act
        var error = Assert.Throws<ExperimentException>(() => Partitioner.Split(Shards(10, 3), labels, 10));

        // Assert
        Assert.Contains("10 clients × 3 shards = 30 shards", error.Message);
        Assert.Contains("Use fewer clients or fewer shards per client", error.Message);
    }

    [Fact]
    public void Split_ZeroShardsPerClient_Throws()
    {
        byte[] labels = PartitionAssert.CyclicLabels(100, classCount: 10);

        var error = Assert.Throws<ExperimentException>(() => Partitioner.Split(Shards(10, 0), labels, 10));

        Assert.Contains("Shards per client 0 must be at least 1", error.Message);
    }
}
