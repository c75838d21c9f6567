using System.Globalization;
using System.Text;
using FedWorkbench.Data.Onnx;
using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Models;
using FedWorkbench.Simulation.Training;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;

namespace FedWorkbench.Data.Tests.Onnx;

/// <summary>
/// Table models exported with their feature recipes, scored by ONNX Runtime 1.32 from the raw text of CSV rows and
/// compared with the engine's scores of the same rows as <see cref="TabularFeaturizer"/> featurized them.
/// </summary>
public sealed class RawRowExportTests
{
    private const int HandMadeRowCount = 120;
    private const double HandMadeTestFraction = 0.25;
    private const int HandMadeSeed = 42;

    private static readonly string[] TrainColors = ["red", "green", "blue", string.Empty];

    // Values that only test rows of the hand-made table take: spellings of a missing value that training rows do not
    // use, a category not seen in training, a category in another case, the literal "(missing)" and padded values.
    private static readonly string[] TestDoses = ["", "NaN", "nan", "Null", "N/A", "#n/a", "?", " 12.5 ", "1e1", "-3"];
    private static readonly string[] TestColors = ["purple", "Red", "(missing)", "na", "N/a", "#N/A", "NULL", "nan", "?", "", "  green ", "blue"];
    private static readonly string[] TestVisits = ["yes", "no", "NA", ""];

    [Fact]
    public async Task RawRows_HospitalSampleMatchEngine()
    {
        // Arrange: three epochs of a 16-unit network trained centrally on the shipped sample, whose test rows have
        // missing numbers (hba1c, systolic_bp) and missing categories (smoker).
        (TabularDataset dataset, CsvTable _) = HospitalSample.Load();
        TrainedModel model = await TrainAsync(dataset.Dataset);
        string csv = await File.ReadAllTextAsync(HospitalSample.FilePath);
        Dictionary<string, string[]> rawColumns = RawColumns(csv, dataset.TestRows);
        Assert.Contains(string.Empty, rawColumns["smoker"]);
        Assert.Contains(string.Empty, rawColumns["hba1c"]);

        // Act
        byte[] onnx = OnnxModelWriter.ToBytes(model, new OnnxExportOptions { FeatureNames = dataset.FeatureNames, FeatureRecipes = dataset.FeatureRecipes });
        OnnxRuntimeScores scores = OnnxRuntimeScores.ScoreRawRows(onnx, rawColumns);

        // Assert: in this run on an x64 CPU with AVX-512, logits differed by at most 4.8e-7 and probabilities by
        // 1.2e-7, far inside the tolerances. Besides the summation order, the float32 rounding of each recipe's mean
        // and scale adds to the difference.
        EngineAgreement.AssertMatches(model, dataset.Dataset.Test, scores);
    }

