using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Partitioning;

namespace FedWorkbench.Simulation.Tests.Partitioning;

public sealed class HeldOutSplitTests
{
    private static readonly byte[] Labels = PartitionAssert.CyclicLabels(1_000, classCount: 10);

    [Theory]
    [InlineData(PartitionKind.Iid, 0.1)]
    [InlineData(PartitionKind.Dirichlet, 0.29)]
    [InlineData(PartitionKind.Shards, 0.5)]
    [InlineData(PartitionKind.Classes, 0.2)]
    [InlineData(PartitionKind.Quantity, 0.1)]
    [InlineData(PartitionKind.FeatureNoise, 0.3)]
    public void Split_HeldOut_DividesEachClient(PartitionKind kind, double fraction)
    {
        // Arrange
        var withoutHeldOut = new ExperimentConfig { Partition = kind, Clients = 7, ClientTestFraction = 0, Seed = 2 };

        // Act
        ClientPartition whole = Partitioner.Split(withoutHeldOut, Labels, 10);
        ClientPartition split = Partitioner.Split(withoutHeldOut with { ClientTestFraction = fraction }, Labels, 10);

        // Assert: training and held-out samples are disjoint, together form the client's samples without the
        // held-out split, and the held-out split has ⌊n·f⌋ of the n samples (f = 0.29 checks that 100·0.29 gives 29).
        for (int client = 0; client < whole.ClientCount; client++)
        {
            int[] training = split.IndicesOf(client).ToArray();
            int[] heldOut = split.HeldOutOf(client).ToArray();
            int size = whole.SizeOf(client);

            Assert.Equal((int)Math.Floor(size * (decimal)fraction), heldOut.Length);
            Assert.Empty(training.Intersect(heldOut));
            Assert.Equal(whole.IndicesOf(client).ToArray(), training.Concat(heldOut).Order().ToArray());
        }
    }

    [Fact]
    public void Split_ZeroFraction_HoldsNothingOut()
    {
        var config = new ExperimentConfig { Clients = 7, ClientTestFraction = 0 };

        ClientPartition partition = Partitioner.Split(config, Labels, 10);

        for (int client = 0; client < partition.ClientCount; client++)
        {
            Assert.Equal(0, partition.HeldOutOf(client).Length);
        }
    }

    [Theory]
    [InlineData(1_000, 0, 1)]
    [InlineData(500, 1, 1)]
    [InlineData(333, 1, 2)]
    public void Split_TinyClients_KeepATrainingSample(int clients, int expectedHeldOut, int expectedTraining)
    {
        // Arrange: 1,000 IID samples give clients of 1 sample (1,000 clients), 2 (500) or 3 to 4 (333).
        var config = new ExperimentConfig { Clients = clients, ClientTestFraction = 0.5 };

        // Act
        ClientPartition partition = Partitioner.Split(config, Labels, 10);

        // Assert: ⌊1·0.5⌋ = 0, ⌊2·0.5⌋ = 1 and ⌊3·0.5⌋ = 1 samples are held out, so every client keeps training samples.
        for (int client = 0; client < clients; client++)
        {
            Assert.True(partition.SizeOf(client) >= expectedTraining, $"Client {client} trains on {partition.SizeOf(client)} samples.");
            Assert.True(partition.HeldOutOf(client).Length >= expectedHeldOut, $"Client {client} holds {partition.HeldOutOf(client).Length} out.");
        }
    }

    [Fact]
    public void Split_HeldOut_SameSeedSameResult()
    {
        // Arrange
        var config = new ExperimentConfig { Clients = 5, ClientTestFraction = 0.2, Seed = 6 };

        // Act
        ClientPartition first = Partitioner.Split(config, Labels, 10);
        ClientPartition second = Partitioner.Split(config, Labels, 10);
        ClientPartition otherSeed = Partitioner.Split(config with { Seed = 7 }, Labels, 10);

        // Assert
        for (int client = 0; client < first.ClientCount; client++)
        {
            Assert.Equal(first.HeldOutOf(client).ToArray(), second.HeldOutOf(client).ToArray());
        }

        Assert.NotEqual(first.HeldOutOf(0).ToArray(), otherSeed.HeldOutOf(0).ToArray());
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(0.51)]
    [InlineData(double.NaN)]
    public void Split_FractionOutsideLimits_Throws(double fraction)
    {
        var config = new ExperimentConfig { Clients = 5, ClientTestFraction = fraction };

        var error = Assert.Throws<ExperimentException>(() => Partitioner.Split(config, Labels, 10));

        Assert.Contains("is outside [0, 0.5]", error.Message);
    }

    [Fact]
    public void Compute_ReportsTrainingAndHeldOutSizes()
    {
        // Arrange: 1,000 samples over 4 IID clients of 250, each holding ⌊250·0.1⌋ = 25 out.
        var config = new ExperimentConfig { Clients = 4, ClientTestFraction = 0.1 };
        ClientPartition partition = Partitioner.Split(config, Labels, 10);

        // Act
        PartitionStatistics statistics = PartitionStatistics.Compute(partition, Labels, 10);

        // Assert: label counts cover the training part only.
        Assert.Equal([225, 225, 225, 225], statistics.ClientSizes);
        Assert.Equal([25, 25, 25, 25], statistics.HeldOutSizes);
        Assert.All(statistics.LabelCounts, row => Assert.Equal(225, row.Sum()));
        Assert.Equal(10, statistics.ClassCount);
    }
}
