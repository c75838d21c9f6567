using System.Globalization;

namespace FedWorkbench.Data.Tests;

public sealed class FeatureRecipeTests
{
    [Fact]
    public void Recipes_RebuildTestFeaturesFromRawRows()
    {
        // Arrange: the shipped sample, with missing numbers and categories.
        (TabularDataset dataset, CsvTable table) = HospitalSample.Load();

        // Act: every test row, featurized from its raw text with the recipes alone.
        float[] rebuilt = Rebuild(dataset.FeatureRecipes, table, dataset.TestRows);

        // Assert: the recipes give the fitted transform's features. The mean and scale are read back from float32
        // features, so they agree to about 1e-6 of a feature's range; 1e-4 leaves room for that.
        ReadOnlySpan<float> expected = dataset.Dataset.Test.Features;
        Assert.Equal(expected.Length, rebuilt.Length);
        for (int i = 0; i < rebuilt.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - rebuilt[i]) <= 1e-4, $"Feature {i % dataset.Dataset.FeatureCount} ({dataset.FeatureNames[i % dataset.Dataset.FeatureCount]}) of test sample {i / dataset.Dataset.FeatureCount}: {rebuilt[i]} instead of {expected[i]}.");
        }
    }

    // Applies the documented rules. A number is (x − mean)·scale, and 0 when missing. A category's indicator is 1 when
    // the trimmed value, with missing values read as "(missing)", equals the category.
    private static float[] Rebuild(IReadOnlyList<FeatureRecipe> recipes, CsvTable table, IReadOnlyList<int> rows)
    {
        var features = new float[rows.Count * recipes.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            for (int j = 0; j < recipes.Count; j++)
            {
                FeatureRecipe recipe = recipes[j];
                string raw = table.Value(rows[i], table.IndexOf(recipe.Column)).ToString();
                bool missing = CsvValues.IsMissing(raw);
                features[(i * recipes.Count) + j] = recipe.Kind == FeatureRecipe.NumericKind
                    ? missing ? 0 : (float)((double.Parse(raw, CultureInfo.InvariantCulture) - recipe.Mean!.Value) * recipe.Scale!.Value)
                    : (missing ? TabularFeaturizer.MissingCategory : raw) == recipe.Category ? 1 : 0;
            }
        }

        return features;
    }
}
