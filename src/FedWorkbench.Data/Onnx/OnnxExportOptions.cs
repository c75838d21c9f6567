namespace FedWorkbench.Data.Onnx;

/// <summary>Optional content of an exported ONNX model beyond what the <see cref="Simulation.Models.TrainedModel"/> holds.</summary>
public sealed record OnnxExportOptions
{
    /// <summary>
    /// Name of each input feature, in feature order, stored as a JSON array under
    /// <see cref="OnnxModelWriter.FeatureNamesKey"/>; null stores no names. A CSV dataset has them in
    /// <see cref="TabularDataset.FeatureNames"/>. The count must equal the model's feature count.
    /// </summary>
    public IReadOnlyList<string>? FeatureNames { get; init; }

    /// <summary>
    /// Recipes that make each input feature from a raw CSV row, in feature order; a CSV dataset has them in
    /// <see cref="TabularDataset.FeatureRecipes"/>. With recipes, the graph takes one input per raw CSV column and
    /// prepares the features itself, and the recipes are also stored as a JSON array under
    /// <see cref="OnnxModelWriter.FeaturizationKey"/>. Null gives the single input of prepared features
    /// <see cref="OnnxModelWriter.FeaturesInputName"/>. The count must equal the model's feature count.
    /// </summary>
    public IReadOnlyList<FeatureRecipe>? FeatureRecipes { get; init; }
}
