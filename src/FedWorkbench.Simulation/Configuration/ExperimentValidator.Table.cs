namespace FedWorkbench.Simulation.Configuration;

public static partial class ExperimentValidator
{
    /// <summary>The column types a <see cref="TableSource"/> may name.</summary>
    private static readonly string[] TableColumnTypes = ["numeric", "categorical"];

    /// <summary>
    /// Checks the table of a run on <see cref="DatasetKind.Table"/> when the experiment names one: a file id, a label
    /// column, names within their limits, the column types and the test fraction. Whether the columns exist is
    /// checked when the file is read.
    /// </summary>
    /// <remarks>
    /// A run may omit the table when its caller hands the engine the data itself. A program that resolves the
    /// table dataset from the experiment alone requires it.
    /// </remarks>
    private static void ValidateTable(ExperimentConfig config, Action<string, string> add)
    {
        if (config.Dataset != DatasetKind.Table || config.Table is not TableSource table)
        {
            return;
        }

        // A file may write null where the record expects text, so every name below may be null.
        string field = nameof(config.Table);
        string? id = table.Id;
        if (id is null || id.Length != TableSource.IdLength || !id.All(char.IsAsciiHexDigitLower))
        {
            add($"{field}.{nameof(table.Id)}",
                $"The table id '{Shorten(id ?? "null")}' is invalid; it must be the 64 lowercase hexadecimal digits of the file's SHA-256. Upload the file again.");
        }

        CheckColumnName(add, $"{field}.{nameof(table.LabelColumn)}", "label column", table.LabelColumn, required: true);
        CheckColumnName(add, $"{field}.{nameof(table.OwnerColumn)}", "owner column", table.OwnerColumn, required: false);
        CheckColumnName(add, $"{field}.{nameof(table.FileName)}", "file name", table.FileName, required: false);
        if (TableSource.SameColumn(table.OwnerColumn, table.LabelColumn))
        {
            add($"{field}.{nameof(table.OwnerColumn)}", $"The owner column '{Shorten(table.OwnerColumn)}' is also the label column; choose another column for the owners.");
        }

        ValidateFeatureColumns(table, add, $"{field}.{nameof(table.FeatureColumns)}");
        var typedColumns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach ((string column, string type) in table.ColumnTypes ?? new Dictionary<string, string>())
        {
            if (!typedColumns.Add(column.Trim()))
            {
                add($"{field}.{nameof(table.ColumnTypes)}", $"The column '{Shorten(column)}' has two types; column names ignore case, so give each column one type.");
            }

            if (type is null || !TableColumnTypes.Contains(type))
            {
                add($"{field}.{nameof(table.ColumnTypes)}", $"The type '{Shorten(type ?? "null")}' of column '{Shorten(column)}' is unknown; choose numeric or categorical.");
            }
        }

        if (!(table.TestFraction > 0 && table.TestFraction <= TableSource.MaxTestFraction))
        {
            add($"{field}.{nameof(table.TestFraction)}",
                $"The table's test fraction {Format(table.TestFraction)} is outside (0, {Format(TableSource.MaxTestFraction)}]; enter for example {Format(TableSource.DefaultTestFraction)}.");
        }

        if (config.Partition == PartitionKind.Natural && config.ClientGroups.Count == 0 && string.IsNullOrWhiteSpace(table.OwnerColumn))
        {
            add(nameof(config.Partition), "The natural partition makes one client per owner; choose the column that names each row's owner.");
        }
    }

    private static void ValidateFeatureColumns(TableSource table, Action<string, string> add, string field)
    {
        if (table.FeatureColumns is not { } features)
        {
            return;
        }

        if (features.Count == 0 || features.Count > TableSource.MaxFeatureColumns)
        {
            add(field, $"{Number(features.Count)} feature columns are listed; list from 1 to {TableSource.MaxFeatureColumns}, or none for every column but the label and the owner.");
            return;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string feature in features)
        {
            CheckColumnName(add, field, "feature column", feature, required: true);
            if (feature is not null && !seen.Add(feature.Trim()))
            {
                add(field, $"The feature column '{Shorten(feature)}' is listed twice; list each column once.");
            }
        }
    }

    private static void CheckColumnName(Action<string, string> add, string field, string what, string? name, bool required)
    {
        if (name is null ? required : string.IsNullOrWhiteSpace(name))
        {
            string fix = what == "file name" ? "leave it out or give the uploaded file's name" : "choose a column of the file";
            add(field, $"The {what} is empty; {fix}.");
        }
        else if (name is not null && name.Length > TableSource.MaxNameLength)
        {
            add(field, $"The {what} '{Shorten(name)}' is {Number(name.Length)} characters long; the limit is {TableSource.MaxNameLength}.");
        }
        else if (name is not null && IndexOfHiddenCharacter(name) is int position and >= 0)
        {
            // A line break or a direction override in a name would garble the messages and pages that quote it.
            add(field, $"The {what} contains the invisible character U+{(int)name[position]:X4} at position {position + 1}; use visible characters only.");
        }
    }

    /// <summary>Returns <paramref name="text"/>, cut to 40 characters with an ellipsis, for quoting in a message.</summary>
    private static string Shorten(string text) => text.Length <= 40 ? text : text[..39] + "…";
}
