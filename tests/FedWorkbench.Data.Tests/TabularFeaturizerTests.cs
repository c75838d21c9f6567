using System.Globalization;
using FedWorkbench.Simulation.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FedWorkbench.Data.Tests;

/// <summary>The featurized dataset against values computed by hand from the formulas, on small tables.</summary>
public sealed class TabularFeaturizerTests
{
    private const float Tolerance = 1e-5f;

    /// <summary>Ten rows: a numeric column with one missing value, a categorical one with one missing value, two classes.</summary>
    private static readonly string SmallTable = CsvTestFiles.Lines(
        "x,color,label",
        "1,red,a",
        "2,green,b",
        "3,,a",
        "4,blue,b",
        "5,red,a",
        ",green,b",
        "7,red,a",
        "8,blue,b",
        "9,green,a",
        "10,red,b");

    private static TabularDataset Featurize(string text, FeaturizationOptions options)
        => TabularFeaturizer.Featurize(CsvTestFiles.Read(text), options);

    [Fact]
    public void Featurize_NumericColumn_UsesTrainingMeanAndVariance()
    {
        // Arrange
        CsvTable table = CsvTestFiles.Read(SmallTable);

        // Act
        TabularDataset result = TabularFeaturizer.Featurize(table, new FeaturizationOptions { LabelColumn = "label", Seed = 3 });

        // Assert: a missing x becomes the training mean μ; z = (x − μ) / σ with the population σ of the training
        // rows after that replacement. Test rows use the same μ and σ.
        double?[] x = Enumerable.Range(0, table.RowCount)
            .Select(row => table.Value(row, 0).IsEmpty ? (double?)null : double.Parse(table.Value(row, 0), CultureInfo.InvariantCulture))
            .ToArray();
        double mean = result.TrainRows.Where(row => x[row] is not null).Average(row => x[row]!.Value);
        double variance = result.TrainRows.Average(row => Math.Pow((x[row] ?? mean) - mean, 2));
        double sigma = Math.Sqrt(variance);
        AssertFeature(result.Dataset.Train, result.TrainRows, 0, row => ((x[row] ?? mean) - mean) / sigma);
        AssertFeature(result.Dataset.Test, result.TestRows, 0, row => ((x[row] ?? mean) - mean) / sigma);
        Assert.Equal(8, result.TrainRows.Count);
        Assert.Equal(2, result.TestRows.Count);
    }

    [Fact]
    public void Featurize_StatisticsFromTrainingRowsOnly()
    {
        // Arrange: the same training rows, with one test row's x changed to a huge value.
        CsvTable table = CsvTestFiles.Read(SmallTable);
        var options = new FeaturizationOptions { LabelColumn = "label", FeatureColumns = ["x"], Seed = 3 };
        TabularDataset original = TabularFeaturizer.Featurize(table, options);
        int testRow = original.TestRows[0];
        string[] lines = SmallTable.TrimEnd('\n').Split('\n');
        string[] fields = lines[testRow + 1].Split(',');
        fields[0] = "100000";
        lines[testRow + 1] = string.Join(',', fields);

        // Act
        TabularDataset changed = Featurize(CsvTestFiles.Lines(lines), options);

        // Assert
        Assert.Equal(original.TrainRows, changed.TrainRows);
        Assert.Equal(original.Dataset.Train.Features.ToArray(), changed.Dataset.Train.Features.ToArray());
        Assert.NotEqual(original.Dataset.Test.Features.ToArray(), changed.Dataset.Test.Features.ToArray());
    }

    [Fact]
    public void Featurize_ConstantTrainingColumn_BecomesZero()
    {
        // Arrange
        string text = CsvTestFiles.Lines(["c,label", .. Enumerable.Range(0, 10).Select(i => $"5,{i % 2}")]);

        // Act
        TabularDataset result = Featurize(text, new FeaturizationOptions { LabelColumn = "label" });

        // Assert
        Assert.All(result.Dataset.Train.Features.ToArray(), value => Assert.Equal(0f, value));
    }

