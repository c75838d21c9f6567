using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Partitioning;

namespace FedWorkbench.Simulation.Tests.Partitioning;

public sealed class FeatureNoisePartitionTests
{
    [Theory]
    [InlineData(0, 0.05)]
    [InlineData(1, 0.1)]
    [InlineData(3, 0.2)]
    public void FeatureNoiseStd_GrowsWithClientIndex(int client, double expected)
    {
        // Arrange: σ·(i + 1)/K with σ = 0.2 and K = 4.
        var config = new ExperimentConfig { Partition = PartitionKind.FeatureNoise, Clients = 4, FeatureNoiseSigma = 0.2 };

        // Act
        float std = Partitioner.FeatureNoiseStd(config, client);

        // Assert: float precision.
        Assert.Equal(expected, std, 1e-7);
    }

    [Theory]
    [InlineData(PartitionKind.Iid)]
    [InlineData(PartitionKind.Dirichlet)]
    [InlineData(PartitionKind.Shards)]
    public void FeatureNoiseStd_OtherPartitions_IsZero(PartitionKind kind)
    {
        var config = new ExperimentConfig { Partition = kind, Clients = 4, FeatureNoiseSigma = 0.2 };

        Assert.Equal(0f, Partitioner.FeatureNoiseStd(config, 3));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    public void FeatureNoiseStd_ClientOutsideRange_Throws(int client)
    {
        var config = new ExperimentConfig { Partition = PartitionKind.FeatureNoise, Clients = 4 };

        Assert.Throws<ArgumentOutOfRangeException>(() => Partitioner.FeatureNoiseStd(config, client));
    }

    [Fact]
    public void Split_FeatureNoise_EqualsIidSplit()
    {
        // Arrange
        byte[] labels = PartitionAssert.CyclicLabels(1_003, classCount: 10);
        var config = new ExperimentConfig { Partition = PartitionKind.FeatureNoise, Clients = 10, ClientTestFraction = 0, Seed = 3 };

        // Act
        ClientPartition noisy = Partitioner.Split(config, labels, 10);
        ClientPartition iid = Partitioner.Split(config with { Partition = PartitionKind.Iid }, labels, 10);

        // Assert
        for (int client = 0; client < noisy.ClientCount; client++)
        {
            Assert.Equal(iid.IndicesOf(client).ToArray(), noisy.IndicesOf(client).ToArray());
        }
    }
}
