using System.Globalization;
using FedWorkbench.Simulation;

namespace FedWorkbench.Data;

/// <summary>The distinct values of a label or owner column, and the index of each row's value among them.</summary>
/// <param name="Names">The distinct values, in index order.</param>
/// <param name="RowValues">Index into <paramref name="Names"/> of each table row's value.</param>
internal sealed record ColumnValues(string[] Names, int[] RowValues)
{
    /// <summary>
    /// Encodes the label column. When every label is a number, classes are ordered by value and named by it ("1.0"
    /// and "1" are class "1"). Otherwise they are ordered by ordinal (case-sensitive) text comparison. Throws <see cref="ExperimentException"/> for a missing label, a single class or more than
    /// <see cref="CsvLimits.MaxClasses"/> classes.
    /// </summary>
    public static ColumnValues EncodeLabels(CsvTable table, int column)
    {
        string[] texts = ReadRequired(table, column, "label");
        string described = ColumnSelection.Capitalize(table.DescribeColumn(column));
        string[] keys = texts;
        Comparison<string> order = string.CompareOrdinal;
        if (texts.All(text => CsvValues.TryParseNumber(text, out _)))
        {
            keys = texts.Select(text => Number(text).ToString(CultureInfo.InvariantCulture)).ToArray();
            order = (a, b) => Number(a).CompareTo(Number(b));
        }

        string[] names = keys.Distinct(StringComparer.Ordinal).ToArray();
        if (names.Length == 1)
        {
            throw new ExperimentException(
                $"{described}, the label, has only one class ('{names[0]}') in all {CsvFormat.Number(table.RowCount)} rows. A " +
                "classifier needs at least two classes, so choose another label column or add rows of other classes.");
        }

        if (names.Length > CsvLimits.MaxClasses)
        {
            throw new ExperimentException(
                $"{described}, the label, has {CsvFormat.Number(names.Length)} distinct values, more than the limit of " +
                $"{CsvFormat.Number(CsvLimits.MaxClasses)} classes. Choose a column of class names, or group the values into fewer classes.");
        }

        Array.Sort(names, order);
        return new ColumnValues(names, IndexRows(keys, names));
    }

    /// <summary>
    /// Encodes the owner column, with owners in the order of their first row. Throws <see cref="ExperimentException"/>
    /// for a missing owner, a single owner or more than <see cref="CsvLimits.MaxOwners"/> owners.
    /// </summary>
    public static ColumnValues EncodeOwners(CsvTable table, int column)
    {
        string[] texts = ReadRequired(table, column, "owner");
        string described = ColumnSelection.Capitalize(table.DescribeColumn(column));
        string[] names = texts.Distinct(StringComparer.Ordinal).ToArray();
        if (names.Length == 1)
        {
            throw new ExperimentException(
                $"{described}, the owner column, has only one owner ('{names[0]}'). A federation needs at least two " +
                "owners, so choose another owner column, or choose none to split the rows across clients by a partition.");
        }

        if (names.Length > CsvLimits.MaxOwners)
        {
            throw new ExperimentException(
                $"{described}, the owner column, has {CsvFormat.Number(names.Length)} owners, more than the limit of " +
                $"{CsvFormat.Number(CsvLimits.MaxOwners)} clients. Group the rows into fewer owners.");
        }

        return new ColumnValues(names, IndexRows(texts, names));
    }

    /// <summary>Reads every row's trimmed value, which must not be missing.</summary>
    private static string[] ReadRequired(CsvTable table, int column, string role)
    {
        var values = new string[table.RowCount];
        var interned = new HashSet<string>(StringComparer.Ordinal);
        HashSet<string>.AlternateLookup<ReadOnlySpan<char>> lookup = interned.GetAlternateLookup<ReadOnlySpan<char>>();
        for (int row = 0; row < table.RowCount; row++)
        {
            ReadOnlySpan<char> value = table.Value(row, column);
            if (CsvValues.IsMissing(value))
            {
                throw new ExperimentException(
                    $"Line {table.LineOf(row)}, {table.DescribeColumn(column)}: the {role} is missing. Fill it in, or remove the row.");
            }

            if (!lookup.TryGetValue(value, out string? text))
            {
                text = value.ToString();
                interned.Add(text);
            }

            values[row] = text;
        }

        return values;
    }

    private static int[] IndexRows(string[] rowKeys, string[] names)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            index[names[i]] = i;
        }

        return rowKeys.Select(key => index[key]).ToArray();
    }

    private static float Number(string text)
    {
        _ = CsvValues.TryParseNumber(text, out float number);
        return number;
    }

}
