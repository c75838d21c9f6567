using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Partitioning;
using FedWorkbench.Simulation.Tests.Data;

namespace FedWorkbench.Simulation.Tests.Partitioning;

/// <summary>Dirichlet label skew on the real Fashion-MNIST training labels.</summary>
public sealed class DirichletPartitionTests(InstalledFashionMnist installed) : IClassFixture<InstalledFashionMnist>
{
    private readonly byte[] _labels = installed.Dataset.Train.Labels.ToArray();

    [Theory]
    [InlineData(0.1, 10, 10, 1)]
    [InlineData(0.5, 100, 10, 2)]
    [InlineData(0.01, 20, 1, 3)]
    [InlineData(1_000.0, 50, 100, 4)]
    public void Split_Dirichlet_CoversAllSamplesAboveMinimum(double alpha, int clients, int minClientSize, int seed)
    {
        // Arrange
        var config = new ExperimentConfig
        {
            Partition = PartitionKind.Dirichlet,
            ClientTestFraction = 0,
            DirichletAlpha = alpha,
            Clients = clients,
            MinClientSize = minClientSize,
            Seed = seed,
        };

        // Act
        ClientPartition partition = Partitioner.Split(config, _labels, 10);

        // Assert
        Assert.Equal(clients, partition.ClientCount);
        for (int client = 0; client < clients; client++)
        {
            Assert.True(partition.SizeOf(client) >= minClientSize, $"Client {client} holds {partition.SizeOf(client)} samples.");
        }

        PartitionAssert.IsDisjointCover(partition, _labels.Length);
    }

    [Fact]
    public void Split_Dirichlet_SameSeedSameResult()
    {
        // Arrange
        var config = new ExperimentConfig { Partition = PartitionKind.Dirichlet, ClientTestFraction = 0, DirichletAlpha = 0.3, Clients = 20, Seed = 9 };

        // Act
        ClientPartition first = Partitioner.Split(config, _labels, 10);
        ClientPartition second = Partitioner.Split(config, _labels, 10);
        ClientPartition otherSeed = Partitioner.Split(config with { Seed = 10 }, _labels, 10);

        // Assert
        for (int client = 0; client < first.ClientCount; client++)
        {
            Assert.Equal(first.IndicesOf(client).ToArray(), second.IndicesOf(client).ToArray());
        }

        Assert.NotEqual(first.IndicesOf(0).ToArray(), otherSeed.IndicesOf(0).ToArray());
    }

    [Fact]
    public void Split_SmallerAlpha_GivesMoreSkew()
    {
        // Arrange: 20 clients of about 3,000 samples.
        var config = new ExperimentConfig { Partition = PartitionKind.Dirichlet, ClientTestFraction = 0, Clients = 20, Seed = 1 };

        // Act
        double skewedSkew = Partitioner.Split(config with { DirichletAlpha = 0.1 }, _labels, 10).LabelSkew(_labels, 10);
        double mildSkew = Partitioner.Split(config with { DirichletAlpha = 100 }, _labels, 10).LabelSkew(_labels, 10);
        double iidSkew = Partitioner.Split(config with { Partition = PartitionKind.Iid }, _labels, 10).LabelSkew(_labels, 10);

        // Assert, with the skew being the mean total variation distance to the overall label mix (0.1 per class).
        // IID: each class share has standard error √(0.1·0.9/3000) ≈ 0.0055, and E|error| ≈ 0.8 of it, so the
        // expected skew is about ½·10·0.0044 ≈ 0.022.
        // α = 100: a client's share of a class is Beta(100, 1900) with relative deviation √(0.95/(0.05·2001)) ≈ 0.097,
        // which puts the skew near ½·10·0.1·0.8·0.097 ≈ 0.04.
        // α = 0.1: Dir(0.1) over 20 clients puts most of a class on one or two clients, so a client is dominated by a
        // few classes and its distance to the uniform mix is well above 0.5.
        Assert.InRange(iidSkew, 0, 0.05);
        Assert.InRange(mildSkew, 0, 0.1);
        Assert.InRange(skewedSkew, 0.5, 1);
    }

    [Fact]
    public void Split_TooManyClientsForMinimum_Throws()
    {
        // Arrange: 10,000 clients × 10 samples exceed the 60,000 training samples.
        var config = new ExperimentConfig { Partition = PartitionKind.Dirichlet, ClientTestFraction = 0, Clients = 10_000, MinClientSize = 10 };

        // Act
        var error = Assert.Throws<ExperimentException>(() => Partitioner.Split(config, _labels, 10));

        // Assert
        Assert.Contains("cannot give each of the 10,000 clients at least 10 samples", error.Message);
        Assert.Contains("10,000 × 10 = 100,000 exceeds the 60,000 training samples", error.Message);
        Assert.Contains("Use fewer clients or a smaller minimum client size", error.Message);
    }

    [Fact]
    public void Split_UnreachableMinimum_ThrowsWithSettings()
    {
        // Arrange: α = 0.01 gives almost each class to a single client, so most of 1,000 clients stay far below 50
        // samples in every attempt, although 1,000 × 50 fits into 60,000.
        var config = new ExperimentConfig
        {
            Partition = PartitionKind.Dirichlet,
            ClientTestFraction = 0,
            DirichletAlpha = 0.01,
            Clients = 1_000,
            MinClientSize = 50,
        };

        // Act
        var error = Assert.Throws<ExperimentException>(() => Partitioner.Split(config, _labels, 10));

        // Assert
        Assert.Contains($"in {Partitioner.MaxDirichletAttempts} attempts", error.Message);
        Assert.Contains("Use a larger α than 0.01", error.Message);
        Assert.Contains("fewer clients than 1,000", error.Message);
        Assert.Contains("a smaller minimum client size than 50", error.Message);
    }

    [Theory]
    [InlineData(0.001)]
    [InlineData(double.NaN)]
    public void Split_AlphaOutsideLimits_Throws(double alpha)
    {
        // Arrange
        var config = new ExperimentConfig { Partition = PartitionKind.Dirichlet, ClientTestFraction = 0, DirichletAlpha = alpha, Clients = 10 };

        // Act
        var error = Assert.Throws<ExperimentException>(() => Partitioner.Split(config, _labels, 10));

        // Assert
        Assert.Contains("is outside [0.01, 1000]", error.Message);
    }
}
