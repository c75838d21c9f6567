using FedWorkbench.Data;
using FedWorkbench.Data.Baselines;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Tables;

namespace FedWorkbench.Web.Ui;

// The uploaded CSV file, its column choices and the centralized baselines of the experiment form.
public sealed partial class ExperimentForm
{
    /// <summary>Name of the form field that reports a missing file, as <see cref="FieldErrors"/> keys it.</summary>
    public const string TableField = nameof(ExperimentConfig.Table);

    /// <summary>Field names of the table's settings, as <see cref="ExperimentValidator"/> reports them.</summary>
    public const string LabelColumnField = TableField + "." + nameof(TableSource.LabelColumn);

    /// <inheritdoc cref="LabelColumnField"/>
    public const string OwnerColumnField = TableField + "." + nameof(TableSource.OwnerColumn);

    /// <inheritdoc cref="LabelColumnField"/>
    public const string FeatureColumnsField = TableField + "." + nameof(TableSource.FeatureColumns);

    /// <inheritdoc cref="LabelColumnField"/>
    public const string ColumnTypesField = TableField + "." + nameof(TableSource.ColumnTypes);

    /// <inheritdoc cref="LabelColumnField"/>
    public const string TestFractionField = TableField + "." + nameof(TableSource.TestFraction);

    /// <summary>The column types a column may be given, as the experiment file spells them.</summary>
    public static IReadOnlyList<string> ColumnTypeNames => TableColumnChoices.ColumnTypeNames;

    /// <summary>Label of the table's test fraction input, as its messages name it.</summary>
    public const string TestFractionLabel = "Test fraction";

    private static readonly RealField TableTestFractionField = new(TestFractionLabel, "0.2");

    /// <summary>Id of the chosen file (its SHA-256), or null when none is chosen.</summary>
    public string? TableId { get; private set; }

    /// <summary>Name of the chosen file, for display.</summary>
    public string? TableFileName { get; private set; }

    /// <summary>
    /// The chosen file's profile and first rows. Null when an imported experiment names a file that this instance
    /// does not store; only the experiment's column names are known then.
    /// </summary>
    public TableUpload? TableFile { get; private set; }

    /// <summary>Column whose values are the classes; blank until the user picks one.</summary>
    public string? LabelColumn { get; set; }

    /// <summary>Column naming each row's owner, or null for rows without owners.</summary>
    public string? OwnerColumn { get; private set; }

    /// <summary>Feature columns in file order, or null for every column but the label, the owner and empty ones.</summary>
    public IReadOnlyList<string>? FeatureColumns { get; private set; }

