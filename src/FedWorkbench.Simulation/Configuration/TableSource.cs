using System.Diagnostics.CodeAnalysis;

namespace FedWorkbench.Simulation.Configuration;

/// <summary>
/// The user's table that an experiment with <see cref="DatasetKind.Table"/> trains on, and how it becomes features:
/// the file, identified by its content, and the columns the user picked.
/// </summary>
/// <remarks>
/// The engine does not read files. The program that runs the experiment resolves <see cref="Id"/> to the file's
/// bytes and featurizes them with these settings and the experiment's seed, so that the same experiment file
/// gives the same data wherever it runs.
/// </remarks>
public sealed record TableSource
{
    /// <summary>Length of <see cref="Id"/>: the lowercase hexadecimal SHA-256 of the file's bytes.</summary>
    public const int IdLength = 64;

    /// <summary>Longest accepted column or file name, in characters.</summary>
    public const int MaxNameLength = 200;

    /// <summary>Most feature columns that can be listed; the CSV reader accepts no more columns than this.</summary>
    public const int MaxFeatureColumns = 200;

    /// <summary>Fraction of each owner's rows held out as the test set unless set otherwise.</summary>
    public const double DefaultTestFraction = 0.2;

    /// <summary>Largest test fraction, so that at least half of each owner's rows train.</summary>
    public const double MaxTestFraction = 0.5;

    /// <summary>
    /// Returns whether two column names name the same column: the reader matches names trimmed and ignoring case, so
    /// every check of a table's choices compares them so too.
    /// </summary>
    public static bool SameColumn([NotNullWhen(true)] string? left, [NotNullWhen(true)] string? right) =>
        left is not null && right is not null && string.Equals(left.Trim(), right.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>The lowercase hexadecimal SHA-256 of the file's bytes.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>Name of the uploaded file, for display; it does not identify the data.</summary>
    public string? FileName { get; init; }

    /// <summary>Column whose values are the classes to predict.</summary>
    public string LabelColumn { get; init; } = string.Empty;

    /// <summary>Column that names each row's owner (a site, a bank, a device), or null when the rows have no owner.</summary>
    public string? OwnerColumn { get; init; }

    /// <summary>Feature columns in feature order, or null for every column except the label, the owner and empty ones.</summary>
    public IReadOnlyList<string>? FeatureColumns { get; init; }

    /// <summary>Columns whose inferred type the user replaced, with the type: numeric or categorical.</summary>
    public IReadOnlyDictionary<string, string>? ColumnTypes { get; init; }

    /// <summary>Fraction of each owner's rows (of all rows without an owner column) held out as the test set.</summary>
    public double TestFraction { get; init; } = DefaultTestFraction;
}
