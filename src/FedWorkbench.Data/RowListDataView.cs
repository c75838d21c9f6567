using Microsoft.ML;
using Microsoft.ML.Data;

namespace FedWorkbench.Data;

/// <summary>
/// The common part of this library's ML.NET <see cref="IDataView"/>s over in-memory arrays: a fixed schema and a
/// list of rows served in list order, which keeps fitting deterministic. A subclass creates the cursor that reads
/// the arrays.
/// </summary>
internal abstract class RowListDataView : IDataView
{
    /// <summary>Creates a view with <paramref name="schema"/> over <paramref name="rows"/>, indices into the subclass's arrays.</summary>
    protected RowListDataView(DataViewSchema schema, int[] rows)
    {
        Schema = schema;
        Rows = rows;
    }

    /// <inheritdoc/>
    public bool CanShuffle => false;

    /// <inheritdoc/>
    public DataViewSchema Schema { get; }

    /// <summary>The rows of the view, in order: indices into the subclass's arrays.</summary>
    protected int[] Rows { get; }

    /// <inheritdoc/>
    public long? GetRowCount() => Rows.Length;

    /// <inheritdoc/>
    public abstract DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null);

    /// <inheritdoc/>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => [GetRowCursor(columnsNeeded, rand)];

    /// <summary>
    /// A cursor over the rows of a <typeparamref name="TView"/> in order: position, row id and active columns. A
    /// subclass serves the getters for <see cref="CurrentRow"/>.
    /// </summary>
    protected abstract class RowCursor<TView> : DataViewRowCursor
        where TView : RowListDataView
    {
        private readonly bool[] _active;
        private int _next;
        private long _position = -1;

        /// <summary>Creates a cursor that serves <paramref name="columnsNeeded"/> of <paramref name="view"/>.</summary>
        protected RowCursor(TView view, IEnumerable<DataViewSchema.Column> columnsNeeded)
        {
            View = view;
            _active = new bool[view.Schema.Count];
            foreach (DataViewSchema.Column column in columnsNeeded)
            {
                _active[column.Index] = true;
            }
        }

        /// <inheritdoc/>
        public sealed override long Position => _position;

        /// <inheritdoc/>
        public sealed override long Batch => 0;

        /// <inheritdoc/>
        public sealed override DataViewSchema Schema => View.Schema;

        /// <summary>The view whose rows the cursor moves over.</summary>
        protected TView View { get; }

        /// <summary>The current row: an index into the view's arrays.</summary>
        protected int CurrentRow => View.Rows[_position];

        /// <summary>Moves to the next row. As ML.NET requires, the position is -1 before the first row and after the last.</summary>
        public override bool MoveNext()
        {
            if (_next < View.Rows.Length)
            {
                _position = _next++;
                return true;
            }

            _position = -1;
            return false;
        }

        /// <inheritdoc/>
        public sealed override ValueGetter<DataViewRowId> GetIdGetter()
            => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        /// <inheritdoc/>
        public sealed override bool IsColumnActive(DataViewSchema.Column column) => _active[column.Index];

        /// <summary>Throws <see cref="InvalidOperationException"/> unless <paramref name="column"/> was requested when the cursor was created.</summary>
        protected void CheckActive(DataViewSchema.Column column)
        {
            if (!IsColumnActive(column))
            {
                throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was created.");
            }
        }

        /// <summary>Returns the exception for a getter of the wrong type.</summary>
        protected static InvalidOperationException WrongType<TValue>(DataViewSchema.Column column)
            => new($"Column '{column.Name}' is of type {column.Type}, not {typeof(TValue).Name}.");
    }
}
