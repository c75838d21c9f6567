using System.Globalization;
using System.Text.Json;
using FedWorkbench.Data.Onnx;
using FedWorkbench.Data.Tests.Onnx;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Models;
using Microsoft.ML.OnnxRuntime;

namespace FedWorkbench.Data.Tests;

public sealed class FeatureRecipeTests
{
    private static readonly string SamplePath = Path.Combine(RepositoryRoot(), "wwwroot", "samples", "hospital-discharges.csv");

    [Fact]
    public void Recipes_RebuildTestFeaturesFromRawRows()
    {
        // Arrange: the shipped sample, with missing numbers and categories.
        (TabularDataset dataset, CsvTable table) = LoadSample();

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

    [Fact]
    public void Export_ScoresRawRowsLikeEngine()
    {
        // Arrange: a model from the engine's initializer on the sample's shape, with the recipes in its metadata.
        (TabularDataset dataset, CsvTable table) = LoadSample();
        var layout = new ModelLayout([dataset.Dataset.FeatureCount, 8, dataset.Dataset.ClassCount]);
        var model = new TrainedModel(layout, ModelInitializer.Create(layout, seed: 3), dataset.Dataset.ClassNames);
        byte[] onnx = OnnxModelWriter.ToBytes(model, new OnnxExportOptions { FeatureNames = dataset.FeatureNames, FeatureRecipes = dataset.FeatureRecipes });

        // Act: ONNX Runtime scores features made from raw rows with the recipes that the file itself carries.
        using var session = new InferenceSession(onnx);
        var recipes = JsonSerializer.Deserialize<FeatureRecipe[]>(
            session.ModelMetadata.CustomMetadataMap[OnnxModelWriter.FeaturizationKey], new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        float[] rebuilt = Rebuild(recipes, table, dataset.TestRows);
        OnnxRuntimeScores scores = OnnxRuntimeScores.Score(onnx, new DataSplit(rebuilt, dataset.Dataset.Test.Labels.ToArray(), dataset.Dataset.FeatureCount));

        // Assert
        Assert.Equal(dataset.FeatureRecipes, recipes);
        Assert.Equal(ModelScorer.Predict(model, dataset.Dataset.Test), scores.Labels.Select(label => (int)label));
    }

    private static (TabularDataset Dataset, CsvTable Table) LoadSample()
    {
        byte[] bytes = File.ReadAllBytes(SamplePath);
        var source = new TableSource
        {
            Id = TableSourceLoader.ComputeId(bytes),
            FileName = "hospital-discharges.csv",
            LabelColumn = "discharge_outcome",
            OwnerColumn = "hospital",
        };
        TabularDataset dataset = TableSourceLoader.Load(bytes, source, seed: 42);
        CsvTable table = CsvTableReader.Read(new MemoryStream(bytes));
        return (dataset, table);
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

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FedWorkbench.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"FedWorkbench.sln was not found above {AppContext.BaseDirectory}.");
    }
}
