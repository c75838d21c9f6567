namespace FedWorkbench.Data;

/// <summary>The user's choices that turn a <see cref="CsvTable"/> into a dataset.</summary>
public sealed record FeaturizationOptions
{
    /// <summary>Fraction of each owner's rows held out for testing unless set otherwise, as in the experiment file.</summary>
    public const double DefaultTestFraction = Simulation.Configuration.TableSource.DefaultTestFraction;

    /// <summary>Name of the column whose values are the classes to predict.</summary>
    public required string LabelColumn { get; init; }

    /// <summary>
    /// Name of the column that names the party that owns each row (a bank branch, a hospital site), or null when the
    /// rows have no owner. Each distinct owner becomes one client.
    /// </summary>
    public string? OwnerColumn { get; init; }

    /// <summary>
    /// Names of the feature columns, in the order their features appear, or null for every column except the label,
    /// the owner and columns with no value at all, in file order.
    /// </summary>
    public IReadOnlyList<string>? FeatureColumns { get; init; }

    /// <summary>Column types that replace the inferred ones, by column name; columns not listed keep their inferred type.</summary>
    public IReadOnlyDictionary<string, CsvColumnType>? ColumnTypes { get; init; }

    /// <summary>
    /// Fraction of each owner's rows (of all rows without an owner column) held out for testing, in (0, 0.5]. Each
    /// owner holds out ⌊rows × fraction⌋ rows and keeps at least one training row.
    /// </summary>
    public double TestFraction { get; init; } = DefaultTestFraction;

    /// <summary>Seed of the train/test split; the same file, options and seed give the same dataset, bit for bit.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Name of the dataset, for example the uploaded file's name.</summary>
    public string DatasetName { get; init; } = "CSV upload";
}
