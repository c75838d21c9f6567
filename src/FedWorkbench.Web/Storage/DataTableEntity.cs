namespace FedWorkbench.Web.Storage;

/// <summary>
/// An uploaded CSV file, stored once per content: its id is the SHA-256 of its bytes, which experiments name in
/// <see cref="Simulation.Configuration.TableSource.Id"/>, so a queued or resumed run reads the same bytes.
/// </summary>
public sealed class DataTableEntity
{
    /// <summary>Primary key: the lowercase hexadecimal SHA-256 of <see cref="Bytes"/>.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Name of the file when it was first uploaded, for display.</summary>
    public string FileName { get; set; } = string.Empty;

    /// <summary>The file's bytes, at most <see cref="Data.CsvLimits.MaxFileBytes"/>.</summary>
    public byte[] Bytes { get; set; } = [];

    /// <summary>Length of <see cref="Bytes"/>, stored so that the total can be summed without reading the files.</summary>
    public long SizeBytes { get; set; }

    /// <summary>Data rows of the file, header not counted.</summary>
    public int RowCount { get; set; }

    /// <summary>Columns of the file.</summary>
    public int ColumnCount { get; set; }

    /// <summary>When the file was first uploaded.</summary>
    public DateTimeOffset UploadedAt { get; set; }

    /// <summary>When a form or run last used the file; retention removes files unused for long.</summary>
    public DateTimeOffset LastUsedAt { get; set; }
}
