using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Simulation.Models;

/// <summary>
/// Shape of a fully connected network (softmax regression or a multilayer perceptron) and the layout of its
/// parameters in one flat float32 vector.
/// </summary>
/// <remarks>
/// Dense layer l (0-based) maps <c>FanIn(l)</c> inputs to <c>FanOut(l)</c> outputs. Its parameters follow
/// those of layer l − 1: first the weights, then the fan-out biases. A layer with at least
/// <see cref="OutputMajorBelowFanOut"/> outputs stores its weights input-major, fan-in rows of fan-out values,
/// so weight (k, j) from input k to output j is at <c>WeightOffset(l) + k·FanOut(l) + j</c>. This is PyTorch's
/// <c>nn.Linear.weight</c> transposed, which lets the kernels stream whole weight rows. A layer with fewer
/// outputs, such as the 10-class output layer, stores them output-major, fan-out rows of fan-in values, at
/// <c>WeightOffset(l) + j·FanIn(l) + k</c>, as PyTorch does, so that its kernels fill whole vectors along the
/// inputs. <see cref="WeightIndex"/> gives the index in either case. Hidden layers apply ReLU; the last layer's
/// outputs are logits fed to softmax.
/// </remarks>
public sealed class ModelLayout
{
    /// <summary>Layers with fewer outputs than this store their weights output-major.</summary>
    public const int OutputMajorBelowFanOut = 16;

    private readonly int[] _widths;
    private readonly int[] _weightOffsets;

    /// <summary>Creates the layout of a network with the given layer widths: input, hidden layers, output.</summary>
    /// <param name="widths">At least two widths, each positive: the input width first, the class count last.</param>
    public ModelLayout(IReadOnlyList<int> widths)
    {
        ArgumentNullException.ThrowIfNull(widths);
        if (widths.Count < 2)
        {
            throw new ArgumentException($"A network needs an input and an output width; got {widths.Count} width(s).", nameof(widths));
        }

        _widths = [.. widths];
        _weightOffsets = new int[_widths.Length - 1];
        long offset = 0;
        for (int layer = 0; layer < _weightOffsets.Length; layer++)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_widths[layer], nameof(widths));
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_widths[layer + 1], nameof(widths));
            _weightOffsets[layer] = checked((int)offset);
            offset += ((long)_widths[layer] + 1) * _widths[layer + 1];
        }

        if (offset > Array.MaxLength)
        {
            throw new ArgumentException($"The network has {offset:N0} parameters; at most {Array.MaxLength:N0} fit in one array.", nameof(widths));
        }

        ParameterCount = (int)offset;
        MaxWidth = _widths.Max();
    }

    /// <summary>Layer widths: the input width, each hidden width, then the number of classes.</summary>
    public IReadOnlyList<int> Widths => _widths;

    /// <summary>Number of dense layers (1 for softmax regression).</summary>
    public int LayerCount => _weightOffsets.Length;

    /// <summary>Number of input features.</summary>
    public int InputWidth => _widths[0];

    /// <summary>Number of classes, which is the width of the last layer.</summary>
    public int ClassCount => _widths[^1];

    /// <summary>Largest width of any layer, input included.</summary>
    public int MaxWidth { get; }

    /// <summary>Length of the flat parameter vector.</summary>
    public int ParameterCount { get; }

    /// <summary>Inputs of dense layer <paramref name="layer"/>.</summary>
    public int FanIn(int layer) => _widths[layer];

    /// <summary>Outputs of dense layer <paramref name="layer"/>.</summary>
    public int FanOut(int layer) => _widths[layer + 1];

    /// <summary>Index of weight (0, 0) of dense layer <paramref name="layer"/> in the parameter vector.</summary>
    public int WeightOffset(int layer) => _weightOffsets[layer];

    /// <summary>Returns whether dense layer <paramref name="layer"/> stores its weights output-major (see the remarks).</summary>
    public bool IsOutputMajor(int layer) => FanOut(layer) < OutputMajorBelowFanOut;

    /// <summary>
    /// Returns the index in the parameter vector of the weight from input <paramref name="input"/> to output
    /// <paramref name="output"/> of dense layer <paramref name="layer"/>.
    /// </summary>
    public int WeightIndex(int layer, int input, int output) => IsOutputMajor(layer)
        ? _weightOffsets[layer] + (output * FanIn(layer)) + input
        : _weightOffsets[layer] + (input * FanOut(layer)) + output;

    /// <summary>Index of the first bias of dense layer <paramref name="layer"/> in the parameter vector.</summary>
    public int BiasOffset(int layer) => _weightOffsets[layer] + (_widths[layer] * _widths[layer + 1]);

    /// <summary>Creates the layout of the experiment's model for a dataset with the given feature and class counts.</summary>
    public static ModelLayout ForExperiment(ExperimentConfig config, int featureCount, int classCount)
    {
        ArgumentNullException.ThrowIfNull(config);
        var widths = new List<int> { featureCount };
        if (config.Model == ModelKind.Mlp)
        {
            widths.AddRange(config.HiddenLayers);
        }

        widths.Add(classCount);
        return new ModelLayout(widths);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Join('-', _widths);
}
