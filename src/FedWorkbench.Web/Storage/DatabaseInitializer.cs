using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FedWorkbench.Web.Storage;

/// <summary>
/// Creates the data folder, applies pending migrations and switches the database to WAL mode before any other
/// hosted service starts. Register it before the run worker: the host starts hosted services in order.
/// </summary>
internal sealed class DatabaseInitializer(
    IDbContextFactory<FedWorkbenchDbContext> contextFactory,
    IOptions<StorageOptions> options,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        string databasePath = options.Value.DatabasePath;
        Directory.CreateDirectory(Path.GetDirectoryName(databasePath)!);

        StorageLog.DatabaseMigrating(logger, databasePath);
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        await context.Database.MigrateAsync(cancellationToken);

        // WAL lets the pages read runs while the worker writes rounds. The mode is stored in the file, so
        // setting it once per start is enough; SQLite returns the mode in effect afterwards.
        await context.Database.OpenConnectionAsync(cancellationToken);
        await using DbCommand command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        string journalMode = Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) ?? "unknown";
        if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            StorageLog.WalNotEnabled(logger, databasePath, journalMode);
        }

        StorageLog.DatabaseReady(logger, databasePath, journalMode);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
