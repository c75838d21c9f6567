namespace FedWorkbench.Simulation.Models;

/// <summary>A copy of a run's global model: the network shape, the parameters and the class names.</summary>
public sealed class TrainedModel
{
    /// <summary>Creates a model; the parameter count and class count must match <paramref name="layout"/>.</summary>
    /// <param name="layout">Layer widths and where each layer's weights and biases sit in <paramref name="parameters"/>.</param>
    /// <param name="parameters">The flat parameter vector, which the model takes ownership of.</param>
    /// <param name="classNames">Class names indexed by label.</param>
    public TrainedModel(ModelLayout layout, float[] parameters, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(classNames);
        if (parameters.Length != layout.ParameterCount)
        {
            throw new ArgumentException($"Model {layout} has {layout.ParameterCount} parameters; got {parameters.Length}.", nameof(parameters));
        }

        if (classNames.Count != layout.ClassCount)
        {
            throw new ArgumentException($"Model {layout} scores {layout.ClassCount} classes; got {classNames.Count} class names.", nameof(classNames));
        }

        Layout = layout;
        Parameters = parameters;
        ClassNames = classNames;
    }

    /// <summary>Layer widths and the place of each layer's weights and biases in <see cref="Parameters"/>.</summary>
    public ModelLayout Layout { get; }

    /// <summary>The flat parameter vector. Callers must not change it.</summary>
    public float[] Parameters { get; }

    /// <summary>Class names indexed by label.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Number of input features the model expects.</summary>
    public int FeatureCount => Layout.InputWidth;

    /// <summary>Number of classes the model scores.</summary>
    public int ClassCount => Layout.ClassCount;
}
