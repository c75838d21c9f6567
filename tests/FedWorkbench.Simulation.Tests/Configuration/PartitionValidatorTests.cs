using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Simulation.Tests.Configuration;

public sealed class PartitionValidatorTests
{
    [Theory]
    [InlineData(PartitionKind.Shards)]
    [InlineData(PartitionKind.Classes)]
    [InlineData(PartitionKind.Quantity)]
    [InlineData(PartitionKind.FeatureNoise)]
    public void Validate_PartitionDefaults_AreValid(PartitionKind kind)
    {
        Assert.Empty(ExperimentValidator.Validate(new ExperimentConfig { Partition = kind }));
    }

    [Fact]
    public void Validate_UnknownPartition_ListsEveryName()
    {
        ValidationError error = Assert.Single(ExperimentValidator.Validate(new ExperimentConfig { Partition = (PartitionKind)42 }));

        Assert.Equal(nameof(ExperimentConfig.Partition), error.Field);
        Assert.Contains("Partition 42 is unknown; choose one of iid, dirichlet, shards, classes, quantity, feature-noise, natural.", error.Message);
    }

    [Fact]
    public void Validate_TooManyShards_IsRejected()
    {
        // Arrange: 1,000 × 61 = 61,000 shards > 60,000 Fashion-MNIST training samples.
        var config = new ExperimentConfig { Partition = PartitionKind.Shards, Clients = 1_000, ShardsPerClient = 61 };

        // Act
        ValidationError error = Assert.Single(ExperimentValidator.Validate(config));

        // Assert
        Assert.Equal(nameof(ExperimentConfig.ShardsPerClient), error.Field);
        Assert.Contains("1,000 clients × 61 shards per client = 61,000 shards", error.Message);
        Assert.Contains("use at most 60 shards per client or fewer clients", error.Message);
    }

    [Fact]
    public void Validate_ShardsExactlyFit_IsValid()
    {
        var config = new ExperimentConfig { Partition = PartitionKind.Shards, Clients = 1_000, ShardsPerClient = 60 };

        Assert.Empty(ExperimentValidator.Validate(config));
    }

    [Fact]
    public void Validate_ZeroShardsPerClient_IsRejected()
    {
        var config = new ExperimentConfig { Partition = PartitionKind.Shards, ShardsPerClient = 0 };

        ValidationError error = Assert.Single(ExperimentValidator.Validate(config));

        Assert.Equal(nameof(ExperimentConfig.ShardsPerClient), error.Field);
        Assert.Contains("Shards per client 0 must be at least 1", error.Message);
    }

    [Theory]
    [InlineData(DatasetKind.FashionMnist, 0)]
    [InlineData(DatasetKind.FashionMnist, 11)]
    [InlineData(DatasetKind.Synthetic, 11)]
    public void Validate_ClassesPerClientOutsideLabels_IsRejected(DatasetKind dataset, int classesPerClient)
    {
        var config = new ExperimentConfig { Dataset = dataset, Partition = PartitionKind.Classes, ClassesPerClient = classesPerClient };

        ValidationError error = Assert.Single(ExperimentValidator.Validate(config));

        Assert.Equal(nameof(ExperimentConfig.ClassesPerClient), error.Field);
        Assert.Contains($"Classes per client {classesPerClient} is invalid; enter a number from 1 to 10", error.Message);
    }

    [Fact]
    public void Validate_ClassesAboveSamples_IsRejected()
    {
        // Arrange: 1,000 clients × 7 labels need 7,000 samples, but the synthetic dataset has 6,000.
        var config = new ExperimentConfig { Dataset = DatasetKind.Synthetic, Partition = PartitionKind.Classes, Clients = 1_000, ClassesPerClient = 7 };

        // Act
        ValidationError error = Assert.Single(ExperimentValidator.Validate(config));

        // Assert
        Assert.Equal(nameof(ExperimentConfig.ClassesPerClient), error.Field);
        Assert.Contains("7,000 exceeds the 6,000 training samples of the synthetic dataset", error.Message);
    }

