using FedWorkbench.Simulation.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FedWorkbench.Data.Baselines;

/// <summary>
/// An ML.NET <see cref="IDataView"/> over chosen samples of an engine <see cref="DataSplit"/>, with the columns
/// ML.NET trainers read by default: <see cref="FeaturesColumnName"/>, a vector of FeatureCount floats, and
/// <see cref="LabelColumnName"/>, a key over the classes whose value k is label k − 1.
/// </summary>
/// <remarks>
/// The view reads the split's arrays directly, so a 60,000 × 784 split is not copied. Every cursor throws
/// <see cref="OperationCanceledException"/> from <see cref="DataViewRowCursor.MoveNext"/> once the token is
/// cancelled. ML.NET 6.0.0 has no public way to cancel a trainer, so this is how a training that reads its data
/// stops early.
/// </remarks>
internal sealed class SplitDataView : RowListDataView
{
    /// <summary>Name of the feature vector column.</summary>
    public const string FeaturesColumnName = "Features";

    /// <summary>Name of the label key column.</summary>
    public const string LabelColumnName = "Label";

    private readonly DataSplit _split;
    private readonly CancellationToken _cancellationToken;

    /// <summary>Creates a view of <paramref name="samples"/> (indices into <paramref name="split"/>), in that order.</summary>
    public SplitDataView(DataSplit split, int[] samples, int classCount, CancellationToken cancellationToken)
        : base(CreateSchema(split.FeatureCount, classCount), samples)
    {
        _split = split;
        _cancellationToken = cancellationToken;
    }

    /// <inheritdoc/>
    public override DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        => new Cursor(this, columnsNeeded);

    private static DataViewSchema CreateSchema(int featureCount, int classCount)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(FeaturesColumnName, new VectorDataViewType(NumberDataViewType.Single, featureCount));
        builder.AddColumn(LabelColumnName, new KeyDataViewType(typeof(uint), classCount));
        return builder.ToSchema();
    }

    private sealed class Cursor(SplitDataView view, IEnumerable<DataViewSchema.Column> columnsNeeded)
        : RowCursor<SplitDataView>(view, columnsNeeded)
    {
        /// <summary>Moves to the next row, or throws <see cref="OperationCanceledException"/> when the view's token is cancelled.</summary>
        public override bool MoveNext()
        {
            View._cancellationToken.ThrowIfCancellationRequested();
            return base.MoveNext();
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckActive(column);
            if (column.Name == FeaturesColumnName && typeof(TValue) == typeof(VBuffer<float>))
            {
                ValueGetter<VBuffer<float>> getter = GetFeatures;
                return (ValueGetter<TValue>)(Delegate)getter;
            }

            if (column.Name == LabelColumnName && typeof(TValue) == typeof(uint))
            {
                ValueGetter<uint> getter = (ref uint key) => key = View._split.Labels[CurrentRow] + 1u;
                return (ValueGetter<TValue>)(Delegate)getter;
            }

            throw WrongType<TValue>(column);
        }

        /// <summary>Copies the current sample's features into <paramref name="features"/>, reusing its buffer.</summary>
        private void GetFeatures(ref VBuffer<float> features)
        {
            ReadOnlySpan<float> row = View._split.Row(CurrentRow);
            VBufferEditor<float> editor = VBufferEditor.Create(ref features, row.Length);
            row.CopyTo(editor.Values);
            features = editor.Commit();
        }
    }
}
