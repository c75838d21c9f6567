using Microsoft.ML;
using Microsoft.ML.Data;

namespace FedWorkbench.Data;

/// <summary>
/// One input column of a <see cref="TableDataView"/>: a float per table row (NaN when missing) or a text per table
/// row. Exactly one of <paramref name="Numbers"/> and <paramref name="Texts"/> is set.
/// </summary>
internal sealed record TableDataColumn(string Name, float[]? Numbers, ReadOnlyMemory<char>[]? Texts)
{
    /// <summary>The column's ML.NET type: Single for numbers, Text for texts.</summary>
    public DataViewType Type => Numbers is not null ? NumberDataViewType.Single : TextDataViewType.Instance;
}

/// <summary>
/// An ML.NET <see cref="IDataView"/> over chosen rows of column arrays. ML.NET's own loaders need a file or a class
/// per schema, and the schema here depends on the uploaded file, so the view serves the arrays directly. Rows come
/// in the order of the row list, which keeps fitting deterministic.
/// </summary>
internal sealed class TableDataView : RowListDataView
{
    private readonly TableDataColumn[] _columns;

    /// <summary>Creates a view of <paramref name="rows"/> (indices into every column's array).</summary>
    public TableDataView(IReadOnlyList<TableDataColumn> columns, int[] rows)
        : base(CreateSchema(columns), rows)
    {
        _columns = [.. columns];
    }

    /// <inheritdoc/>
    public override DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        => new Cursor(this, columnsNeeded);

    private static DataViewSchema CreateSchema(IReadOnlyList<TableDataColumn> columns)
    {
        var builder = new DataViewSchema.Builder();
        foreach (TableDataColumn column in columns)
        {
            builder.AddColumn(column.Name, column.Type);
        }

        return builder.ToSchema();
    }

    private sealed class Cursor(TableDataView view, IEnumerable<DataViewSchema.Column> columnsNeeded)
        : RowCursor<TableDataView>(view, columnsNeeded)
    {
        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckActive(column);
            TableDataColumn source = View._columns[column.Index];
            if (typeof(TValue) == typeof(float) && source.Numbers is float[] numbers)
            {
                ValueGetter<float> getter = (ref float value) => value = numbers[CurrentRow];
                return (ValueGetter<TValue>)(Delegate)getter;
            }

            if (typeof(TValue) == typeof(ReadOnlyMemory<char>) && source.Texts is ReadOnlyMemory<char>[] texts)
            {
                ValueGetter<ReadOnlyMemory<char>> getter = (ref ReadOnlyMemory<char> value) => value = texts[CurrentRow];
                return (ValueGetter<TValue>)(Delegate)getter;
            }

            throw WrongType<TValue>(column);
        }
    }
}
