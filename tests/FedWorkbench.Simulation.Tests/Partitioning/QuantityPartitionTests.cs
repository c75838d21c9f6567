using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Partitioning;

namespace FedWorkbench.Simulation.Tests.Partitioning;

public sealed class QuantityPartitionTests
{
    private static readonly byte[] Labels = PartitionAssert.CyclicLabels(10_000, classCount: 10);

    private static ExperimentConfig Quantity(QuantitySkewKind skew, int clients = 50, int minClientSize = 10, int seed = 1) => new()
    {
        Partition = PartitionKind.Quantity,
        QuantitySkew = skew,
        Clients = clients,
        MinClientSize = minClientSize,
        ClientTestFraction = 0,
        Seed = seed,
    };

    [Theory]
    [InlineData(QuantitySkewKind.Dirichlet, 0.01, 1.5)]
    [InlineData(QuantitySkewKind.Dirichlet, 1_000, 1.5)]
    [InlineData(QuantitySkewKind.PowerLaw, 0.5, 0.1)]
    [InlineData(QuantitySkewKind.PowerLaw, 0.5, 10)]
    public void Split_Quantity_CoversAllSamplesAboveMinimum(QuantitySkewKind skew, double alpha, double exponent)
    {
        // Arrange
        ExperimentConfig config = Quantity(skew, minClientSize: 30) with { QuantityAlpha = alpha, PowerLawExponent = exponent };

        // Act
        ClientPartition partition = Partitioner.Split(config, Labels, 10);

        // Assert
        Assert.Equal(50, partition.ClientCount);
        for (int client = 0; client < partition.ClientCount; client++)
        {
            Assert.True(partition.SizeOf(client) >= 30, $"Client {client} holds {partition.SizeOf(client)} samples.");
        }

        PartitionAssert.IsDisjointCover(partition, Labels.Length);
    }

    [Fact]
    public void Split_SmallerAlpha_GivesMoreUnequalSizes()
    {
        // Act: mean coefficient of variation of the client sizes over five seeds.
        double skewed = MeanSizeVariation(seed => Quantity(QuantitySkewKind.Dirichlet, seed: seed) with { QuantityAlpha = 0.1 });
        double mild = MeanSizeVariation(seed => Quantity(QuantitySkewKind.Dirichlet, seed: seed) with { QuantityAlpha = 10 });

        // Assert: a Dir(α) proportion over K clients has coefficient of variation √((K − 1)/(K·α + 1)): 2.86 at
        // α = 0.1 and 0.31 at α = 10 for K = 50. Sizes are m + (N − K·m)·p, which scales that by
        // (N − K·m)/N = 0.95. The tolerances allow the sampling noise of 50 clients.
        Assert.InRange(mild, 0.2, 0.4);
        Assert.InRange(skewed, 1.5, 7.0);
    }

    [Fact]
    public void Split_SmallerExponent_GivesMoreUnequalSizes()
    {
        // Act
        double skewed = MeanSizeVariation(seed => Quantity(QuantitySkewKind.PowerLaw, seed: seed) with { PowerLawExponent = 0.5 });
        double mild = MeanSizeVariation(seed => Quantity(QuantitySkewKind.PowerLaw, seed: seed) with { PowerLawExponent = 5 });

        // Assert: a Pareto(a) draw has coefficient of variation 1/√(a·(a − 2)) = 0.26 at a = 5, and infinite
        // variance at a = 0.5, where a few clients take most samples.
        Assert.InRange(mild, 0.1, 0.4);
        Assert.True(skewed > 2 * mild, $"Coefficient of variation {skewed} at a = 0.5 is not well above {mild} at a = 5.");
    }

    [Fact]
    public void Split_Quantity_SameSeedSameResult()
    {
        // Act
        ClientPartition first = Partitioner.Split(Quantity(QuantitySkewKind.Dirichlet, seed: 3), Labels, 10);
        ClientPartition second = Partitioner.Split(Quantity(QuantitySkewKind.Dirichlet, seed: 3), Labels, 10);
        ClientPartition otherSeed = Partitioner.Split(Quantity(QuantitySkewKind.Dirichlet, seed: 4), Labels, 10);

        // Assert
        for (int client = 0; client < first.ClientCount; client++)
        {
            Assert.Equal(first.IndicesOf(client).ToArray(), second.IndicesOf(client).ToArray());
        }

        Assert.NotEqual(Sizes(first), Sizes(otherSeed));
    }

    [Fact]
    public void Split_Quantity_KeepsLabelsIid()
    {
        // Arrange: 1,000 samples sorted by label, dealt to 2 clients by size only.
        byte[] sorted = Enumerable.Range(0, 1_000).Select(i => (byte)(i / 100)).ToArray();
        ExperimentConfig config = Quantity(QuantitySkewKind.Dirichlet, clients: 2) with { QuantityAlpha = 1_000 };

        // Act
        int[][] counts = Partitioner.Split(config, sorted, 10).CountLabels(sorted, 10);

        // Assert: with about 500 samples a client misses a class with probability about 0.9^500, so both hold all ten.
        Assert.All(counts, row => Assert.All(row, count => Assert.True(count > 0)));
    }

    [Fact]
    public void Split_QuantityMinimumAboveSamples_Throws()
    {
        // Arrange: 50 clients × 201 = 10,050 > 10,000 samples.
        ExperimentConfig config = Quantity(QuantitySkewKind.PowerLaw, minClientSize: 201);

        // Act
        var error = Assert.Throws<ExperimentException>(() => Partitioner.Split(config, Labels, 10));

        // Assert
        Assert.Contains("50 × 201 = 10,050 exceeds the 10,000 training samples", error.Message);
        Assert.Contains("Use fewer clients or a smaller minimum client size", error.Message);
    }

    [Theory]
    [InlineData(QuantitySkewKind.Dirichlet, 0.001, 1.5, "Quantity α 0.001 is outside [0.01, 1000]")]
    [InlineData(QuantitySkewKind.PowerLaw, 0.5, 0.05, "Power-law exponent 0.05 is outside [0.1, 10]")]
    [InlineData(QuantitySkewKind.PowerLaw, 0.5, double.NaN, "Power-law exponent NaN is outside [0.1, 10]")]
    public void Split_QuantityParameterOutsideLimits_Throws(QuantitySkewKind skew, double alpha, double exponent, string expected)
    {
        ExperimentConfig config = Quantity(skew) with { QuantityAlpha = alpha, PowerLawExponent = exponent };

        var error = Assert.Throws<ExperimentException>(() => Partitioner.Split(config, Labels, 10));

        Assert.Contains(expected, error.Message);
    }

    private static int[] Sizes(ClientPartition partition) =>
        Enumerable.Range(0, partition.ClientCount).Select(partition.SizeOf).ToArray();

    private static double MeanSizeVariation(Func<int, ExperimentConfig> configForSeed)
    {
        double sum = 0;
        const int Seeds = 5;
        for (int seed = 1; seed <= Seeds; seed++)
        {
            int[] sizes = Sizes(Partitioner.Split(configForSeed(seed), Labels, 10));
            Assert.Equal(Labels.Length, sizes.Sum());
            double mean = sizes.Average();
            double variance = sizes.Sum(size => (size - mean) * (size - mean)) / sizes.Length;
            sum += Math.Sqrt(variance) / mean;
        }

        return sum / Seeds;
    }
}
