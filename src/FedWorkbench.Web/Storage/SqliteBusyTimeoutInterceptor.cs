using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FedWorkbench.Web.Storage;

/// <summary>
/// Sets SQLite's busy timeout on every opened connection, so that a write waiting for another connection's lock
/// retries for <see cref="StorageOptions.BusyTimeoutMilliseconds"/> before it fails.
/// </summary>
/// <remarks>The pragma applies to one connection only and is not stored in the file, hence once per open.</remarks>
internal sealed class SqliteBusyTimeoutInterceptor(int busyTimeoutMilliseconds) : DbConnectionInterceptor
{
    /// <inheritdoc />
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using DbCommand command = CreatePragma(connection);
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using DbCommand command = CreatePragma(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private DbCommand CreatePragma(DbConnection connection)
    {
        DbCommand command = connection.CreateCommand();

        // A pragma takes no parameters; the value is an int from validated options, so formatting it is safe.
        command.CommandText = $"PRAGMA busy_timeout = {busyTimeoutMilliseconds};";
        return command;
    }
}
