using FedWorkbench.Simulation;

namespace FedWorkbench.Data;

/// <summary>
/// Converts the feature columns into the ML.NET input columns of <see cref="TabularFeaturizer"/>, and rejects values
/// that the chosen types cannot take.
/// </summary>
internal static class FeatureInputs
{
    /// <summary>Suffix of a numeric feature's column after missing values are replaced.</summary>
    public const string FilledSuffix = ".Filled";

    /// <summary>Suffix of a feature's final column: standardized, or one-hot encoded.</summary>
    public const string EncodedSuffix = ".Encoded";

    /// <summary>
    /// Returns the ML.NET input column name of feature <paramref name="k"/>. The pipeline uses these names instead of
    /// the header's, which may be any text and could collide with the pipeline's own columns.
    /// </summary>
    public static string InputName(int k) => $"Feature{k}";

    /// <summary>
    /// Creates one input column per feature, indexed by table row: floats with NaN for missing values, or texts with
    /// <see cref="TabularFeaturizer.MissingCategory"/> for missing values.
    /// </summary>
    public static List<TableDataColumn> Create(CsvTable table, ColumnSelection selection, int[] trainRows)
    {
        var columns = new List<TableDataColumn>(selection.Features.Count + 1);
        for (int k = 0; k < selection.Features.Count; k++)
        {
            FeatureColumn feature = selection.Features[k];
            columns.Add(feature.Type == CsvColumnType.Numeric
                ? new TableDataColumn(InputName(k), ReadNumbers(table, feature.Index, trainRows), null)
                : new TableDataColumn(InputName(k), null, ReadCategories(table, feature.Index)));
        }

        return columns;
    }

    /// <summary>
    /// Parses a numeric column. Throws <see cref="ExperimentException"/> at the first value that is not a number, and
    /// when no training row has a value to take the mean of.
    /// </summary>
    private static float[] ReadNumbers(CsvTable table, int column, int[] trainRows)
    {
        var numbers = new float[table.RowCount];
        for (int row = 0; row < table.RowCount; row++)
        {
            ReadOnlySpan<char> value = table.Value(row, column);
            CsvValueKind kind = CsvValues.Classify(value, out numbers[row]);
            if (kind is CsvValueKind.Text or CsvValueKind.NumberWithComma)
            {
                throw NotANumber(table, column, row, kind);
            }
        }

        if (trainRows.All(row => float.IsNaN(numbers[row])))
        {
            throw new ExperimentException(
                $"{ColumnSelection.Capitalize(table.DescribeColumn(column))} has no value in the training rows, so its " +
                "missing values cannot be replaced by a mean. Remove it from the features, or fill in some of its values.");
        }

        return numbers;
    }

    private static ExperimentException NotANumber(CsvTable table, int column, int row, CsvValueKind kind)
    {
        string value = table.Value(row, column).ToString();
        int nonNumeric = 0;
        int withComma = 0;
        int present = 0;
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        for (int other = 0; other < table.RowCount; other++)
        {
            ReadOnlySpan<char> text = table.Value(other, column);
            CsvValueKind otherKind = CsvValues.Classify(text, out _);
            if (otherKind == CsvValueKind.Missing)
            {
                continue;
            }

            present++;
            nonNumeric += otherKind is CsvValueKind.Text or CsvValueKind.NumberWithComma ? 1 : 0;
            withComma += otherKind == CsvValueKind.NumberWithComma ? 1 : 0;
            if (distinct.Count <= CsvLimits.MaxCategories)
            {
                distinct.Add(text.ToString());
            }
        }

        // Making the column categorical helps only when its values fit the category limit.
        string categorical = distinct.Count <= CsvLimits.MaxCategories ? ", or make the column categorical" : string.Empty;
        string location = $"Line {table.LineOf(row)}, {table.DescribeColumn(column)}";
        if (kind == CsvValueKind.NumberWithComma)
        {
            string share = withComma == present
                ? $"all {CsvFormat.Number(present)} of its values are"
                : $"{CsvFormat.Number(withComma)} of its {CsvFormat.Number(present)} values are";
            return new ExperimentException(
                $"{location}: '{value}' is not a number, because numbers must use a decimal point and no thousands " +
                $"separator (1.5, 1000). The column counts as numeric because {share} numbers written so. Save the file " +
                $"with decimal points{categorical}.");
        }

        string count = nonNumeric == 1
            ? $"1 of its {CsvFormat.Number(present)} values is not a number"
            : $"{CsvFormat.Number(nonNumeric)} of its {CsvFormat.Number(present)} values are not numbers";
        return new ExperimentException(
            $"{location}: '{value}' is not a number, but the column is numeric ({count}). Correct the value, leave " +
            $"the field empty if the value is missing{categorical}.");
    }

    /// <summary>
    /// Reads a categorical column's values. Throws <see cref="ExperimentException"/> when it has more than
    /// <see cref="CsvLimits.MaxCategories"/> distinct values.
    /// </summary>
    private static ReadOnlyMemory<char>[] ReadCategories(CsvTable table, int column)
    {
        var values = new ReadOnlyMemory<char>[table.RowCount];
        ReadOnlyMemory<char> missing = TabularFeaturizer.MissingCategory.AsMemory();
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        HashSet<string>.AlternateLookup<ReadOnlySpan<char>> lookup = distinct.GetAlternateLookup<ReadOnlySpan<char>>();
        for (int row = 0; row < table.RowCount; row++)
        {
            ReadOnlyMemory<char> value = table.ValueMemory(row, column);
            if (CsvValues.IsMissing(value.Span))
            {
                values[row] = missing;
                continue;
            }

            values[row] = value;
            if (lookup.Add(value.Span) && distinct.Count > CsvLimits.MaxCategories)
            {
                throw new ExperimentException(
                    $"{ColumnSelection.Capitalize(table.DescribeColumn(column))} has more than {CsvFormat.Number(CsvLimits.MaxCategories)} " +
                    $"distinct values, the limit for a categorical feature (value {CsvFormat.Number(distinct.Count)} is on line " +
                    $"{table.LineOf(row)}). Leave it out of the features, or make it numeric if its values are numbers.");
            }
        }

        return values;
    }

}
