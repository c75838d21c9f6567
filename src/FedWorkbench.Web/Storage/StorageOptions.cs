using System.ComponentModel.DataAnnotations;
using Microsoft.Data.Sqlite;

namespace FedWorkbench.Web.Storage;

/// <summary>Where and how the SQLite database is kept. Bound from the <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    /// <summary>Configuration section the options are bound from.</summary>
    public const string SectionName = "Storage";

    /// <summary>
    /// Folder holding the database file. Default <c>data</c>; a relative path is resolved against the current
    /// directory. The folder is created at start-up when it does not exist.
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Storage:DataFolder is empty; set it to the folder for the database, for example data.")]
    public string DataFolder { get; set; } = "data";

    /// <summary>Name of the SQLite database file inside <see cref="DataFolder"/>. Default <c>fedworkbench.db</c>.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Storage:DatabaseFileName is empty; set it to a file name such as fedworkbench.db.")]
    [RegularExpression(@"^[^/\\]+$", ErrorMessage = "Storage:DatabaseFileName must be a file name without a folder; set the folder in Storage:DataFolder.")]
    public string DatabaseFileName { get; set; } = "fedworkbench.db";

    /// <summary>
    /// Milliseconds a statement waits for another connection's write lock before it fails with "database is
    /// locked". The wait is rounded up to whole seconds, at least 1, because Microsoft.Data.Sqlite's command
    /// timeout is in seconds (see <see cref="CommandTimeoutSeconds"/>).
    /// Default 5,000.
    /// </summary>
    [Range(0, 600_000, ErrorMessage = "Storage:BusyTimeoutMilliseconds must be between {1} and {2}.")]
    public int BusyTimeoutMilliseconds { get; set; } = 5_000;

    /// <summary>Absolute path of the database file.</summary>
    public string DatabasePath => Path.Combine(Path.GetFullPath(DataFolder), DatabaseFileName);

    /// <summary>
    /// Command timeout in seconds: <see cref="BusyTimeoutMilliseconds"/> rounded up, at least 1. Microsoft.Data.Sqlite
    /// retries a busy statement until its command timeout ends (30 s unless set, and 0 means no timeout, per its
    /// "Database errors" documentation), so without this a locked database would make a request wait far longer.
    /// </summary>
    public int CommandTimeoutSeconds => Math.Max(1, (BusyTimeoutMilliseconds + 999) / 1000);

    /// <summary>Connection string of the database, with <see cref="CommandTimeoutSeconds"/> as its default timeout.</summary>
    public string ConnectionString => new SqliteConnectionStringBuilder
    {
        DataSource = DatabasePath,
        DefaultTimeout = CommandTimeoutSeconds,
    }.ToString();
}
