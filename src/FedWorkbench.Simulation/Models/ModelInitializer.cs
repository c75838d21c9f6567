using FedWorkbench.Simulation.Randomness;

namespace FedWorkbench.Simulation.Models;

/// <summary>Initial parameters drawn from the experiment seed.</summary>
public static class ModelInitializer
{
    /// <summary>
    /// Creates initial parameters with every weight and bias of layer l drawn from U(−1/√fan_in, 1/√fan_in),
    /// the distribution of PyTorch's <c>nn.Linear.reset_parameters</c> (Kaiming uniform with a = √5, which
    /// reduces to this bound). Values are drawn from <c>SeededRandom(seed, RandomStreams.Initialization)</c>,
    /// layer by layer: the weights with the input index outer and the output index inner, then the biases. This is
    /// the parameter-vector order of an input-major layer, so an output-major layer gets the same weights.
    /// </summary>
    public static float[] Create(ModelLayout layout, int seed)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var parameters = new float[layout.ParameterCount];
        var random = new SeededRandom(seed, RandomStreams.Initialization);
        for (int layer = 0; layer < layout.LayerCount; layer++)
        {
            double bound = 1.0 / Math.Sqrt(layout.FanIn(layer));
            for (int input = 0; input < layout.FanIn(layer); input++)
            {
                for (int output = 0; output < layout.FanOut(layer); output++)
                {
                    parameters[layout.WeightIndex(layer, input, output)] = (float)(((2.0 * random.NextDouble()) - 1.0) * bound);
                }
            }

            for (int output = 0; output < layout.FanOut(layer); output++)
            {
                parameters[layout.BiasOffset(layer) + output] = (float)(((2.0 * random.NextDouble()) - 1.0) * bound);
            }
        }

        return parameters;
    }
}
