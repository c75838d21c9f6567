using System.ComponentModel.DataAnnotations;

namespace FedWorkbench.Web.Tables;

/// <summary>
/// Caps on the uploaded CSV files that this instance keeps in its database. Bound from the <c>Tables</c>
/// configuration section. When an upload would exceed a cap, the least recently used files that no queued or running
/// run names are removed first.
/// </summary>
public sealed class TableOptions
{
    /// <summary>Configuration section the options are bound from.</summary>
    public const string SectionName = "Tables";

    /// <summary>Default of <see cref="MaxStoredBytes"/>: 500 MiB.</summary>
    public const long DefaultMaxStoredBytes = 500L * 1024 * 1024;

    /// <summary>
    /// Total bytes of the stored files. Default 500 MiB, 25 files at the 20 MiB file limit. At least the file limit
    /// (20,971,520 bytes), so that one file of the largest allowed size fits.
    /// </summary>
    [Range(20_971_520d, 1_099_511_627_776d, ErrorMessage = "Tables:MaxStoredBytes must be between {1} and {2}.")]
    public long MaxStoredBytes { get; set; } = DefaultMaxStoredBytes;

    /// <summary>Number of stored files. Default 200.</summary>
    [Range(1, 100_000, ErrorMessage = "Tables:MaxStoredTables must be between {1} and {2}.")]
    public int MaxStoredTables { get; set; } = 200;
}
