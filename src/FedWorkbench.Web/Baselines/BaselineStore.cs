using FedWorkbench.Data.Baselines;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Storage;
using Microsoft.EntityFrameworkCore;

namespace FedWorkbench.Web.Baselines;

/// <summary>
/// Reads and writes the baseline rows, one per key, and the baselines runs asked for. Each call uses its own
/// short-lived context, so the store is safe to share.
/// </summary>
public sealed class BaselineStore(IDbContextFactory<FedWorkbenchDbContext> contextFactory, TimeProvider timeProvider)
{
    /// <summary>Returns the row of <paramref name="keyHash"/>, or null when that baseline was never requested.</summary>
    public async Task<BaselineEntity?> FindAsync(string keyHash, CancellationToken cancellationToken)
    {
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await context.Baselines.AsNoTracking().FirstOrDefaultAsync(b => b.Key == keyHash, cancellationToken);
    }

    /// <summary>Returns the rows of <paramref name="keyHashes"/> that exist, by key.</summary>
    public async Task<IReadOnlyDictionary<string, BaselineEntity>> FindManyAsync(IReadOnlyCollection<string> keyHashes, CancellationToken cancellationToken)
    {
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        List<BaselineEntity> rows = await context.Baselines.AsNoTracking().Where(b => keyHashes.Contains(b.Key)).ToListAsync(cancellationToken);
        return rows.ToDictionary(b => b.Key);
    }

    /// <summary>Returns the rows left Queued or Running, oldest request first.</summary>
    public async Task<IReadOnlyList<BaselineEntity>> ListUnfinishedAsync(CancellationToken cancellationToken)
    {
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await context.Baselines.AsNoTracking()
            .Where(b => b.Status == BaselineStatus.Queued || b.Status == BaselineStatus.Running)
            .OrderBy(b => b.CreatedAt)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Returns the experiment and the baselines of run <paramref name="runId"/>, or null when no such run is stored.
    /// The list is empty when the run asked for none.
    /// </summary>
    public async Task<(ExperimentConfig Config, IReadOnlyList<BaselineKind> Kinds)?> GetRunRequestAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var row = await context.Runs.AsNoTracking()
            .Where(r => r.Id == runId)
            .Select(r => new { r.BaselineKinds, r.Experiment.ConfigJson })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : (ExperimentJson.Deserialize(row.ConfigJson), ParseKinds(row.BaselineKinds));
    }

    /// <summary>Returns every stored run that asked for baselines, with its experiment.</summary>
    public async Task<IReadOnlyList<(Guid RunId, ExperimentConfig Config, IReadOnlyList<BaselineKind> Kinds)>> ListRunRequestsAsync(
        CancellationToken cancellationToken)
    {
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await context.Runs.AsNoTracking()
            .Where(r => r.BaselineKinds != null)
            .Select(r => new { r.Id, r.BaselineKinds, r.Experiment.ConfigJson })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => (r.Id, ExperimentJson.Deserialize(r.ConfigJson), ParseKinds(r.BaselineKinds)))];
    }

    /// <summary>
    /// Stores <paramref name="request"/>'s baseline as Queued, or as Failed with <paramref name="error"/> when that is
    /// not null. A new row is inserted; a failed row is replaced, keeping the time of the first request.
    /// </summary>
    public async Task StoreRequestedAsync(BaselineRequest request, string? error, CancellationToken cancellationToken)
    {
        DateTimeOffset now = timeProvider.GetUtcNow();
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        BaselineEntity? row = await context.Baselines.FirstOrDefaultAsync(b => b.Key == request.Key.Hash, cancellationToken);
        if (row is null)
        {
            row = new BaselineEntity
            {
                Key = request.Key.Hash,
                KeyText = request.Key.Value,
                Kind = ExperimentNames.Of(request.Kind),
                CreatedAt = now,
            };
            context.Baselines.Add(row);
        }

        row.Status = error is null ? BaselineStatus.Queued : BaselineStatus.Failed;
        row.Error = error;
        row.FinishedAt = error is null ? null : now;
        row.TestAccuracy = null;
        row.TestLogLoss = null;
        row.Description = null;
        row.Seconds = null;
        await context.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Marks a row Queued again, for example one left Running by a stopped process.</summary>
    public Task MarkQueuedAsync(string keyHash, CancellationToken cancellationToken) =>
        UpdateAsync(keyHash, row => row.Status = BaselineStatus.Queued, cancellationToken);

    /// <summary>Marks a row Running.</summary>
    public Task MarkRunningAsync(string keyHash, CancellationToken cancellationToken) =>
        UpdateAsync(keyHash, row => row.Status = BaselineStatus.Running, cancellationToken);

    /// <summary>Stores a trained baseline's scores and marks it Completed.</summary>
    public Task MarkCompletedAsync(string keyHash, BaselineResult result, CancellationToken cancellationToken) =>
        UpdateAsync(keyHash, row =>
        {
            row.Status = BaselineStatus.Completed;
            row.TestAccuracy = result.TestAccuracy;
            row.TestLogLoss = result.TestLogLoss;
            row.Description = Shorten(result.Description, 1000);
            row.Seconds = result.Seconds;
            row.Error = null;
            row.FinishedAt = timeProvider.GetUtcNow();
        }, cancellationToken);

    /// <summary>Marks a row Failed with a message for the user.</summary>
    public Task MarkFailedAsync(string keyHash, string error, CancellationToken cancellationToken) =>
        UpdateAsync(keyHash, row =>
        {
            row.Status = BaselineStatus.Failed;
            row.Error = Shorten(error, 2000);
            row.FinishedAt = timeProvider.GetUtcNow();
        }, cancellationToken);

    /// <summary>Parses <see cref="RunEntity.BaselineKinds"/>; names this version does not know are skipped.</summary>
    public static IReadOnlyList<BaselineKind> ParseKinds(string? names)
    {
        if (string.IsNullOrEmpty(names))
        {
            return [];
        }

        var kinds = new List<BaselineKind>();
        foreach (string name in names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            foreach (BaselineKind kind in Enum.GetValues<BaselineKind>())
            {
                if (ExperimentNames.Of(kind) == name)
                {
                    kinds.Add(kind);
                }
            }
        }

        return kinds;
    }

    private async Task UpdateAsync(string keyHash, Action<BaselineEntity> update, CancellationToken cancellationToken)
    {
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        BaselineEntity row = await context.Baselines.FirstOrDefaultAsync(b => b.Key == keyHash, cancellationToken)
            ?? throw new InvalidOperationException($"Baseline {keyHash} is not stored.");
        update(row);
        await context.SaveChangesAsync(cancellationToken);
    }

    private static string Shorten(string text, int maxLength) => text.Length <= maxLength ? text : text[..(maxLength - 1)] + "…";
}
