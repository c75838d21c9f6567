using System.Globalization;
using FedWorkbench.Simulation;

namespace FedWorkbench.Data.Tests;

/// <summary>Each invalid choice or value gets a message that names the line, the column and the fix.</summary>
public sealed class TabularFeaturizerErrorTests
{
    private static ExperimentException Reject(string text, FeaturizationOptions options)
        => Assert.Throws<ExperimentException>(() => TabularFeaturizer.Featurize(CsvTestFiles.Read(text), options));

    private static string Rows(string header, int count, Func<int, string> row)
        => CsvTestFiles.Lines([header, .. Enumerable.Range(0, count).Select(row)]);

    [Fact]
    public void Featurize_LabelWithOneClass()
    {
        // Arrange
        string text = Rows("x,label", 10, i => $"{i},yes");

        // Act
        ExperimentException error = Reject(text, new FeaturizationOptions { LabelColumn = "label" });

        // Assert
        Assert.StartsWith("Column 'label' (column 2), the label, has only one class ('yes') in all 10 rows.", error.Message);
        Assert.Contains("so choose another label column", error.Message);
    }

    [Fact]
    public void Featurize_TooManyClasses_StatesLimit()
    {
        // Arrange
        string text = Rows("x,label", CsvLimits.MaxClasses + 1, i => $"{i},c{i}");

        // Act
        ExperimentException error = Reject(text, new FeaturizationOptions { LabelColumn = "label" });

        // Assert
        Assert.StartsWith("Column 'label' (column 2), the label, has 257 distinct values, more than the limit of 256 classes.", error.Message);
    }

    [Fact]
    public void Featurize_MaxClasses_IsAccepted()
    {
        // Arrange: two rows per class.
        string text = Rows("x,label", 2 * CsvLimits.MaxClasses, i => $"{i},c{i / 2}");

        // Act
        TabularDataset result = TabularFeaturizer.Featurize(CsvTestFiles.Read(text), new FeaturizationOptions { LabelColumn = "label" });

        // Assert: the last class in ordinal order, "c99", gets the largest byte label.
        byte[] labels = [.. result.Dataset.Train.Labels, .. result.Dataset.Test.Labels];
        Assert.Equal(CsvLimits.MaxClasses, result.Dataset.ClassCount);
        Assert.Equal("c99", result.Dataset.ClassNames[255]);
        Assert.Equal(255, labels.Max());
    }

    [Fact]
    public void Featurize_MissingLabel_NamesLineAndColumn()
    {
        // Arrange: row 4 is on line 5.
        string text = Rows("x,label", 10, i => $"{i},{(i == 3 ? "NA" : (i % 2).ToString(CultureInfo.InvariantCulture))}");

        // Act
        ExperimentException error = Reject(text, new FeaturizationOptions { LabelColumn = "label" });

        // Assert
        Assert.Equal("Line 5, column 'label' (column 2): the label is missing. Fill it in, or remove the row.", error.Message);
    }

    [Fact]
    public void Featurize_TextInNumericColumn_NamesCell()
    {
        // Arrange: 19 numbers and "abc" on line 8, so the column is numeric with one error.
        string text = Rows("age,label", 20, i => $"{(i == 6 ? "abc" : (20 + i).ToString(CultureInfo.InvariantCulture))},{i % 2}");

        // Act
        ExperimentException error = Reject(text, new FeaturizationOptions { LabelColumn = "label" });

        // Assert
        Assert.StartsWith(
            "Line 8, column 'age' (column 1): 'abc' is not a number, but the column is numeric (1 of its 20 values is not a number).",
            error.Message);
        Assert.Contains("or make the column categorical", error.Message);
    }

    [Fact]
    public void Featurize_DecimalComma_SaysToUseDecimalPoint()
    {
        // Arrange
        string text = Rows("weight;label", 10, i => $"{i},5;{i % 2}");

        // Act
        ExperimentException error = Reject(text, new FeaturizationOptions { LabelColumn = "label" });

        // Assert
        Assert.StartsWith("Line 2, column 'weight' (column 1): '0,5' is not a number, because numbers must use a decimal point", error.Message);
        Assert.EndsWith("The column counts as numeric because all 10 of its values are numbers written so. Save the file with decimal points, or make the column categorical.", error.Message);
    }

