using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Partitioning;

namespace FedWorkbench.Simulation.Tests.Partitioning;

/// <summary>Partitions of experiments with client groups: data shares, per-group partitions and errors.</summary>
public sealed class ClientGroupPartitionTests
{
    // 1,000 samples, 100 of each of 10 labels, in a fixed order.
    private static readonly byte[] Labels = Enumerable.Range(0, 1_000).Select(i => (byte)(i % 10)).ToArray();

    [Theory]
    [InlineData(PartitionKind.Iid)]
    [InlineData(PartitionKind.Dirichlet)]
    [InlineData(PartitionKind.Shards)]
    [InlineData(PartitionKind.Classes)]
    [InlineData(PartitionKind.Quantity)]
    public void Split_OneGroupWithWholeShare_EqualsHomogeneous(PartitionKind partition)
    {
        // Arrange
        var homogeneous = new ExperimentConfig { Clients = 10, Partition = partition, ClientTestFraction = 0.2, Seed = 5 };
        ExperimentConfig grouped = new ExperimentConfig { Clients = 10, ClientTestFraction = 0.2, Seed = 5 } with
        {
            ClientGroups = [new ClientGroupConfig { Name = "All", Count = 10, DataShare = 1, Partition = partition }],
        };

        // Act
        ClientPartition expected = Partitioner.Split(homogeneous, Labels, 10);
        ClientPartition actual = Partitioner.Split(grouped, Labels, 10);

        // Assert
        Assert.Equal(expected.ClientCount, actual.ClientCount);
        for (int client = 0; client < expected.ClientCount; client++)
        {
            Assert.Equal(expected.IndicesOf(client).ToArray(), actual.IndicesOf(client).ToArray());
            Assert.Equal(expected.HeldOutOf(client).ToArray(), actual.HeldOutOf(client).ToArray());
        }
    }

    [Fact]
    public void Split_TwoGroups_TakeDisjointShares()
    {
        // Arrange: ⌊0.6·1,000⌋ = 600 samples for 8 IID clients, ⌊0.3·1,000⌋ = 300 for 5 Dirichlet clients. Both
        // partitions use every sample of their share.
        ExperimentConfig config = TwoGroups() with
        {
            ClientGroups =
            [
                TwoGroups().ClientGroups[0],
                TwoGroups().ClientGroups[1] with { Partition = PartitionKind.Dirichlet, DirichletAlpha = 0.3, MinClientSize = 5 },
            ],
        };

        // Act
        ClientPartition partition = Partitioner.Split(config, Labels, 10);

        // Assert
        int[] phones = SamplesOf(partition, 0, 8);
        int[] tablets = SamplesOf(partition, 8, 13);
        Assert.Equal(600, phones.Length);
        Assert.Equal(300, tablets.Length);
        Assert.Equal(600, phones.Distinct().Count());
        Assert.Equal(300, tablets.Distinct().Count());
        Assert.Empty(phones.Intersect(tablets));
    }

    [Fact]
    public void Split_TwoGroups_KeepTheirPartitionProperty()
    {
        // Arrange: the classes partition leaves out the samples of labels that no tablet draws.
        ExperimentConfig config = TwoGroups();

        // Act
        int[][] counts = Partitioner.Split(config, Labels, 10).CountLabels(Labels, 10);

        // Assert: the 75 IID samples of a phone cover most labels, while each tablet has one label only.
        for (int client = 0; client < 8; client++)
        {
            Assert.True(counts[client].Count(count => count > 0) >= 7, $"Phone {client} has labels {string.Join(",", counts[client])}.");
        }

        for (int client = 8; client < 13; client++)
        {
            Assert.Equal(1, counts[client].Count(count => count > 0));
        }
    }

    [Fact]
    public void Split_GroupPartitionError_NamesGroup()
    {
        // Arrange: ⌊0.01·1,000⌋ = 10 samples cannot serve 50 clients.
        var config = new ExperimentConfig
        {
            Clients = 60,
            ClientGroups =
            [
                new ClientGroupConfig { Count = 10, DataShare = 0.5 },
                new ClientGroupConfig { Name = "Tablets", Count = 50, DataShare = 0.01 },
            ],
        };

        // Act
        var error = Assert.Throws<ExperimentException>(() => Partitioner.Split(config, Labels, 10));

        // Assert
        Assert.StartsWith("Client group 2 (Tablets): The IID partition cannot give each of the 50 clients a sample", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_SharesAboveOne_Throws()
    {
        // Arrange
        var config = new ExperimentConfig
        {
            Clients = 20,
            ClientGroups = [new ClientGroupConfig { Count = 10, DataShare = 0.7 }, new ClientGroupConfig { Count = 10, DataShare = 0.4 }],
        };

        // Act
        var error = Assert.Throws<ExperimentException>(() => Partitioner.Split(config, Labels, 10));

        // Assert
        Assert.StartsWith("Client group 2: the data shares of the client groups add up to more than 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FeatureNoiseStd_UsesGroupIndexAndSigma()
    {
        // Arrange: clients 0–3 are IID, clients 4–7 add σ·(j + 1)/4 with σ = 0.4.
        var config = new ExperimentConfig
        {
            Clients = 8,
            ClientGroups =
            [
                new ClientGroupConfig { Count = 4, DataShare = 0.5 },
                new ClientGroupConfig { Count = 4, DataShare = 0.5, Partition = PartitionKind.FeatureNoise, FeatureNoiseSigma = 0.4 },
            ],
        };

        // Act and assert
        for (int client = 0; client < 4; client++)
        {
            Assert.Equal(0f, Partitioner.FeatureNoiseStd(config, client));
        }

        for (int j = 0; j < 4; j++)
        {
            Assert.Equal((float)(0.4 * (j + 1) / 4), Partitioner.FeatureNoiseStd(config, 4 + j));
        }
    }

    private static ExperimentConfig TwoGroups() => new()
    {
        Clients = 13,
        Seed = 9,
        ClientTestFraction = 0.1,
        ClientGroups =
        [
            new ClientGroupConfig { Name = "Phones", Count = 8, DataShare = 0.6 },
            new ClientGroupConfig { Name = "Tablets", Count = 5, DataShare = 0.3, Partition = PartitionKind.Classes, ClassesPerClient = 1 },
        ],
    };

    /// <summary>Returns the training and held-out samples of clients [first, end).</summary>
    private static int[] SamplesOf(ClientPartition partition, int first, int end)
    {
        var samples = new List<int>();
        for (int client = first; client < end; client++)
        {
            samples.AddRange(partition.IndicesOf(client).ToArray());
            samples.AddRange(partition.HeldOutOf(client).ToArray());
        }

        return [.. samples];
    }
}
