using FedWorkbench.Simulation;

namespace FedWorkbench.Data;

/// <summary>A feature column and the type it is featurized as.</summary>
internal readonly record struct FeatureColumn(int Index, CsvColumnType Type);

/// <summary>
/// The label, owner and feature columns that <see cref="FeaturizationOptions"/> name, resolved to indices and checked
/// against each other and the table.
/// </summary>
internal sealed record ColumnSelection(int Label, int Owner, IReadOnlyList<FeatureColumn> Features)
{
    /// <summary>Whether an owner column was chosen.</summary>
    public bool HasOwner => Owner >= 0;

    /// <summary>
    /// Resolves the columns of <paramref name="options"/>. Throws <see cref="ExperimentException"/> when a name is
    /// not in the table, a column has two roles, or no feature column remains.
    /// </summary>
    public static ColumnSelection Resolve(CsvTable table, IReadOnlyList<CsvColumnProfile> profiles, FeaturizationOptions options)
    {
        int label = Find(table, options.LabelColumn, "label column");
        int owner = options.OwnerColumn is null ? -1 : Find(table, options.OwnerColumn, "owner column");
        if (owner == label)
        {
            throw new ExperimentException(
                $"{Capitalize(table.DescribeColumn(label))} cannot be both the label and the owner column. Choose another owner column.");
        }

        CheckTypeOverrides(table, options);
        IReadOnlyList<int> featureIndices = options.FeatureColumns is null
            ? DefaultFeatures(table, profiles, label, owner)
            : ChosenFeatures(table, profiles, options.FeatureColumns, label, owner);

        var features = new FeatureColumn[featureIndices.Count];
        for (int i = 0; i < features.Length; i++)
        {
            int column = featureIndices[i];
            CsvColumnType type = options.ColumnTypes is not null && options.ColumnTypes.TryGetValue(table.ColumnNames[column], out CsvColumnType chosen)
                ? chosen
                : profiles[column].InferredType;
            features[i] = new FeatureColumn(column, type);
        }

        return new ColumnSelection(label, owner, features);
    }

    private static int Find(CsvTable table, string name, string role)
    {
        ArgumentNullException.ThrowIfNull(name);
        int index = table.IndexOf(name);
        if (index < 0)
        {
            throw new ExperimentException(
                $"The {role} '{name}' is not in the file. Its columns are {ListNames(table.ColumnNames)}.");
        }

        return index;
    }

    private static void CheckTypeOverrides(CsvTable table, FeaturizationOptions options)
    {
        if (options.ColumnTypes is null)
        {
            return;
        }

        foreach ((string name, CsvColumnType type) in options.ColumnTypes)
        {
            if (table.IndexOf(name) < 0)
            {
                throw new ExperimentException(
                    $"A type is set for the column '{name}', which is not in the file. Its columns are {ListNames(table.ColumnNames)}.");
            }

            if (!Enum.IsDefined(type))
            {
                throw new ArgumentException($"Column type {(int)type} of '{name}' is not a {nameof(CsvColumnType)}.", nameof(options));
            }
        }
    }

    private static List<int> DefaultFeatures(CsvTable table, IReadOnlyList<CsvColumnProfile> profiles, int label, int owner)
    {
        var features = new List<int>();
        for (int column = 0; column < table.ColumnCount; column++)
        {
            if (column != label && column != owner && !profiles[column].IsEmpty)
            {
                features.Add(column);
            }
        }

        if (features.Count == 0)
        {
            throw new ExperimentException(
                "No feature column is left, because every column other than the label and the owner is empty. Add a column " +
                "with values to predict the label from.");
        }

        return features;
    }

    private static List<int> ChosenFeatures(
        CsvTable table, IReadOnlyList<CsvColumnProfile> profiles, IReadOnlyList<string> names, int label, int owner)
    {
        if (names.Count == 0)
        {
            throw new ExperimentException("No feature column is chosen. Choose at least one column to predict the label from.");
        }

        var features = new List<int>(names.Count);
        foreach (string name in names)
        {
            int column = Find(table, name, "feature column");
            string described = Capitalize(table.DescribeColumn(column));
            if (column == label)
            {
                throw new ExperimentException($"{described} is the label column, so it cannot also be a feature. Remove it from the features.");
            }

            if (column == owner)
            {
                throw new ExperimentException(
                    $"{described} is the owner column, so it cannot also be a feature. Remove it from the features.");
            }

            if (features.Contains(column))
            {
                throw new ExperimentException($"{described} is chosen twice as a feature. Choose each column once.");
            }

            if (profiles[column].IsEmpty)
            {
                throw new ExperimentException($"{described} has no values, because every field is empty or missing. Remove it from the features.");
            }

            features.Add(column);
        }

        return features;
    }

    /// <summary>Lists column names for a message: all of them, or the first 20 and how many more there are.</summary>
    private static string ListNames(IReadOnlyList<string> names)
    {
        const int Listed = 20;
        string listed = string.Join(", ", names.Take(Listed).Select(name => $"'{name}'"));
        return names.Count <= Listed ? listed : $"{listed} and {names.Count - Listed} more";
    }

    /// <summary>Capitalizes the first letter, so "column 'a' (column 1)" can start a sentence.</summary>
    public static string Capitalize(string text)
        => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
