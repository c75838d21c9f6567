using FedWorkbench.Simulation.Randomness;

namespace FedWorkbench.Simulation.Models;

/// <summary>Initial parameters drawn from the experiment seed.</summary>
public static class ModelInitializer
{
    /// <summary>
    /// Creates initial parameters with every weight and bias of layer l drawn from U(−1/√fan_in, 1/√fan_in),
    /// the distribution of PyTorch's <c>nn.Linear.reset_parameters</c> (Kaiming uniform with a = √5, which
    /// reduces to this bound). Values are drawn in parameter-vector order from
    /// <c>SeededRandom(seed, RandomStreams.Initialization)</c>.
    /// </summary>
    public static float[] Create(ModelLayout layout, int seed)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var parameters = new float[layout.ParameterCount];
        var random = new SeededRandom(seed, RandomStreams.Initialization);
        for (int layer = 0; layer < layout.LayerCount; layer++)
        {
            double bound = 1.0 / Math.Sqrt(layout.FanIn(layer));
            int start = layout.WeightOffset(layer);
            int end = layout.BiasOffset(layer) + layout.FanOut(layer);
            for (int i = start; i < end; i++)
            {
                parameters[i] = (float)(((2.0 * random.NextDouble()) - 1.0) * bound);
            }
        }

        return parameters;
    }
}
