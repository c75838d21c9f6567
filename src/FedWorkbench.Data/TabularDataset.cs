using FedWorkbench.Simulation.Data;
using Microsoft.ML;

namespace FedWorkbench.Data;

/// <summary>
/// A CSV table featurized for the engine: the <see cref="Simulation.Data.Dataset"/>, the owner of every sample, the
/// names of the features, and the ML.NET transformer fitted on the training rows.
/// </summary>
public sealed class TabularDataset
{
    /// <summary>Name of the feature vector column that <see cref="Transformer"/> outputs.</summary>
    public const string FeaturesColumnName = "Features";

    /// <summary>Name of the label column that <see cref="Transformer"/> outputs: a key whose value k is label k − 1.</summary>
    public const string LabelColumnName = "Label";

    internal TabularDataset(
        Dataset dataset,
        IReadOnlyList<string> featureNames,
        IReadOnlyList<string> ownerNames,
        int[] trainOwners,
        int[] testOwners,
        int[] trainRows,
        int[] testRows,
        ITransformer transformer,
        IDataView trainInput,
        IDataView testInput,
        IReadOnlyList<FeatureRecipe> featureRecipes)
    {
        Dataset = dataset;
        FeatureNames = featureNames;
        OwnerNames = ownerNames;
        TrainOwners = trainOwners;
        TestOwners = testOwners;
        TrainRows = trainRows;
        TestRows = testRows;
        Transformer = transformer;
        TrainInput = trainInput;
        TestInput = testInput;
        FeatureRecipes = featureRecipes;
    }

    /// <summary>How each feature, in feature order, is made from a raw CSV row, for scoring rows outside FedWorkbench.</summary>
    public IReadOnlyList<FeatureRecipe> FeatureRecipes { get; }

    /// <summary>The engine's dataset: standardized and one-hot features, labels 0..C−1 and the class names.</summary>
    public Dataset Dataset { get; }

    /// <summary>
    /// Name of each feature, in feature order: a numeric column's name, or "column=category" for each one-hot
    /// feature of a categorical column.
    /// </summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Distinct owners in the order of their first row in the file; empty without an owner column.</summary>
    public IReadOnlyList<string> OwnerNames { get; }

    /// <summary>Whether the rows have owners, so that each owner can become one client.</summary>
    public bool HasOwners => OwnerNames.Count > 0;

    /// <summary>Owner index (into <see cref="OwnerNames"/>) of each training sample; empty without an owner column.</summary>
    public IReadOnlyList<int> TrainOwners { get; }

    /// <summary>Owner index of each test sample; empty without an owner column.</summary>
    public IReadOnlyList<int> TestOwners { get; }

    /// <summary>Table row (0-based, in file order) of each training sample.</summary>
    public IReadOnlyList<int> TrainRows { get; }

    /// <summary>Table row of each test sample.</summary>
    public IReadOnlyList<int> TestRows { get; }

    /// <summary>
    /// The ML.NET pipeline fitted on the training rows only: missing-value replacement, standardization, one-hot
    /// encoding and label mapping. Applied to <see cref="TrainInput"/> or <see cref="TestInput"/> it outputs
    /// <see cref="FeaturesColumnName"/> and <see cref="LabelColumnName"/>.
    /// </summary>
    public ITransformer Transformer { get; }

    /// <summary>The training rows as the transformer's input.</summary>
    public IDataView TrainInput { get; }

    /// <summary>The test rows as the transformer's input.</summary>
    public IDataView TestInput { get; }
}
