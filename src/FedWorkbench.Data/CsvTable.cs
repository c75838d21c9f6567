namespace FedWorkbench.Data;

/// <summary>
/// The rows of a CSV file as text, after its delimiter, header and row lengths were checked. Every row has
/// <see cref="ColumnCount"/> fields. Instances are immutable.
/// </summary>
/// <remarks>
/// The table keeps the file's text once and each field as a range of it, which takes 8 bytes per field instead of
/// one string each. Only a quoted field with doubled quotes gets a string of its own.
/// </remarks>
public sealed class CsvTable
{
    private readonly string _text;
    private readonly string[] _columnNames;
    private readonly int[] _lines;
    private readonly int[] _starts;
    private readonly int[] _lengths;
    private readonly string[] _unescaped;

    internal CsvTable(string text, char delimiter, string[] columnNames, int[] lines, int[] starts, int[] lengths, string[] unescaped)
    {
        _text = text;
        Delimiter = delimiter;
        _columnNames = columnNames;
        _lines = lines;
        _starts = starts;
        _lengths = lengths;
        _unescaped = unescaped;
    }

    /// <summary>Separator between fields: comma, semicolon or tab when detected.</summary>
    public char Delimiter { get; }

    /// <summary>Column names from the header line, without surrounding whitespace.</summary>
    public IReadOnlyList<string> ColumnNames => _columnNames;

    /// <summary>Number of columns.</summary>
    public int ColumnCount => _columnNames.Length;

    /// <summary>Number of data rows; the header is not counted.</summary>
    public int RowCount => _lines.Length;

    /// <summary>Returns the field of <paramref name="row"/> and <paramref name="column"/> (both 0-based) as it is in the file, unquoted.</summary>
    public ReadOnlySpan<char> Field(int row, int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, RowCount);
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, ColumnCount);
        int index = row * ColumnCount + column;
        int start = _starts[index];
        return start < 0 ? _unescaped[-start - 1] : _text.AsSpan(start, _lengths[index]);
    }

    /// <summary>Returns the field without surrounding whitespace: the value that type inference and featurization read.</summary>
    public ReadOnlySpan<char> Value(int row, int column) => Field(row, column).Trim();

    /// <summary>Returns <see cref="Value"/> as memory, for ML.NET's text columns, without copying it.</summary>
    internal ReadOnlyMemory<char> ValueMemory(int row, int column)
    {
        int index = row * ColumnCount + column;
        int start = _starts[index];
        ReadOnlyMemory<char> field = start < 0 ? _unescaped[-start - 1].AsMemory() : _text.AsMemory(start, _lengths[index]);
        return field.Trim();
    }

    /// <summary>Returns the line of the file on which data row <paramref name="row"/> (0-based) starts, where the header is line 1.</summary>
    public int LineOf(int row) => _lines[row];

    /// <summary>Returns the 0-based index of the column named <paramref name="name"/>, ignoring case and surrounding spaces, or -1 when there is none.</summary>
    public int IndexOf(string name)
    {
        // Header names are unique ignoring case, so a name matches at most one column however it is cased.
        string trimmed = name.Trim();
        return Array.FindIndex(_columnNames, column => string.Equals(column, trimmed, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Returns how messages name a column: its name and 1-based position, for example "column 'age' (column 3)".</summary>
    public string DescribeColumn(int column) => $"column '{_columnNames[column]}' (column {column + 1})";
}
