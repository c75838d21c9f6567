using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Simulation.Tests.Configuration;

public sealed class ExperimentValidatorTests
{
    [Fact]
    public void Validate_DefaultsAreValid()
    {
        Assert.Empty(ExperimentValidator.Validate(new ExperimentConfig()));
    }

    [Theory]
    [InlineData(DatasetKind.FashionMnist, 60_000)]
    [InlineData(DatasetKind.Synthetic, 6_000)]
    public void Validate_MoreClientsThanSamples_NamesTheLimit(DatasetKind dataset, int trainCount)
    {
        // Arrange: one client more than the training set has samples, within ExperimentLimits.MaxClients.
        var config = new ExperimentConfig { Dataset = dataset, Clients = trainCount + 1 };
        if (config.Clients > ExperimentLimits.MaxClients)
        {
            return;
        }

        // Act
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(config);

        // Assert
        ValidationError error = Assert.Single(errors);
        Assert.Equal(nameof(ExperimentConfig.Clients), error.Field);
        Assert.Contains($"use at most {trainCount:N0} clients", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DirichletMinimumAboveSamples_RejectsMinClientSize()
    {
        // Arrange: 10,000 × 7 = 70,000 > 60,000 Fashion-MNIST training samples.
        var config = new ExperimentConfig { Partition = PartitionKind.Dirichlet, Clients = 10_000, MinClientSize = 7 };

        // Act
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(config);

        // Assert
        ValidationError error = Assert.Single(errors);
        Assert.Equal(nameof(ExperimentConfig.MinClientSize), error.Field);
        Assert.Contains("70,000 exceeds the 60,000 training samples", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DirichletMinimumExactlyFits_IsValid()
    {
        // 10,000 × 6 = 60,000, every sample of Fashion-MNIST's training set.
        var config = new ExperimentConfig { Partition = PartitionKind.Dirichlet, Clients = 10_000, MinClientSize = 6 };

        Assert.Empty(ExperimentValidator.Validate(config));
    }

    [Theory]
    [InlineData(-0.5)]
    [InlineData(10.5)]
    [InlineData(1e308)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Validate_SyntheticAlphaOutOfRange_IsRejected(double alpha)
    {
        var config = new ExperimentConfig { Dataset = DatasetKind.Synthetic, SyntheticAlpha = alpha };

        ValidationError error = Assert.Single(ExperimentValidator.Validate(config));

        Assert.Equal(nameof(ExperimentConfig.SyntheticAlpha), error.Field);
        Assert.Contains("outside [0, 10]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(10.0)]
    public void Validate_SyntheticBetaAtBounds_IsValid(double beta)
    {
        var config = new ExperimentConfig { Dataset = DatasetKind.Synthetic, SyntheticBeta = beta };

        Assert.Empty(ExperimentValidator.Validate(config));
    }

    [Fact]
    public void Validate_EveryError_IsReported()
    {
        var config = new ExperimentConfig { Clients = 0, ClientFraction = 0, Rounds = 0, LearningRate = -1 };

        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(config);

        Assert.Equal(
            [nameof(ExperimentConfig.ClientFraction), nameof(ExperimentConfig.Clients), nameof(ExperimentConfig.LearningRate), nameof(ExperimentConfig.Rounds)],
            errors.Select(error => error.Field).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("line1\ninfo: forged log entry", 6)]
    [InlineData("tab\there", 4)]
    [InlineData("nul\0", 4)]
    [InlineData("\u202Eevil", 1)]
    [InlineData("left\u2066isolate", 5)]
    public void Validate_NameWithHiddenCharacter_NamesPosition(string name, int position)
    {
        var config = new ExperimentConfig { Name = name };

        ValidationError error = Assert.Single(ExperimentValidator.Validate(config));

        Assert.Equal(nameof(ExperimentConfig.Name), error.Field);
        Assert.Contains($"U+{(int)name[position - 1]:X4} at position {position}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Dirichlet α = 0.1, 100 clients")]
    [InlineData("病院 federation 🏥")]
    public void Validate_VisibleUnicodeName_IsValid(string name)
    {
        Assert.Empty(ExperimentValidator.Validate(new ExperimentConfig { Name = name }));
    }
}