    /// <summary>Columns whose inferred type the user replaced, with the type: numeric or categorical.</summary>
    public IReadOnlyDictionary<string, string> ColumnTypes { get; private set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Fraction of each owner's rows held out as the test set, as typed.</summary>
    public string? TableTestFractionText { get; set; } = FormatReal(TableSource.DefaultTestFraction);

    /// <summary>Centralized baselines the run page draws next to the federated run; none by default.</summary>
    public IReadOnlyList<BaselineKind> Baselines { get; set; } = [];

    /// <summary>Whether the dataset is an uploaded CSV file, so that the file and column inputs apply.</summary>
    public bool UsesTable => Dataset == DatasetKind.Table;

    /// <summary>
    /// Number of distinct owners in the owner column, which the natural partition makes into clients, or null when
    /// no owner column is chosen or the file's profile is unknown.
    /// </summary>
    public int? OwnerCount => TableColumnChoices.OwnerCount(TableFile, OwnerColumn);

    /// <summary>Whether Clients K is the owner count and cannot be edited: the natural partition with a known owner count.</summary>
    public bool ClientsFromOwners => UsesTable && Partition == PartitionKind.Natural && OwnerCount is not null;

    /// <summary>Names of the chosen file's columns in file order, or of the columns the experiment names when its profile is unknown.</summary>
    public IReadOnlyList<string> TableColumnNames => TableFile is { } file
        ? [.. file.Columns.Select(c => c.Name)]
        : [.. new[] { LabelColumn, OwnerColumn }.Concat(FeatureColumns ?? []).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>
    /// The feature columns that apply: the chosen ones, or by default every column except the label, the owner and
    /// columns whose values are all missing.
    /// </summary>
    public IReadOnlyList<string> EffectiveFeatureColumns => FeatureColumns ?? DefaultFeatureColumns();

    /// <summary>
    /// Chooses <paramref name="file"/> as the dataset and clears the column choices of the previous file, unless it
    /// is the same file again.
    /// </summary>
    public void UseTable(TableUpload file)
    {
        ArgumentNullException.ThrowIfNull(file);
        bool sameFile = file.Id == TableId;
        Dataset = DatasetKind.Table;
        TableId = file.Id;
        TableFileName = file.FileName;
        TableFile = file;
        if (sameFile)
        {
            return;
        }

        LabelColumn = null;
        FeatureColumns = null;
        ColumnTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        ChooseOwner(null);
    }

    /// <summary>
    /// Chooses the owner column, or none with null. An owner column selects the natural partition with one client
    /// per owner and every client in every round (C = 1), because a federation of a few sites usually works that
    /// way. Removing it leaves the natural partition for IID.
    /// </summary>
    public void ChooseOwner(string? column)
    {
        OwnerColumn = string.IsNullOrWhiteSpace(column) ? null : column;
        if (OwnerColumn is null)
        {
            if (Partition == PartitionKind.Natural)
            {
                Partition = PartitionKind.Iid;
            }

            return;
        }

        FeatureColumns = FeatureColumns?.Where(c => !SameColumn(c, OwnerColumn)).ToList() is { Count: > 0 } rest ? rest : null;
        Partition = PartitionKind.Natural;
        ClientFractionText = "1";
        ApplyTableRules();
    }

    /// <summary>
    /// Chooses the feature columns. The default set, or an empty one, is stored as null, so that the experiment
    /// file lists columns only when the user narrowed them.
    /// </summary>
    public void ChooseFeatures(IEnumerable<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        FeatureColumns = TableColumnChoices.NormalizeFeatures(columns, TableColumnNames, DefaultFeatureColumns());
    }

    /// <summary>Sets the type of <paramref name="column"/>; its inferred type removes the override.</summary>
    public void ChooseColumnType(string column, string type) =>
        ColumnTypes = TableColumnChoices.WithType(ColumnTypes, TableFile, column, type);

    /// <summary>Returns the type <paramref name="column"/> is featurized as: the user's override, else the inferred type.</summary>
    public string ColumnTypeOf(CsvColumnProfile column) => TableColumnChoices.TypeOf(ColumnTypes, column);

    /// <summary>
    /// Keeps the choices consistent after any change: the natural partition needs a table, and under it Clients K
    /// is the owner count.
    /// </summary>
    public void ApplyTableRules()
    {
        if (!UsesTable && Partition == PartitionKind.Natural)
        {
            Partition = PartitionKind.Iid;
        }

        if (ClientsFromOwners)
        {
            ClientsText = FormatInteger(OwnerCount!.Value);
        }
    }

    /// <summary>Returns the experiment's table, or null when the dataset is not a table or no file is chosen.</summary>
    private TableSource? TableSourceOrNull(Func<string, string?, RealField, double, double> parseReal)
    {
        if (!UsesTable || TableId is null)
        {
            return null;
        }

        return new TableSource
        {
            Id = TableId,
            FileName = TableFileName,
            LabelColumn = LabelColumn ?? string.Empty,
            OwnerColumn = OwnerColumn,
            FeatureColumns = FeatureColumns,
            ColumnTypes = ColumnTypes.Count == 0 ? null : new Dictionary<string, string>(ColumnTypes, StringComparer.OrdinalIgnoreCase),
            TestFraction = parseReal(TestFractionField, TableTestFractionText, TableTestFractionField, TableSource.DefaultTestFraction),
        };
    }

    /// <summary>Copies the table settings of <paramref name="config"/>; the file's profile is set later by <see cref="UseTable"/>.</summary>
    private void CopyTable(ExperimentConfig config)
    {
        if (config.Table is not { } table)
        {
            return;
        }

        TableId = table.Id;
        TableFileName = table.FileName;
        LabelColumn = table.LabelColumn;
        OwnerColumn = table.OwnerColumn;
        FeatureColumns = table.FeatureColumns;
        ColumnTypes = table.ColumnTypes is { } types
            ? new Dictionary<string, string>(types, StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        TableTestFractionText = FormatReal(table.TestFraction);
    }

    private IReadOnlyList<string> DefaultFeatureColumns() => TableColumnChoices.DefaultFeatures(TableFile, LabelColumn, OwnerColumn);

    private static bool SameColumn(string? left, string? right) => TableColumnChoices.SameColumn(left, right);
}