    [Fact]
    public void Featurize_ManyDecimalCommas_NoCategoricalAdvice()
    {
        // Arrange: 101 distinct numbers with a comma are too many categories, so only decimal points help.
        string text = Rows("weight;label", 101, i => $"{i},5;{i % 2}");

        // Act
        ExperimentException error = Reject(text, new FeaturizationOptions { LabelColumn = "label" });

        // Assert
        Assert.EndsWith("because all 101 of its values are numbers written so. Save the file with decimal points.", error.Message);
    }

    [Fact]
    public void Featurize_CategoricalMadeNumeric_NamesFirstText()
    {
        // Arrange
        string text = Rows("city,label", 10, i => $"{(i < 5 ? "Paris" : "Lyon")},{i % 2}");
        var options = new FeaturizationOptions
        {
            LabelColumn = "label",
            ColumnTypes = new Dictionary<string, CsvColumnType> { ["city"] = CsvColumnType.Numeric },
        };

        // Act
        ExperimentException error = Reject(text, options);

        // Assert
        Assert.StartsWith("Line 2, column 'city' (column 1): 'Paris' is not a number, but the column is numeric (10 of its 10 values are not numbers).", error.Message);
    }

    [Fact]
    public void Featurize_OwnerWithOneOwner_NamesColumn()
    {
        // Arrange
        string text = Rows("x,site,label", 10, i => $"{i},north,{i % 2}");

        // Act
        ExperimentException error = Reject(text, new FeaturizationOptions { LabelColumn = "label", OwnerColumn = "site" });

        // Assert
        Assert.StartsWith("Column 'site' (column 2), the owner column, has only one owner ('north').", error.Message);
    }

    [Fact]
    public void Featurize_MissingOwner_NamesLineAndColumn()
    {
        // Arrange
        string text = Rows("x,site,label", 10, i => $"{i},{(i == 9 ? "" : i % 2 == 0 ? "a" : "b")},{i % 2}");

        // Act
        ExperimentException error = Reject(text, new FeaturizationOptions { LabelColumn = "label", OwnerColumn = "site" });

        // Assert
        Assert.Equal("Line 11, column 'site' (column 2): the owner is missing. Fill it in, or remove the row.", error.Message);
    }

    [Fact]
    public void Featurize_TooManyOwners_StatesLimit()
    {
        // Arrange
        string text = Rows("x,site,label", CsvLimits.MaxOwners + 1, i => $"{i},s{i},{i % 2}");

        // Act
        ExperimentException error = Reject(text, new FeaturizationOptions { LabelColumn = "label", OwnerColumn = "site" });

        // Assert
        Assert.StartsWith("Column 'site' (column 2), the owner column, has 10,001 owners, more than the limit of 10,000 clients.", error.Message);
    }

    [Fact]
    public void Featurize_LabelAsFeature_NamesColumn()
    {
        // Arrange
        string text = Rows("x,label", 10, i => $"{i},{i % 2}");

        // Act
        ExperimentException error = Reject(text, new FeaturizationOptions { LabelColumn = "label", FeatureColumns = ["x", "label"] });

        // Assert
        Assert.Equal(
            "Column 'label' (column 2) is the label column, so it cannot also be a feature. Remove it from the features.",
            error.Message);
    }

    [Fact]
    public void Featurize_OwnerAsFeature_NamesColumn()
    {
        // Arrange
        string text = Rows("x,site,label", 10, i => $"{i},s{i % 2},{i % 2}");

        // Act
        ExperimentException error = Reject(text, new FeaturizationOptions { LabelColumn = "label", OwnerColumn = "site", FeatureColumns = ["site"] });

        // Assert
        Assert.Equal(
            "Column 'site' (column 2) is the owner column, so it cannot also be a feature. Remove it from the features.",
            error.Message);
    }

