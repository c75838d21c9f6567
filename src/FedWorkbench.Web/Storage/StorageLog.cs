using Microsoft.Extensions.Logging;

namespace FedWorkbench.Web.Storage;

/// <summary>Log messages of the storage area; event ids 100–199.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 100, EventName = "DatabaseMigrating", Level = LogLevel.Information,
        Message = "Applying database migrations to {DatabasePath}")]
    public static partial void DatabaseMigrating(ILogger logger, string databasePath);

    [LoggerMessage(EventId = 101, EventName = "DatabaseReady", Level = LogLevel.Information,
        Message = "Database {DatabasePath} is ready in journal mode {JournalMode}")]
    public static partial void DatabaseReady(ILogger logger, string databasePath, string journalMode);

    [LoggerMessage(EventId = 102, EventName = "WalNotEnabled", Level = LogLevel.Warning,
        Message = "SQLite kept journal mode {JournalMode} for {DatabasePath} instead of WAL; readers will block while a run writes")]
    public static partial void WalNotEnabled(ILogger logger, string databasePath, string journalMode);
}
