using System.Security.Cryptography;
using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Data;

/// <summary>
/// Turns the bytes of a CSV file and an experiment's <see cref="TableSource"/> into the engine's dataset, the one
/// path that the command line and the web app both take.
/// </summary>
public static class TableSourceLoader
{
    /// <summary>Returns the id of a file: the lowercase hexadecimal SHA-256 of its bytes.</summary>
    public static string ComputeId(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>
    /// Reads and featurizes <paramref name="bytes"/> with the columns of <paramref name="source"/> and
    /// <paramref name="seed"/> for the train/test split. Throws <see cref="ExperimentException"/> with the line, the
    /// column and the fix when the file or the choices are invalid, or when the bytes are not the file the source names.
    /// </summary>
    public static TabularDataset Load(byte[] bytes, TableSource source, int seed)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(source);
        string id = ComputeId(bytes);
        if (!string.Equals(id, source.Id, StringComparison.Ordinal))
        {
            throw new ExperimentException(
                $"The file {source.FileName ?? "of the experiment"} has changed: its id is {id}, and the experiment names {source.Id}. " +
                "Choose the columns again for the new file.");
        }

        using var stream = new MemoryStream(bytes, writable: false);
        CsvTable table = CsvTableReader.Read(stream);
        return TabularFeaturizer.Featurize(table, ToOptions(source, seed));
    }

    /// <summary>Returns the featurization options that <paramref name="source"/> and <paramref name="seed"/> describe.</summary>
    public static FeaturizationOptions ToOptions(TableSource source, int seed)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new FeaturizationOptions
        {
            LabelColumn = source.LabelColumn,
            OwnerColumn = source.OwnerColumn,
            FeatureColumns = source.FeatureColumns,
            ColumnTypes = ParseTypes(source.ColumnTypes),
            TestFraction = source.TestFraction,
            Seed = seed,
            DatasetName = string.IsNullOrWhiteSpace(source.FileName) ? "CSV upload" : source.FileName,
        };
    }

    private static Dictionary<string, CsvColumnType>? ParseTypes(IReadOnlyDictionary<string, string>? types)
    {
        if (types is null)
        {
            return null;
        }

        var parsed = new Dictionary<string, CsvColumnType>(StringComparer.OrdinalIgnoreCase);
        foreach ((string column, string type) in types)
        {
            if (!parsed.TryAdd(column.Trim(), ParseType(column, type)))
            {
                throw new ExperimentException($"The column '{column}' has two types; column names ignore case, so give each column one type.");
            }
        }

        return parsed;
    }

    private static CsvColumnType ParseType(string column, string type) => type switch
    {
        "numeric" => CsvColumnType.Numeric,
        "categorical" => CsvColumnType.Categorical,
        _ => throw new ExperimentException($"The type '{type}' of column '{column}' is unknown; choose numeric or categorical."),
    };
}
