using System.Data.Common;
using FedWorkbench.Web.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FedWorkbench.Web.Operations;

/// <summary>
/// Readiness check that the database file exists and SQLite can read its header, through the same context
/// factory and timeouts as the app.
/// </summary>
/// <remarks>
/// Descriptions name settings, not paths, because the readiness endpoint is public.
/// </remarks>
internal sealed class DatabaseHealthCheck(
    IDbContextFactory<FedWorkbenchDbContext> contextFactory,
    IOptions<StorageOptions> storage) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Opening a connection to a missing file would create an empty database, which hides the problem.
        if (!File.Exists(storage.Value.DatabasePath))
        {
            return HealthCheckResult.Unhealthy("The database file is missing from Storage:DataFolder.");
        }

        await using FedWorkbenchDbContext database = await contextFactory.CreateDbContextAsync(cancellationToken);
        await database.Database.OpenConnectionAsync(cancellationToken);
        await using DbCommand command = database.Database.GetDbConnection().CreateCommand();

        // Reading the schema version makes SQLite read the file header, unlike SELECT 1.
        command.CommandText = "PRAGMA schema_version;";
        await command.ExecuteScalarAsync(cancellationToken);
        return HealthCheckResult.Healthy("The database returns query results.");
    }
}

/// <summary>Readiness check that every migration in the app is applied to the database.</summary>
internal sealed class MigrationsHealthCheck(
    IDbContextFactory<FedWorkbenchDbContext> contextFactory,
    IOptions<StorageOptions> storage) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(storage.Value.DatabasePath))
        {
            return HealthCheckResult.Unhealthy("No migration is applied because the database file is missing.");
        }

        await using FedWorkbenchDbContext database = await contextFactory.CreateDbContextAsync(cancellationToken);
        string[] pending = [.. await database.Database.GetPendingMigrationsAsync(cancellationToken)];
        return pending.Length == 0
            ? HealthCheckResult.Healthy("All migrations are applied.")
            : HealthCheckResult.Unhealthy($"{pending.Length} migrations are not applied, the first being {pending[0]}; restart the app to apply them.");
    }
}
