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
internal sealed class TableDataView : IDataView
{
    private readonly TableDataColumn[] _columns;
    private readonly int[] _rows;

    /// <summary>Creates a view of <paramref name="rows"/> (indices into every column's array).</summary>
    public TableDataView(IReadOnlyList<TableDataColumn> columns, int[] rows)
    {
        _columns = [.. columns];
        _rows = rows;
        var builder = new DataViewSchema.Builder();
        foreach (TableDataColumn column in _columns)
        {
            builder.AddColumn(column.Name, column.Type);
        }

        Schema = builder.ToSchema();
    }

    /// <inheritdoc/>
    public bool CanShuffle => false;

    /// <inheritdoc/>
    public DataViewSchema Schema { get; }

    /// <inheritdoc/>
    public long? GetRowCount() => _rows.Length;

    /// <inheritdoc/>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        => new Cursor(this, columnsNeeded);

    /// <inheritdoc/>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly TableDataView _view;
        private readonly bool[] _active;
        private int _next;
        private long _position = -1;

        public Cursor(TableDataView view, IEnumerable<DataViewSchema.Column> columnsNeeded)
        {
            _view = view;
            _active = new bool[view._columns.Length];
            foreach (DataViewSchema.Column column in columnsNeeded)
            {
                _active[column.Index] = true;
            }
        }

        public override long Position => _position;

        public override long Batch => 0;

        public override DataViewSchema Schema => _view.Schema;

        /// <summary>Moves to the next row. As ML.NET requires, the position is -1 before the first row and after the last.</summary>
        public override bool MoveNext()
        {
            if (_next < _view._rows.Length)
            {
                _position = _next++;
                return true;
            }

            _position = -1;
            return false;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter()
            => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => _active[column.Index];

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!IsColumnActive(column))
            {
                throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was created.");
            }

            TableDataColumn source = _view._columns[column.Index];
            int[] rows = _view._rows;
            if (typeof(TValue) == typeof(float) && source.Numbers is float[] numbers)
            {
                ValueGetter<float> getter = (ref float value) => value = numbers[rows[_position]];
                return (ValueGetter<TValue>)(Delegate)getter;
            }

            if (typeof(TValue) == typeof(ReadOnlyMemory<char>) && source.Texts is ReadOnlyMemory<char>[] texts)
            {
                ValueGetter<ReadOnlyMemory<char>> getter = (ref ReadOnlyMemory<char> value) => value = texts[rows[_position]];
                return (ValueGetter<TValue>)(Delegate)getter;
            }

            throw new InvalidOperationException($"Column '{column.Name}' is of type {column.Type}, not {typeof(TValue).Name}.");
        }
    }
}
