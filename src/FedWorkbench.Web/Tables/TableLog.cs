namespace FedWorkbench.Web.Tables;

/// <summary>Log messages of uploaded CSV files; event ids 270–279.</summary>
internal static partial class TableLog
{
    [LoggerMessage(EventId = 270, EventName = "TableStored", Level = LogLevel.Information,
        Message = "Stored the CSV file {TableId} ({FileName}, {SizeBytes} bytes, {RowCount} rows, {ColumnCount} columns)")]
    public static partial void TableStored(ILogger logger, string tableId, string fileName, long sizeBytes, int rowCount, int columnCount);

    [LoggerMessage(EventId = 271, EventName = "TableRefreshed", Level = LogLevel.Debug,
        Message = "The CSV file {TableId} ({FileName}) was already stored; marked it as used now")]
    public static partial void TableRefreshed(ILogger logger, string tableId, string fileName);

    [LoggerMessage(EventId = 272, EventName = "TableUploadRejected", Level = LogLevel.Information,
        Message = "Rejected the CSV upload {FileName} with status {StatusCode}: {Reason}")]
    public static partial void TableUploadRejected(ILogger logger, string fileName, int statusCode, string reason);

    [LoggerMessage(EventId = 273, EventName = "TableEvicted", Level = LogLevel.Information,
        Message = "Removed the CSV file {TableId} ({FileName}, {SizeBytes} bytes, last used {LastUsedAt:O}) to make room for a new upload")]
    public static partial void TableEvicted(ILogger logger, string tableId, string fileName, long sizeBytes, DateTimeOffset lastUsedAt);

    [LoggerMessage(EventId = 274, EventName = "TableStoreFull", Level = LogLevel.Warning,
        Message = "Rejected the CSV upload {FileName}: {StoredTables} stored files of {StoredBytes} bytes are all used by queued or running runs and baselines")]
    public static partial void TableStoreFull(ILogger logger, string fileName, int storedTables, long storedBytes);
}