    [Fact]
    public void Validate_QuantityMinimumTooLarge_IsRejected()
    {
        var config = new ExperimentConfig { Partition = PartitionKind.Quantity, Clients = 10_000, MinClientSize = 7 };

        ValidationError error = Assert.Single(ExperimentValidator.Validate(config));

        Assert.Equal(nameof(ExperimentConfig.MinClientSize), error.Field);
        Assert.Contains("70,000 exceeds the 60,000 training samples", error.Message);
    }

    [Theory]
    [InlineData(QuantitySkewKind.Dirichlet, 0.001, 1.5, nameof(ExperimentConfig.QuantityAlpha), "Quantity α 0.001 is outside [0.01, 1000]")]
    [InlineData(QuantitySkewKind.Dirichlet, double.NaN, 1.5, nameof(ExperimentConfig.QuantityAlpha), "Quantity α NaN is outside")]
    [InlineData(QuantitySkewKind.PowerLaw, 0.5, 11, nameof(ExperimentConfig.PowerLawExponent), "Power-law exponent 11 is outside [0.1, 10]")]
    [InlineData(QuantitySkewKind.PowerLaw, 0.5, 0, nameof(ExperimentConfig.PowerLawExponent), "Power-law exponent 0 is outside [0.1, 10]")]
    public void Validate_QuantityParameterOutsideLimits_IsRejected(
        QuantitySkewKind skew, double alpha, double exponent, string field, string expected)
    {
        var config = new ExperimentConfig { Partition = PartitionKind.Quantity, QuantitySkew = skew, QuantityAlpha = alpha, PowerLawExponent = exponent };

        ValidationError error = Assert.Single(ExperimentValidator.Validate(config));

        Assert.Equal(field, error.Field);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Validate_UnknownQuantitySkew_ListsEveryName()
    {
        var config = new ExperimentConfig { Partition = PartitionKind.Quantity, QuantitySkew = (QuantitySkewKind)9 };

        ValidationError error = Assert.Single(ExperimentValidator.Validate(config));

        Assert.Contains("choose one of dirichlet, power-law", error.Message);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(10.5)]
    [InlineData(double.NaN)]
    public void Validate_FeatureNoiseSigmaOutsideLimits_IsRejected(double sigma)
    {
        var config = new ExperimentConfig { Partition = PartitionKind.FeatureNoise, FeatureNoiseSigma = sigma };

        ValidationError error = Assert.Single(ExperimentValidator.Validate(config));

        Assert.Equal(nameof(ExperimentConfig.FeatureNoiseSigma), error.Field);
        Assert.Contains("is outside [0, 10]", error.Message);
    }

    [Fact]
    public void Validate_UnusedPartitionSettings_AreIgnored()
    {
        // Arrange: every partition-specific setting is invalid, but IID uses none of them.
        var config = new ExperimentConfig
        {
            Partition = PartitionKind.Iid,
            ShardsPerClient = 0,
            ClassesPerClient = 11,
            QuantityAlpha = 0,
            PowerLawExponent = 0,
            FeatureNoiseSigma = -1,
            DirichletAlpha = 0,
        };

        // Act and assert
        Assert.Empty(ExperimentValidator.Validate(config));
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(0.51)]
    [InlineData(double.NaN)]
    public void Validate_ClientTestFractionOutsideLimits_IsRejected(double fraction)
    {
        var config = new ExperimentConfig { ClientTestFraction = fraction };

        ValidationError error = Assert.Single(ExperimentValidator.Validate(config));

        Assert.Equal(nameof(ExperimentConfig.ClientTestFraction), error.Field);
        Assert.Contains("is outside [0, 0.5]", error.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    public void Validate_ClientTestFractionAtBounds_IsValid(double fraction)
    {
        Assert.Empty(ExperimentValidator.Validate(new ExperimentConfig { ClientTestFraction = fraction }));
    }
}
