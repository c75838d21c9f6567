namespace FedWorkbench.Data;

/// <summary>How a column's values are featurized.</summary>
public enum CsvColumnType
{
    /// <summary>Numbers: missing values become the training mean, then the column is standardized.</summary>
    Numeric,

    /// <summary>Categories: missing values become their own category, then each category gets a one-hot feature.</summary>
    Categorical,
}

/// <summary>
/// What type inference found in one column: its type, missing and distinct counts, and the first value that does
/// not fit a numeric column.
/// </summary>
public sealed record CsvColumnProfile
{
    /// <summary>Column name from the header.</summary>
    public required string Name { get; init; }

    /// <summary>0-based index of the column.</summary>
    public required int Index { get; init; }

    /// <summary>1-based position of the column, as messages name it.</summary>
    public int Position => Index + 1;

    /// <summary>
    /// The inferred type: <see cref="CsvColumnType.Numeric"/> when the column has a value and at least
    /// <see cref="CsvLimits.NumericColumnThreshold"/> of its non-missing values are numbers (counting numbers written
    /// with a comma, which are errors), otherwise <see cref="CsvColumnType.Categorical"/>.
    /// </summary>
    public required CsvColumnType InferredType { get; init; }

    /// <summary>Number of missing values: empty fields and <see cref="CsvValues.MissingMarkers"/>.</summary>
    public required int MissingCount { get; init; }

    /// <summary>
    /// Number of distinct non-missing values. A numeric column counts distinct numbers ("1" and "1.0" are one) plus
    /// its distinct values that are not numbers, such as "0,5". A categorical column counts distinct texts,
    /// case-sensitively.
    /// </summary>
    public required int DistinctCount { get; init; }

    /// <summary>
    /// Number of distinct non-missing values compared as text, case-sensitively, so "1" and "1.0" are two. An owner
    /// column makes one owner of each, so this is the number of clients under the natural partition.
    /// </summary>
    public required int DistinctTextCount { get; init; }

    /// <summary>Number of non-missing values that are not valid numbers; in a numeric column each one is an error.</summary>
    public required int NonNumericCount { get; init; }

    /// <summary>The first non-missing value that is not a valid number, or null when there is none.</summary>
    public string? FirstNonNumericValue { get; init; }

    /// <summary>File line of <see cref="FirstNonNumericValue"/>, or 0 when there is none.</summary>
    public int FirstNonNumericLine { get; init; }

    /// <summary>Whether every value is missing. Such a column is left out of the default features.</summary>
    public bool IsEmpty { get; init; }

    /// <summary>Whether the column is numeric but contains values that are not numbers, each of which featurization rejects.</summary>
    public bool HasNumericErrors => InferredType == CsvColumnType.Numeric && NonNumericCount > 0;
}
