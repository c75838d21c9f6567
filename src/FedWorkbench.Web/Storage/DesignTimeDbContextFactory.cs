using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FedWorkbench.Web.Storage;

/// <summary>
/// Builds the context for <c>dotnet ef migrations add</c> without starting the web app. The connection is never
/// opened while adding a migration; the app applies migrations to the configured file at start-up.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<FedWorkbenchDbContext>
{
    /// <inheritdoc />
    public FedWorkbenchDbContext CreateDbContext(string[] args)
    {
        DbContextOptions<FedWorkbenchDbContext> options = new DbContextOptionsBuilder<FedWorkbenchDbContext>()
            .UseSqlite("Data Source=design-time.db")
            .Options;
        return new FedWorkbenchDbContext(options);
    }
}