    [Fact]
    public void Featurize_LabelAsOwner_NamesColumn()
    {
        // Arrange
        string text = Rows("x,label", 10, i => $"{i},{i % 2}");

        // Act
        ExperimentException error = Reject(text, new FeaturizationOptions { LabelColumn = "label", OwnerColumn = "label" });

        // Assert
        Assert.StartsWith("Column 'label' (column 2) cannot be both the label and the owner column.", error.Message);
    }

    [Fact]
    public void Featurize_FeatureChosenTwice_NamesColumn()
    {
        // Arrange
        string text = Rows("x,label", 10, i => $"{i},{i % 2}");

        // Act
        ExperimentException error = Reject(text, new FeaturizationOptions { LabelColumn = "label", FeatureColumns = ["x", "x"] });

        // Assert
        Assert.StartsWith("Column 'x' (column 1) is chosen twice as a feature.", error.Message);
    }

    [Theory]
    [InlineData("label", null, null)]
    [InlineData("y", "site", null)]
    [InlineData("y", null, "z")]
    public void Featurize_UnknownColumn_ListsColumns(string label, string? owner, string? feature)
    {
        // Arrange
        string text = Rows("x,y", 10, i => $"{i},{i % 2}");
        var options = new FeaturizationOptions { LabelColumn = label, OwnerColumn = owner, FeatureColumns = feature is null ? null : [feature] };

        // Act
        ExperimentException error = Reject(text, options);

        // Assert
        Assert.Contains("is not in the file. Its columns are 'x', 'y'.", error.Message);
    }

    [Fact]
    public void Featurize_EmptyFeatureChosen_NamesColumn()
    {
        // Arrange
        string text = Rows("x,empty,label", 10, i => $"{i},,{i % 2}");

        // Act
        ExperimentException error = Reject(text, new FeaturizationOptions { LabelColumn = "label", FeatureColumns = ["x", "empty"] });

        // Assert
        Assert.StartsWith("Column 'empty' (column 2) has no values", error.Message);
    }

    [Fact]
    public void Featurize_TooManyCategories_NamesColumnAndLine()
    {
        // Arrange: value 101 is on row 100, line 102.
        string text = Rows("merchant,label", 150, i => $"m{i},{i % 2}");

        // Act
        ExperimentException error = Reject(text, new FeaturizationOptions { LabelColumn = "label" });

        // Assert
        Assert.StartsWith(
            "Column 'merchant' (column 1) has more than 100 distinct values, the limit for a categorical feature (value 101 is on line 102).",
            error.Message);
    }

    [Fact]
    public void Featurize_MaxCategories_IsAccepted()
    {
        // Arrange: each category twice, so the training rows see most of them.
        string text = Rows("merchant,label", 2 * CsvLimits.MaxCategories, i => $"m{i / 2},{i % 2}");

        // Act
        TabularDataset result = TabularFeaturizer.Featurize(CsvTestFiles.Read(text), new FeaturizationOptions { LabelColumn = "label" });

        // Assert
        Assert.InRange(result.Dataset.FeatureCount, 1, CsvLimits.MaxCategories);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(0.6)]
    [InlineData(double.NaN)]
    public void Featurize_InvalidTestFraction_StatesRange(double fraction)
    {
        // Arrange
        string text = Rows("x,label", 10, i => $"{i},{i % 2}");

        // Act
        ExperimentException error = Reject(text, new FeaturizationOptions { LabelColumn = "label", TestFraction = fraction });

        // Assert
        Assert.EndsWith("is invalid. Choose a value above 0 and at most 0.5.", error.Message);
    }

    [Fact]
    public void Featurize_NoRowHeldOut()
    {
        // Arrange: each owner has 4 rows, and ⌊4 × 0.2⌋ = 0.
        string text = Rows("x,site,label", 8, i => $"{i},{(i < 4 ? "a" : "b")},{i % 2}");

        // Act
        ExperimentException error = Reject(text, new FeaturizationOptions { LabelColumn = "label", OwnerColumn = "site" });

        // Assert
        Assert.StartsWith("No row is held out for testing. With a test fraction of 0.2,", error.Message);
    }
}
