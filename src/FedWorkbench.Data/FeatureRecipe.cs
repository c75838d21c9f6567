namespace FedWorkbench.Data;

/// <summary>
/// How one input of a trained model is made from a raw CSV row, so that the model can score rows outside
/// FedWorkbench: a standardized number, or the indicator of one category.
/// </summary>
/// <param name="Column">The CSV column the feature comes from.</param>
/// <param name="Kind"><see cref="NumericKind"/> or <see cref="CategoryKind"/>.</param>
/// <param name="Mean">
/// For a number: the training mean μ. The feature is (x − μ) · <paramref name="Scale"/>, and a missing value is 0.
/// </param>
/// <param name="Scale">For a number: 1 / σ of the training values, or 0 when they are all equal.</param>
/// <param name="Category">
/// For a category: the value whose indicator this is. The feature is 1 when the trimmed raw value equals it and 0
/// otherwise. A missing value (empty, NA, N/A, #N/A, NaN, null or ?) is the category "(missing)".
/// </param>
public sealed record FeatureRecipe(string Column, string Kind, double? Mean, double? Scale, string? Category)
{
    /// <summary>The <see cref="Kind"/> of a standardized number.</summary>
    public const string NumericKind = "numeric";

    /// <summary>The <see cref="Kind"/> of a category's indicator.</summary>
    public const string CategoryKind = "category";
}