    [Fact]
    public void Featurize_CategoricalColumn_OneHotInOrdinalOrder()
    {
        // Arrange
        CsvTable table = CsvTestFiles.Read(SmallTable);

        // Act
        TabularDataset result = TabularFeaturizer.Featurize(table, new FeaturizationOptions { LabelColumn = "label", Seed = 3 });

        // Assert: one feature per category of the training rows, ordinal order, missing as its own category.
        string Category(int row) => table.Value(row, 1).IsEmpty ? TabularFeaturizer.MissingCategory : table.Value(row, 1).ToString();
        string[] categories = result.TrainRows.Select(Category).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.Equal<string>(["x", .. categories.Select(category => $"color={category}")], result.FeatureNames);
        Assert.Equal(1 + categories.Length, result.Dataset.FeatureCount);
        for (int k = 0; k < categories.Length; k++)
        {
            string category = categories[k];
            AssertFeature(result.Dataset.Train, result.TrainRows, 1 + k, row => Category(row) == category ? 1 : 0);
            AssertFeature(result.Dataset.Test, result.TestRows, 1 + k, row => Category(row) == category ? 1 : 0);
        }
    }

    [Fact]
    public void Featurize_CategorySeenOnlyInTest()
    {
        // Arrange: "purple" is only on row 4, and the seed puts that row in the test split.
        string text = CsvTestFiles.Lines(
            ["color,label", .. Enumerable.Range(0, 20).Select(i => $"{(i == 4 ? "purple" : i % 3 == 0 ? "red" : "blue")},{i % 2}")]);
        int seed = Enumerable.Range(1, 1_000).First(s => TrainTestSplit.Create(null, 20, 0.2, s).TestRows.Contains(4));

        // Act
        TabularDataset result = Featurize(text, new FeaturizationOptions { LabelColumn = "label", Seed = seed });

        // Assert
        Assert.Equal<string>(["color=blue", "color=red"], result.FeatureNames);
        int testIndex = result.TestRows.ToList().IndexOf(4);
        Assert.Equal(new float[] { 0f, 0f }, result.Dataset.Test.Row(testIndex).ToArray());
    }

    [Fact]
    public void Featurize_TextLabels_MapInOrdinalOrder()
    {
        // Arrange
        CsvTable table = CsvTestFiles.Read(CsvTestFiles.Lines("x,label", "1,pear", "2,Apple", "3,apple", "4,pear", "5,Apple", "6,apple"));

        // Act
        TabularDataset result = TabularFeaturizer.Featurize(table, new FeaturizationOptions { LabelColumn = "label", TestFraction = 0.5 });

        // Assert
        Assert.Equal<string>(["Apple", "apple", "pear"], result.Dataset.ClassNames);
        AssertLabels(table, result, column: 1, text => text);
    }

