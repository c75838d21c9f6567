namespace FedWorkbench.Data;

/// <summary>
/// What a front end shows after an upload, before the user picks the label, owner and feature columns: the first
/// rows as text and each column's profile, whose inferred type the user may override.
/// </summary>
public sealed class CsvPreview
{
    /// <summary>Number of rows a preview shows unless asked for another count.</summary>
    public const int DefaultRowCount = 20;

    private CsvPreview(CsvTable table, IReadOnlyList<CsvColumnProfile> columns, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        Table = table;
        Columns = columns;
        Rows = rows;
    }

    /// <summary>The whole table the preview was made from, for featurization after the user's choices.</summary>
    public CsvTable Table { get; }

    /// <summary>Profile of each column, in column order.</summary>
    public IReadOnlyList<CsvColumnProfile> Columns { get; }

    /// <summary>The first rows, each field as in the file, unquoted.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Rows { get; }

    /// <summary>Delimiter the file was read with.</summary>
    public char Delimiter => Table.Delimiter;

    /// <summary>Number of data rows in the whole file.</summary>
    public int RowCount => Table.RowCount;

    /// <summary>Reads <paramref name="stream"/> and previews it, with the errors of <see cref="CsvTableReader.Read"/>.</summary>
    public static CsvPreview Read(Stream stream, char? delimiter = null, int rowCount = DefaultRowCount)
        => Create(CsvTableReader.Read(stream, delimiter), rowCount);

    /// <summary>Profiles <paramref name="table"/> and copies its first <paramref name="rowCount"/> rows as text.</summary>
    public static CsvPreview Create(CsvTable table, int rowCount = DefaultRowCount)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        int previewRows = Math.Min(rowCount, table.RowCount);
        var rows = new IReadOnlyList<string>[previewRows];
        for (int row = 0; row < previewRows; row++)
        {
            var fields = new string[table.ColumnCount];
            for (int column = 0; column < table.ColumnCount; column++)
            {
                fields[column] = table.Field(row, column).ToString();
            }

            rows[row] = fields;
        }

        return new CsvPreview(table, CsvColumnProfiler.Profile(table), rows);
    }
}
