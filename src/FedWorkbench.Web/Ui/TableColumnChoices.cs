using FedWorkbench.Data;
using FedWorkbench.Web.Tables;

namespace FedWorkbench.Web.Ui;

/// <summary>
/// Column rules shared by the experiment form and the board's data source: which columns are features by default,
/// how a feature choice is stored, and how many owners an owner column has.
/// </summary>
public static class TableColumnChoices
{
    /// <summary>
    /// Returns every column of <paramref name="file"/> except the label, the owner and columns whose values are all
    /// missing, in file order; empty when the file's profile is unknown.
    /// </summary>
    public static IReadOnlyList<string> DefaultFeatures(TableUpload? file, string? labelColumn, string? ownerColumn) => file is null
        ? []
        : [.. file.Columns.Where(c => !c.IsEmpty && !SameColumn(c.Name, labelColumn) && !SameColumn(c.Name, ownerColumn)).Select(c => c.Name)];

    /// <summary>
    /// Returns the chosen feature columns in the order of <paramref name="columnNames"/>, or null when the choice is
    /// empty or equals <paramref name="defaults"/>, so that a table lists columns only when the user narrowed them.
    /// </summary>
    public static IReadOnlyList<string>? NormalizeFeatures(IEnumerable<string> chosen, IEnumerable<string> columnNames, IReadOnlyList<string> defaults)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        ArgumentNullException.ThrowIfNull(columnNames);
        ArgumentNullException.ThrowIfNull(defaults);
        var set = chosen.ToHashSet(StringComparer.OrdinalIgnoreCase);
        List<string> inFileOrder = [.. columnNames.Where(set.Contains)];
        return inFileOrder.Count == 0 || inFileOrder.SequenceEqual(defaults, StringComparer.OrdinalIgnoreCase) ? null : inFileOrder;
    }

    /// <summary>Returns the profile of column <paramref name="name"/> of <paramref name="file"/>, or null.</summary>
    public static CsvColumnProfile? FindColumn(TableUpload? file, string? name) =>
        name is null ? null : file?.Columns.FirstOrDefault(c => SameColumn(c.Name, name));

    /// <summary>
    /// Returns the number of distinct owners in <paramref name="ownerColumn"/>, which the natural partition makes
    /// into clients, or null when no owner column is chosen or the file's profile is unknown. Owners are counted as
    /// distinct texts, as the featurizer makes them, so "1" and "1.0" are two owners.
    /// </summary>
    public static int? OwnerCount(TableUpload? file, string? ownerColumn) => FindColumn(file, ownerColumn)?.DistinctTextCount;

    /// <summary>The names of the column types a table may give a column, as the experiment file writes them.</summary>
    public static IReadOnlyList<string> ColumnTypeNames { get; } = ["numeric", "categorical"];

    /// <summary>Returns the type <paramref name="column"/> is featurized as: its override in <paramref name="overrides"/>, else the inferred type.</summary>
    public static string TypeOf(IReadOnlyDictionary<string, string>? overrides, CsvColumnProfile column)
    {
        ArgumentNullException.ThrowIfNull(column);
        string? chosen = overrides?.FirstOrDefault(pair => SameColumn(pair.Key, column.Name)).Value;
        return chosen ?? TypeName(column.InferredType);
    }

    /// <summary>
    /// Returns <paramref name="overrides"/> with <paramref name="column"/> set to <paramref name="type"/>, where the
    /// column's inferred type removes its override, so that a table lists only the types the user changed.
    /// </summary>
    public static Dictionary<string, string> WithType(
        IReadOnlyDictionary<string, string>? overrides, TableUpload? file, string column, string type)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(type);
        var types = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach ((string name, string value) in overrides ?? new Dictionary<string, string>())
        {
            if (!SameColumn(name, column))
            {
                types[name] = value;
            }
        }

        if (FindColumn(file, column) is not { } profile || type != TypeName(profile.InferredType))
        {
            types[column] = type;
        }

        return types;
    }

    private static string TypeName(CsvColumnType type) => type == CsvColumnType.Numeric ? "numeric" : "categorical";

    /// <summary>Returns whether two column names name the same column: the featurizer compares them trimmed and ignoring case.</summary>
    public static bool SameColumn(string? left, string? right) => Simulation.Configuration.TableSource.SameColumn(left, right);
}
