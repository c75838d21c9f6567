using FedWorkbench.Simulation.Data;

namespace FedWorkbench.Simulation.Tests.Data;

public sealed class SyntheticDatasetTests
{
    [Fact]
    public void Generate_Default_HasExpectedShape()
    {
        // Act
        Dataset dataset = SyntheticDataset.Generate(1, 1, seed: 42);

        // Assert
        Assert.Equal(60, dataset.FeatureCount);
        Assert.Equal(10, dataset.ClassCount);
        Assert.Equal(6_000, dataset.Train.Count);
        Assert.Equal(1_000, dataset.Test.Count);
        Assert.Equal(6_000 * 60, dataset.Train.Features.Length);
        Assert.Equal(1_000 * 60, dataset.Test.Features.Length);
        Assert.All(dataset.Train.Labels.ToArray(), label => Assert.InRange(label, 0, 9));
        Assert.All(dataset.Train.Features.ToArray(), value => Assert.True(float.IsFinite(value)));
    }

    [Fact]
    public void Generate_SameSettings_SameData()
    {
        // Act
        Dataset first = SyntheticDataset.Generate(0.5, 0.5, seed: 7);
        Dataset second = SyntheticDataset.Generate(0.5, 0.5, seed: 7);

        // Assert
        Assert.Equal(first.Train.Features.ToArray(), second.Train.Features.ToArray());
        Assert.Equal(first.Train.Labels.ToArray(), second.Train.Labels.ToArray());
        Assert.Equal(first.Test.Features.ToArray(), second.Test.Features.ToArray());
        Assert.Equal(first.Test.Labels.ToArray(), second.Test.Labels.ToArray());
    }

    [Theory]
    [InlineData(0.5, 8)]
    [InlineData(1.0, 7)]
    public void Generate_OtherBetaOrSeed_OtherFeatures(double beta, int seed)
    {
        // Act
        Dataset baseline = SyntheticDataset.Generate(0.5, 0.5, seed: 7);
        Dataset other = SyntheticDataset.Generate(0.5, beta, seed);

        // Assert
        Assert.NotEqual(baseline.Train.Features.ToArray(), other.Train.Features.ToArray());
    }

    [Fact]
    public void Generate_OtherAlpha_SameData()
    {
        // Act
        Dataset baseline = SyntheticDataset.Generate(0.5, 0.5, seed: 7);
        Dataset other = SyntheticDataset.Generate(3.0, 0.5, seed: 7);

        // Assert: the scalar u_k adds u_k·(Σ_j x_j + 1) to every class logit alike, so the argmax and hence the
        // labels do not depend on α, and the inputs never did.
        Assert.Equal(baseline.Train.Features.ToArray(), other.Train.Features.ToArray());
        Assert.Equal(baseline.Train.Labels.ToArray(), other.Train.Labels.ToArray());
        Assert.Equal(baseline.Test.Labels.ToArray(), other.Test.Labels.ToArray());
    }

    [Fact]
    public void Generate_TrainFeatures_AreStandardized()
    {
        // Act: β = 5 makes raw feature means spread over about ±10.
        Dataset dataset = SyntheticDataset.Generate(1, 5, seed: 3);

        // Assert: every training feature has mean 0 and standard deviation 1, up to float rounding.
        int count = dataset.Train.Count;
        for (int j = 0; j < dataset.FeatureCount; j++)
        {
            double sum = 0, sumOfSquares = 0;
            for (int i = 0; i < count; i++)
            {
                double value = dataset.Train.Row(i)[j];
                sum += value;
                sumOfSquares += value * value;
            }

            double mean = sum / count;
            double variance = sumOfSquares / count - mean * mean;
            Assert.Equal(0, mean, 1e-4);
            Assert.Equal(1, Math.Sqrt(variance), 1e-4);
        }
    }

    [Fact]
    public void Generate_ZeroHeterogeneity_StillGivesSeveralClasses()
    {
        // Act: with α = β = 0 the devices still draw their own W_k, b_k and v_k around zero.
        Dataset dataset = SyntheticDataset.Generate(0, 0, seed: 1);

        // Assert
        int distinctLabels = dataset.Train.Labels.ToArray().Distinct().Count();
        Assert.True(distinctLabels >= 5, $"Only {distinctLabels} distinct labels.");
    }

    [Theory]
    [InlineData(-1.0, 1.0, "Synthetic α -1")]
    [InlineData(1.0, double.NaN, "Synthetic β NaN")]
    [InlineData(double.PositiveInfinity, 1.0, "Synthetic α Infinity")]
    public void Generate_InvalidSetting_Throws(double alpha, double beta, string expected)
    {
        // Act
        var error = Assert.Throws<ExperimentException>(() => SyntheticDataset.Generate(alpha, beta, seed: 1));

        // Assert
        Assert.Contains(expected, error.Message);
        Assert.Contains("must be a finite number of at least 0", error.Message);
    }
}
