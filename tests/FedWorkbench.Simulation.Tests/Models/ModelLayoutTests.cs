using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Models;
using FedWorkbench.Simulation.Randomness;

namespace FedWorkbench.Simulation.Tests.Models;

public sealed class ModelLayoutTests
{
    [Fact]
    public void ForExperiment_DefaultIs2nn()
    {
        // Arrange
        var config = new ExperimentConfig();

        // Act
        ModelLayout layout = ModelLayout.ForExperiment(config, 784, 10);

        // Assert: (784 + 1)·200 + (200 + 1)·200 + (200 + 1)·10 parameters, as in PyTorch's 2NN.
        Assert.Equal([784, 200, 200, 10], layout.Widths);
        Assert.Equal(199_210, layout.ParameterCount);
        Assert.Equal(0, layout.WeightOffset(0));
        Assert.Equal(784 * 200, layout.BiasOffset(0));
        Assert.Equal((784 * 200) + 200, layout.WeightOffset(1));
        Assert.Equal(layout.ParameterCount - 10, layout.BiasOffset(2));
    }

    [Fact]
    public void ForExperiment_SoftmaxHasOneLayer()
    {
        // Arrange
        var config = new ExperimentConfig { Model = ModelKind.Softmax };

        // Act
        ModelLayout layout = ModelLayout.ForExperiment(config, 784, 10);

        // Assert
        Assert.Equal(1, layout.LayerCount);
        Assert.Equal(7_850, layout.ParameterCount);
    }

    [Fact]
    public void Create_DrawsWithinFanInBound()
    {
        // Arrange
        var layout = new ModelLayout([784, 200, 10]);

        // Act
        float[] parameters = ModelInitializer.Create(layout, seed: 5);

        // Assert: every value of layer l lies in [−1/√fan_in, 1/√fan_in] and the bound is nearly reached.
        for (int layer = 0; layer < layout.LayerCount; layer++)
        {
            double bound = 1 / Math.Sqrt(layout.FanIn(layer));
            int start = layout.WeightOffset(layer);
            int end = layout.BiasOffset(layer) + layout.FanOut(layer);
            float[] values = parameters[start..end];
            Assert.All(values, v => Assert.InRange(v, -bound, bound));
            Assert.True(values.Max() > 0.99 * bound, $"Layer {layer}: max {values.Max()} is far below the bound {bound}.");
            Assert.True(values.Min() < -0.99 * bound, $"Layer {layer}: min {values.Min()} is far above −{bound}.");
        }
    }

    [Fact]
    public void Create_SameSeedSameParameters()
    {
        // Arrange
        var layout = new ModelLayout([20, 8, 3]);

        // Act
        float[] first = ModelInitializer.Create(layout, seed: 9);
        float[] second = ModelInitializer.Create(layout, seed: 9);
        float[] other = ModelInitializer.Create(layout, seed: 10);

        // Assert
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void WeightIndex_FewOutputsAreOutputMajor()
    {
        // Arrange
        var layout = new ModelLayout([784, 200, 200, 10]);

        // Act and assert: 200 outputs are stored input-major (k·fanOut + j), 10 outputs output-major (j·fanIn + k).
        Assert.False(layout.IsOutputMajor(0));
        Assert.False(layout.IsOutputMajor(1));
        Assert.True(layout.IsOutputMajor(2));
        Assert.Equal(layout.WeightOffset(1) + (3 * 200) + 4, layout.WeightIndex(1, 3, 4));
        Assert.Equal(layout.WeightOffset(2) + (4 * 200) + 3, layout.WeightIndex(2, 3, 4));
        Assert.Equal(layout.BiasOffset(2) - 1, layout.WeightIndex(2, 199, 9));
    }

    [Fact]
    public void Create_OutputMajorLayerGetsInputMajorDraws()
    {
        // Arrange: a 6-output layer is output-major, so the draws, taken input by input, land transposed.
        var layout = new ModelLayout([4, 6]);
        var random = new SeededRandom(3, RandomStreams.Initialization);
        double bound = 1 / Math.Sqrt(4);

        // Act
        float[] parameters = ModelInitializer.Create(layout, seed: 3);

        // Assert
        Assert.True(layout.IsOutputMajor(0));
        for (int k = 0; k < 4; k++)
        {
            for (int j = 0; j < 6; j++)
            {
                float expected = (float)(((2.0 * random.NextDouble()) - 1.0) * bound);
                Assert.Equal(expected, parameters[(j * 4) + k]);
            }
        }

        for (int j = 0; j < 6; j++)
        {
            Assert.Equal((float)(((2.0 * random.NextDouble()) - 1.0) * bound), parameters[24 + j]);
        }
    }
}