    [Fact]
    public void RawRows_MissingAndUnseenValuesMatchEngine()
    {
        // Arrange: random weights give every feature a nonzero weight, so one wrong indicator or standardized number
        // changes the logits.
        (TabularDataset dataset, string csv) = HandMadeTable();
        var layout = new ModelLayout([dataset.Dataset.FeatureCount, 8, dataset.Dataset.ClassCount]);
        var model = new TrainedModel(layout, ModelInitializer.Create(layout, seed: 3), dataset.Dataset.ClassNames);
        Dictionary<string, string[]> rawColumns = RawColumns(csv, dataset.TestRows);

        // Act
        byte[] onnx = OnnxModelWriter.ToBytes(model, new OnnxExportOptions { FeatureRecipes = dataset.FeatureRecipes });
        OnnxRuntimeScores scores = OnnxRuntimeScores.ScoreRawRows(onnx, rawColumns);

        // Assert: every special value reached a test row, and each row scores as the engine scores its features.
        Assert.Equal(30, dataset.TestRows.Count);
        Assert.Equal(TestColors.Select(color => color.Trim()).Order(StringComparer.Ordinal), rawColumns["color"].Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(TestDoses.Select(dose => dose.Trim()).Order(StringComparer.Ordinal), rawColumns["dose"].Distinct().Order(StringComparer.Ordinal));
        EngineAgreement.AssertMatches(model, dataset.Dataset.Test, scores);
    }

    [Fact]
    public void Export_TableModelDescribesRawInputs()
    {
        // Arrange: "2nd visit" is no C identifier, and "label" is the name of an output.
        (TabularDataset dataset, string _) = HandMadeTable();
        var layout = new ModelLayout([dataset.Dataset.FeatureCount, dataset.Dataset.ClassCount]);
        var model = new TrainedModel(layout, ModelInitializer.Create(layout, seed: 1), dataset.Dataset.ClassNames);

        // Act
        byte[] onnx = OnnxModelWriter.ToBytes(model, new OnnxExportOptions { FeatureNames = dataset.FeatureNames, FeatureRecipes = dataset.FeatureRecipes });
        using var session = new InferenceSession(onnx);
        ModelProto parsed = ModelProto.Parser.ParseFrom(onnx);

        // Assert: one [N, 1] input per feature column, in feature order.
        Assert.Equal(["dose", "color", "_2nd_visit", "label_2"], session.InputNames);
        TensorElementType[] types = [TensorElementType.Float, TensorElementType.String, TensorElementType.String, TensorElementType.Float];
        Assert.Equal(types, session.InputNames.Select(name => session.InputMetadata[name].ElementDataType));
        Assert.All(session.InputNames, name => Assert.Equal([-1, 1], session.InputMetadata[name].Dimensions));
        Assert.Equal(
            """{"dose":"dose","color":"color","_2nd_visit":"2nd visit","label_2":"label"}""",
            session.ModelMetadata.CustomMetadataMap[OnnxModelWriter.InputColumnsKey]);

        // Assert: the recipes stay in the metadata, and LabelEncoder's domain is imported.
        Assert.True(session.ModelMetadata.CustomMetadataMap.ContainsKey(OnnxModelWriter.FeaturizationKey));
        Assert.True(session.ModelMetadata.CustomMetadataMap.ContainsKey(OnnxModelWriter.FeatureNamesKey));
        Assert.Equal(
            [(string.Empty, (long)OnnxModelWriter.OpsetVersion), ("ai.onnx.ml", 2L)],
            parsed.OpsetImport.Select(opset => (opset.Domain, opset.Version)));
    }

    [Fact]
    public void MissingTexts_EverySpellingOfMarkers()
    {
        // Arrange: the empty text, and the ASCII spellings NA ×4, N/A ×4, #N/A ×4, NaN ×8, null ×16 and ? ×1.
        IReadOnlyList<string> texts = RawRowPreparation.MissingTexts;

        // Assert: each is missing, and none repeats.
        Assert.Equal(38, texts.Count);
        Assert.Equal(texts.Count, texts.Distinct(StringComparer.Ordinal).Count());
        Assert.All(texts, text => Assert.True(CsvValues.IsMissing(text), $"'{text}' is not missing."));

        // Assert: no other UTF-16 code unit in place of a marker's character makes a missing value, so the list contains
        // every spelling that CsvValues.IsMissing accepts.
        var listed = new HashSet<string>(texts, StringComparer.Ordinal);
        foreach (string marker in CsvValues.MissingMarkers)
        {
            char[] spelling = marker.ToCharArray();
            for (int position = 0; position < spelling.Length; position++)
            {
                for (int unit = 0; unit <= char.MaxValue; unit++)
                {
                    spelling[position] = (char)unit;
                    var text = new string(spelling);
                    Assert.True(!CsvValues.IsMissing(text) || listed.Contains(text), $"'{text}' is missing but not listed.");
                }

                spelling[position] = marker[position];
            }
        }
    }

    [Theory]
    [InlineData("columns apart", "Feature recipe 2 is of column 'color', which an earlier feature already uses.")]
    [InlineData("numeric twice", "Feature recipe 1 is of column 'age', which an earlier feature already uses.")]
    [InlineData("repeated category", "Feature recipe 1 repeats category 'red' of column 'color'.")]
    [InlineData("no mean", "Feature recipe 0 of numeric column 'age' has mean null and scale 1, but both must be finite float32 numbers.")]
    [InlineData("huge scale", "Feature recipe 0 of numeric column 'age' has mean 0 and scale 1E+300, but both must be finite float32 numbers.")]
    [InlineData("no category", "Feature recipe 0 of column 'color' has no category.")]
    [InlineData("unknown kind", "Feature recipe 0 has kind 'date', but the kind must be 'numeric' or 'category'.")]
    public void Export_InvalidRecipeRejected(string problem, string message)
    {
        // Arrange
        FeatureRecipe[] recipes = problem switch
        {
            "columns apart" => [Category("color", "red"), Number("age"), Category("color", "blue")],
            "numeric twice" => [Number("age"), Number("age"), Category("color", "red")],
            "repeated category" => [Category("color", "red"), Category("color", "red"), Number("age")],
            "no mean" => [Number("age") with { Mean = null }, Category("color", "red"), Category("color", "blue")],
            "huge scale" => [Number("age") with { Scale = 1e300 }, Category("color", "red"), Category("color", "blue")],
            "no category" => [Category("color", null), Number("age"), Number("weight")],
            _ => [Number("age") with { Kind = "date" }, Category("color", "red"), Category("color", "blue")],
        };
        var layout = new ModelLayout([3, 2]);
        var model = new TrainedModel(layout, ModelInitializer.Create(layout, seed: 1), ["a", "b"]);

        // Act
        ArgumentException error = Assert.Throws<ArgumentException>(() => OnnxModelWriter.ToBytes(model, new OnnxExportOptions { FeatureRecipes = recipes }));

        // Assert
        Assert.Equal("options", error.ParamName);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Trains <paramref name="dataset"/> centrally, as one client, for three epochs and returns the final model.</summary>
    private static async Task<TrainedModel> TrainAsync(Dataset dataset)
    {
        var config = new ExperimentConfig
        {
            Dataset = DatasetKind.Table,
            Model = ModelKind.Mlp,
            HiddenLayers = [16],
            Clients = 1,
            ClientFraction = 1,
            ClientTestFraction = 0,
            Rounds = 3,
            Seed = 5,
        };
        var simulation = new FederatedSimulation(dataset, new SimulationOptions { MaxDegreeOfParallelism = 2 });
        TrainedModel? trained = null;
        await foreach (RoundResult _ in simulation.RunAsync(config, partitioned: null, (model, _) => { trained = model; return Task.CompletedTask; }))
        {
        }

        Assert.NotNull(trained);
        return trained;
    }

    /// <summary>
    /// Returns a table of 120 rows with a numeric column "dose", categorical columns "color" and "2nd visit", a numeric
    /// column "label" and the class "outcome". Its 30 test rows take the special values, and its training rows
    /// miss only some doses (empty or NA) and some colors (empty), and no visit.
    /// </summary>
    private static (TabularDataset Dataset, string Csv) HandMadeTable()
    {
        // The split depends only on the row count, the fraction and the seed, so it is known before the values are.
        TrainTestSplit split = TrainTestSplit.Create(null, HandMadeRowCount, HandMadeTestFraction, HandMadeSeed);
        var testRows = new HashSet<int>(split.TestRows);
        var csv = new StringBuilder("dose,color,2nd visit,label,outcome\n");
        int test = 0;
        for (int row = 0; row < HandMadeRowCount; row++)
        {
            string dose = Invariant((row * 0.7) % 20);
            if (row % 9 == 0)
            {
                dose = string.Empty;
            }
            else if (row % 13 == 0)
            {
                dose = "NA";
            }

            string color = TrainColors[row % TrainColors.Length];
            string visit = row % 2 == 0 ? "yes" : "no";
            if (testRows.Contains(row))
            {
                dose = TestDoses[test % TestDoses.Length];
                color = TestColors[test % TestColors.Length];
                visit = TestVisits[test % TestVisits.Length];
                test++;
            }

            csv.Append(CultureInfo.InvariantCulture, $"{dose},{color},{visit},{Invariant(((row * 37) % 11) - 5.5)},{"abc"[row % 3]}\n");
        }

        string text = csv.ToString();
        TabularDataset dataset = TabularFeaturizer.Featurize(
            CsvTestFiles.Read(text),
            new FeaturizationOptions { LabelColumn = "outcome", TestFraction = HandMadeTestFraction, Seed = HandMadeSeed });
        Assert.Equal(split.TestRows, dataset.TestRows);
        return (dataset, text);
    }

    /// <summary>
    /// Splits a CSV text without quoted fields at commas, as a caller's own reader would, and returns each column's
    /// trimmed values in <paramref name="rows"/>, by column name.
    /// </summary>
    private static Dictionary<string, string[]> RawColumns(string csv, IReadOnlyList<int> rows)
    {
        Assert.DoesNotContain('"', csv);
        string[][] lines = [.. csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.TrimEnd('\r').Split(','))];
        string[] header = lines[0];
        return Enumerable.Range(0, header.Length).ToDictionary(
            column => header[column],
            column => rows.Select(row => lines[row + 1][column].Trim()).ToArray());
    }

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static FeatureRecipe Number(string column) => new(column, FeatureRecipe.NumericKind, 0, 1, null);

    private static FeatureRecipe Category(string column, string? category) => new(column, FeatureRecipe.CategoryKind, null, null, category);
}