    [Fact]
    public void Featurize_NumericLabels_MapInNumericOrder()
    {
        // Arrange: "1.0" and "1" are one class, named "1".
        CsvTable table = CsvTestFiles.Read(CsvTestFiles.Lines("x,label", "1,10", "2,2", "3,1.0", "4,2", "5,10", "6,1"));

        // Act
        TabularDataset result = TabularFeaturizer.Featurize(table, new FeaturizationOptions { LabelColumn = "label", TestFraction = 0.5 });

        // Assert
        Assert.Equal<string>(["1", "2", "10"], result.Dataset.ClassNames);
        AssertLabels(table, result, column: 1, text => float.Parse(text, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Featurize_ClassOnlyInTest_KeepsItsLabel()
    {
        // Arrange: class "c" is only on row 4, which the seed puts in the test split.
        string text = CsvTestFiles.Lines(["x,label", .. Enumerable.Range(0, 20).Select(i => $"{i},{(i == 4 ? "c" : i % 2 == 0 ? "a" : "b")}")]);
        int seed = Enumerable.Range(1, 1_000).First(s => TrainTestSplit.Create(null, 20, 0.2, s).TestRows.Contains(4));

        // Act
        TabularDataset result = Featurize(text, new FeaturizationOptions { LabelColumn = "label", Seed = seed });

        // Assert
        Assert.Equal<string>(["a", "b", "c"], result.Dataset.ClassNames);
        int testIndex = result.TestRows.ToList().IndexOf(4);
        Assert.Equal(2, result.Dataset.Test.Labels[testIndex]);
        Assert.DoesNotContain((byte)2, result.Dataset.Train.Labels.ToArray());
    }

    [Fact]
    public void Featurize_DefaultFeatureColumns()
    {
        // Arrange
        string text = CsvTestFiles.Lines(["site,a,empty,label,b", .. Enumerable.Range(0, 10).Select(i => $"{(i < 5 ? "s1" : "s2")},{i},,{i % 2},{i * 2}")]);

        // Act
        TabularDataset result = Featurize(text, new FeaturizationOptions { LabelColumn = "label", OwnerColumn = "site" });

        // Assert
        Assert.Equal<string>(["a", "b"], result.FeatureNames);
    }

    [Fact]
    public void Featurize_ChosenFeatures_KeepTheirOrder()
    {
        // Arrange
        string text = CsvTestFiles.Lines(["a,b,c,label", .. Enumerable.Range(0, 10).Select(i => $"{i},{i + 1},x{i % 2},{i % 2}")]);

        // Act
        TabularDataset result = Featurize(text, new FeaturizationOptions { LabelColumn = "label", FeatureColumns = ["c", "a"] });

        // Assert
        Assert.Equal<string>(["c=x0", "c=x1", "a"], result.FeatureNames);
    }

    [Fact]
    public void Featurize_TypeOverride_MakesNumericColumnCategorical()
    {
        // Arrange: "zip" has 19 numbers and one typo, so it is numeric with an error until it is made categorical.
        string text = CsvTestFiles.Lines(["zip,label", .. Enumerable.Range(0, 20).Select(i => $"{(i == 7 ? "7500I" : (75000 + i % 2).ToString(CultureInfo.InvariantCulture))},{i % 2}")]);
        var options = new FeaturizationOptions
        {
            LabelColumn = "label",
            ColumnTypes = new Dictionary<string, CsvColumnType> { ["zip"] = CsvColumnType.Categorical },
            Seed = 1,
        };

        // Act
        TabularDataset result = Featurize(text, options);

        // Assert
        Assert.All(result.FeatureNames, name => Assert.StartsWith("zip=", name));
        Assert.Contains("zip=75000", result.FeatureNames);
    }

    [Fact]
    public void Featurize_Owners_SplitWithinEachOwner()
    {
        // Arrange: A has 10 rows, B 20 and C 5; the rows of A and B are interleaved.
        var lines = new List<string> { "site,x,label" };
        var owners = new List<string>();
        for (int i = 0; i < 35; i++)
        {
            string site = "C";
            if (i < 30)
            {
                site = i % 3 == 0 ? "A" : "B";
            }

            owners.Add(site);
            lines.Add($"{site},{i},{i % 2}");
        }

        // Act
        TabularDataset result = Featurize(CsvTestFiles.Lines([.. lines]), new FeaturizationOptions { LabelColumn = "label", OwnerColumn = "site", Seed = 5 });

        // Assert: each owner holds out ⌊rows × 0.2⌋ of its own rows.
        Assert.Equal<string>(["A", "B", "C"], result.OwnerNames);
        Assert.True(result.HasOwners);
        int[] testCounts = [2, 4, 1];
        int[] rowCounts = [10, 20, 5];
        for (int owner = 0; owner < 3; owner++)
        {
            Assert.Equal(testCounts[owner], result.TestOwners.Count(o => o == owner));
            Assert.Equal(rowCounts[owner] - testCounts[owner], result.TrainOwners.Count(o => o == owner));
        }

        Assert.Equal(result.TrainRows.Select(row => owners[row]), result.TrainOwners.Select(o => result.OwnerNames[o]));
        Assert.Equal(result.TestRows.Select(row => owners[row]), result.TestOwners.Select(o => result.OwnerNames[o]));
        Assert.Equal(Enumerable.Range(0, 35), result.TrainRows.Concat(result.TestRows).Order());
    }

    [Fact]
    public void Featurize_OwnerOrder_IsFirstAppearance()
    {
        // Arrange
        string text = CsvTestFiles.Lines(["site,x,label", .. Enumerable.Range(0, 12).Select(i => $"{(i % 2 == 0 ? "zeta" : "alpha")},{i},{i % 3 == 0}")]);

        // Act
        TabularDataset result = Featurize(text, new FeaturizationOptions { LabelColumn = "label", OwnerColumn = "site" });

        // Assert
        Assert.Equal<string>(["zeta", "alpha"], result.OwnerNames);
    }

    [Fact]
    public void Featurize_NoOwnerColumn_LeavesOwnersEmpty()
    {
        // Act
        TabularDataset result = Featurize(SmallTable, new FeaturizationOptions { LabelColumn = "label" });

        // Assert
        Assert.False(result.HasOwners);
        Assert.Empty(result.OwnerNames);
        Assert.Empty(result.TrainOwners);
        Assert.Empty(result.TestOwners);
    }

    [Theory]
    [InlineData(0.1, 1)]
    [InlineData(0.2, 2)]
    [InlineData(0.35, 3)]
    [InlineData(0.5, 5)]
    public void Featurize_TestFraction_HoldsOutFloorOfRows(double fraction, int expected)
    {
        // Act
        TabularDataset result = Featurize(SmallTable, new FeaturizationOptions { LabelColumn = "label", TestFraction = fraction });

        // Assert
        Assert.Equal(expected, result.Dataset.Test.Count);
        Assert.Equal(10 - expected, result.Dataset.Train.Count);
    }

    [Fact]
    public void Featurize_SameSeed_GivesIdenticalBytes()
    {
        // Arrange
        var options = new FeaturizationOptions { LabelColumn = "label", Seed = 11 };

        // Act
        TabularDataset first = Featurize(SmallTable, options);
        TabularDataset second = Featurize(SmallTable, options);

        // Assert
        Assert.Equal(first.TrainRows, second.TrainRows);
        Assert.Equal(first.Dataset.Train.Features.ToArray(), second.Dataset.Train.Features.ToArray());
        Assert.Equal(first.Dataset.Train.Labels.ToArray(), second.Dataset.Train.Labels.ToArray());
        Assert.Equal(first.Dataset.Test.Features.ToArray(), second.Dataset.Test.Features.ToArray());
        Assert.Equal(first.Dataset.Test.Labels.ToArray(), second.Dataset.Test.Labels.ToArray());
    }

    [Fact]
    public void Featurize_Transformer_ReproducesDatasetFeatures()
    {
        // Arrange
        TabularDataset result = Featurize(SmallTable, new FeaturizationOptions { LabelColumn = "label" });

        // Act: later parts apply the fitted transformer themselves, for baselines and exports.
        IDataView transformed = result.Transformer.Transform(result.TestInput);
        float[][] features = transformed.GetColumn<float[]>(TabularDataset.FeaturesColumnName).ToArray();

        // Assert
        Assert.Equal(result.Dataset.Test.Count, features.Length);
        for (int i = 0; i < features.Length; i++)
        {
            Assert.Equal(result.Dataset.Test.Row(i).ToArray(), features[i]);
        }
    }

    [Fact]
    public void Featurize_DatasetName_IsOptionsName()
    {
        // Act
        TabularDataset result = Featurize(SmallTable, new FeaturizationOptions { LabelColumn = "label", DatasetName = "loans.csv" });

        // Assert
        Assert.Equal("loans.csv", result.Dataset.Name);
    }

    private static void AssertFeature(DataSplit split, IReadOnlyList<int> rows, int feature, Func<int, double> expected)
    {
        for (int i = 0; i < rows.Count; i++)
        {
            float actual = split.Row(i)[feature];
            Assert.True(
                Math.Abs(actual - expected(rows[i])) <= Tolerance,
                $"Feature {feature} of table row {rows[i]}: expected {expected(rows[i])}, got {actual}.");
        }
    }

    private static void AssertLabels(CsvTable table, TabularDataset result, int column, Func<string, string> className)
    {
        for (int i = 0; i < result.TrainRows.Count; i++)
        {
            string expected = className(table.Value(result.TrainRows[i], column).ToString());
            Assert.Equal(expected, result.Dataset.ClassNames[result.Dataset.Train.Labels[i]]);
        }

        for (int i = 0; i < result.TestRows.Count; i++)
        {
            string expected = className(table.Value(result.TestRows[i], column).ToString());
            Assert.Equal(expected, result.Dataset.ClassNames[result.Dataset.Test.Labels[i]]);
        }
    }
}
