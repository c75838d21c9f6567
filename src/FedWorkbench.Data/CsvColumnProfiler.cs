namespace FedWorkbench.Data;

/// <summary>Infers each column's type and counts its missing and distinct values.</summary>
public static class CsvColumnProfiler
{
    /// <summary>Profiles every column of <paramref name="table"/>, in column order.</summary>
    public static IReadOnlyList<CsvColumnProfile> Profile(CsvTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var profiles = new CsvColumnProfile[table.ColumnCount];
        for (int column = 0; column < table.ColumnCount; column++)
        {
            profiles[column] = ProfileColumn(table, column);
        }

        return profiles;
    }

    /// <summary>Profiles one column (0-based <paramref name="column"/>).</summary>
    public static CsvColumnProfile ProfileColumn(CsvTable table, int column)
    {
        ArgumentNullException.ThrowIfNull(table);
        var numbers = new HashSet<float>();
        var texts = new HashSet<string>(StringComparer.Ordinal);
        HashSet<string>.AlternateLookup<ReadOnlySpan<char>> textLookup = texts.GetAlternateLookup<ReadOnlySpan<char>>();
        var nonNumericTexts = new HashSet<string>(StringComparer.Ordinal);
        HashSet<string>.AlternateLookup<ReadOnlySpan<char>> nonNumericLookup = nonNumericTexts.GetAlternateLookup<ReadOnlySpan<char>>();
        int missing = 0;
        int numberLike = 0;
        int nonNumeric = 0;
        string? firstNonNumeric = null;
        int firstNonNumericLine = 0;
        for (int row = 0; row < table.RowCount; row++)
        {
            ReadOnlySpan<char> value = table.Value(row, column);
            CsvValueKind kind = CsvValues.Classify(value, out float number);
            if (kind == CsvValueKind.Missing)
            {
                missing++;
                continue;
            }

            textLookup.Add(value);
            switch (kind)
            {
                case CsvValueKind.Number:
                    numberLike++;
                    numbers.Add(number);
                    break;
                default:
                    numberLike += kind == CsvValueKind.NumberWithComma ? 1 : 0;
                    nonNumeric++;
                    nonNumericLookup.Add(value);
                    if (firstNonNumeric is null)
                    {
                        firstNonNumeric = value.ToString();
                        firstNonNumericLine = table.LineOf(row);
                    }

                    break;
            }
        }

        int present = table.RowCount - missing;
        bool numeric = present > 0 && numberLike >= CsvLimits.NumericColumnThreshold * present;
        return new CsvColumnProfile
        {
            Name = table.ColumnNames[column],
            Index = column,
            InferredType = numeric ? CsvColumnType.Numeric : CsvColumnType.Categorical,
            MissingCount = missing,
            DistinctCount = numeric ? numbers.Count + nonNumericTexts.Count : texts.Count,
            DistinctTextCount = texts.Count,
            NonNumericCount = nonNumeric,
            FirstNonNumericValue = firstNonNumeric,
            FirstNonNumericLine = firstNonNumericLine,
            IsEmpty = present == 0,
        };
    }
}
