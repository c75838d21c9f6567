namespace FedWorkbench.Data.Tests;

public sealed class CsvColumnProfilerTests
{
    private static CsvColumnProfile ProfileOf(params string[] values)
    {
        string text = CsvTestFiles.Lines(["value,other", .. values.Select(value => $"{value},0")]);
        return CsvColumnProfiler.Profile(CsvTestFiles.Read(text))[0];
    }

    [Fact]
    public void Profile_InvariantNumbers_AreNumeric()
    {
        // Act
        CsvColumnProfile profile = ProfileOf("1", "-2.5", "3e2", " 4 ", "+0.5", "1.0");

        // Assert: "1" and "1.0" are one distinct number, but two distinct texts, and so two owners.
        Assert.Equal(CsvColumnType.Numeric, profile.InferredType);
        Assert.Equal(0, profile.MissingCount);
        Assert.Equal(5, profile.DistinctCount);
        Assert.Equal(6, profile.DistinctTextCount);
        Assert.Equal(0, profile.NonNumericCount);
        Assert.False(profile.HasNumericErrors);
    }

    [Fact]
    public void Profile_Text_IsCategorical()
    {
        // Act
        CsvColumnProfile profile = ProfileOf("red", "green", "red", "Red", "blue");

        // Assert: distinct texts are case-sensitive.
        Assert.Equal(CsvColumnType.Categorical, profile.InferredType);
        Assert.Equal(4, profile.DistinctCount);
        Assert.Equal(4, profile.DistinctTextCount);
        Assert.Equal(5, profile.NonNumericCount);
        Assert.False(profile.HasNumericErrors);
    }

    [Fact]
    public void Profile_MissingMarkers_CountAsMissing()
    {
        // Act
        CsvColumnProfile profile = ProfileOf("1", "", "NA", "n/a", "#N/A", "NaN", "NULL", "?", "  ", "2");

        // Assert
        Assert.Equal(CsvColumnType.Numeric, profile.InferredType);
        Assert.Equal(8, profile.MissingCount);
        Assert.Equal(2, profile.DistinctCount);
        Assert.False(profile.IsEmpty);
    }

    [Fact]
    public void Profile_QuotedMissingMarker_CountsAsMissing()
    {
        // Act
        CsvColumnProfile profile = ProfileOf("1", "\"NA\"", "\"\"");

        // Assert
        Assert.Equal(2, profile.MissingCount);
    }

    [Fact]
    public void Profile_OneTypoInTwentyNumbers()
    {
        // Arrange: 19 of 20 values (95%) are numbers; the typo is on line 12 (row 11).
        string[] values = Enumerable.Range(1, 20).Select(i => i == 11 ? "4O" : i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        // Act
        CsvColumnProfile profile = ProfileOf(values);

        // Assert
        Assert.Equal(CsvColumnType.Numeric, profile.InferredType);
        Assert.True(profile.HasNumericErrors);
        Assert.Equal(1, profile.NonNumericCount);
        Assert.Equal("4O", profile.FirstNonNumericValue);
        Assert.Equal(12, profile.FirstNonNumericLine);
    }

    [Fact]
    public void Profile_ExactlyNinetyPercentNumbers_IsNumeric()
    {
        // Act
        CsvColumnProfile profile = ProfileOf("1", "2", "3", "4", "5", "6", "7", "8", "9", "x");

        // Assert
        Assert.Equal(CsvColumnType.Numeric, profile.InferredType);
    }

    [Fact]
    public void Profile_BelowNinetyPercentNumbers_IsCategorical()
    {
        // Arrange: 8 of 9 values are numbers, 88.9%.
        CsvColumnProfile profile = ProfileOf("1", "2", "3", "4", "5", "6", "7", "8", "x");

        // Assert
        Assert.Equal(CsvColumnType.Categorical, profile.InferredType);
        Assert.Equal(9, profile.DistinctCount);
    }

    [Fact]
    public void Profile_DecimalCommas_AreNumericWithErrors()
    {
        // Arrange: a semicolon file written with decimal commas.
        string text = CsvTestFiles.Lines("weight;name", "1,5;a", "2,25;b", "3;c");

        // Act
        CsvColumnProfile profile = CsvColumnProfiler.Profile(CsvTestFiles.Read(text))[0];

        // Assert
        Assert.Equal(CsvColumnType.Numeric, profile.InferredType);
        Assert.Equal(2, profile.NonNumericCount);
        Assert.Equal("1,5", profile.FirstNonNumericValue);
        Assert.Equal(2, profile.FirstNonNumericLine);

        // The number 3 and the two values that are not numbers are three distinct values.
        Assert.Equal(3, profile.DistinctCount);
    }

    [Fact]
    public void Profile_InfinityAndHugeNumbers_AreNotNumbers()
    {
        // Act
        CsvColumnProfile profile = ProfileOf("1", "Infinity", "1e39");

        // Assert
        Assert.Equal(2, profile.NonNumericCount);
        Assert.Equal(CsvColumnType.Categorical, profile.InferredType);
    }

    [Fact]
    public void Profile_AllMissing_IsEmpty()
    {
        // Act
        CsvColumnProfile profile = ProfileOf("", "NA", "?");

        // Assert
        Assert.True(profile.IsEmpty);
        Assert.Equal(3, profile.MissingCount);
        Assert.Equal(0, profile.DistinctCount);
        Assert.Equal(CsvColumnType.Categorical, profile.InferredType);
    }

    [Fact]
    public void Profile_NameIndexAndPosition_MatchHeader()
    {
        // Act
        IReadOnlyList<CsvColumnProfile> profiles = CsvColumnProfiler.Profile(CsvTestFiles.Read(CsvTestFiles.Lines("a,b,c", "1,x,")));

        // Assert
        Assert.Equal<string>(["a", "b", "c"], profiles.Select(profile => profile.Name));
        Assert.Equal<int>([1, 2, 3], profiles.Select(profile => profile.Position));
        Assert.Equal<CsvColumnType>([CsvColumnType.Numeric, CsvColumnType.Categorical, CsvColumnType.Categorical], profiles.Select(profile => profile.InferredType));
    }

    [Fact]
    public void Preview_FirstRows_AreTextAsInFile()
    {
        // Arrange
        string text = CsvTestFiles.Lines("a,b", "1,\" x \"", "2,y", "3,z");

        // Act
        CsvPreview preview = CsvPreview.Read(CsvTestFiles.Stream(text), rowCount: 2);

        // Assert
        Assert.Equal(3, preview.RowCount);
        Assert.Equal(',', preview.Delimiter);
        Assert.Equal(2, preview.Rows.Count);
        Assert.Equal<string>(["1", " x "], preview.Rows[0]);
        Assert.Equal(2, preview.Columns.Count);
        Assert.Equal(CsvColumnType.Numeric, preview.Columns[0].InferredType);
    }
}
