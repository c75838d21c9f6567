using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Models;

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
}
