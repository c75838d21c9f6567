using FedWorkbench.Data;
using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Web.Storage;
using Microsoft.EntityFrameworkCore;

namespace FedWorkbench.Web.Tables;

/// <summary>
/// Featurizes the stored tables that experiments name, for the engine's dataset catalog, and keeps the last few
/// results, because a run, its evaluation and its baselines all ask for the same table.
/// </summary>
/// <remarks>All members are thread-safe; the engine calls <see cref="Load"/> from its own threads.</remarks>
public sealed class TableDatasets(IDbContextFactory<FedWorkbenchDbContext> contextFactory)
{
    /// <summary>Featurized tables kept in memory; the least recently used one goes first.</summary>
    /// <remarks>One table is at most 50,000,000 feature values (200 MB), so two stay below half a gigabyte.</remarks>
    public const int MaxCached = 2;

    // One featurization at a time: each keeps the file, its parsed table and ML.NET's buffers in memory, so parallel launches
    // on different tables would otherwise add their memory up without a bound.
    private readonly Lock _featurizeLock = new();
    private readonly RecentItems<TabularDataset> _cache = new(MaxCached);

    /// <summary>Returns the engine's dataset of <paramref name="source"/> for <paramref name="seed"/>.</summary>
    public Dataset Load(TableSource source, int seed) => Featurize(source, seed).Dataset;

    /// <summary>
    /// Returns <paramref name="source"/> featurized for <paramref name="seed"/>, reading the stored file when it is
    /// not cached. Throws <see cref="ExperimentException"/> when the file is not stored or does not fit the choices.
    /// </summary>
    public TabularDataset Featurize(TableSource source, int seed)
    {
        ArgumentNullException.ThrowIfNull(source);
        string key = $"{seed}:{System.Text.Json.JsonSerializer.Serialize(source, ExperimentJson.Options)}";
        if (_cache.Find(key) is { } cached)
        {
            return cached;
        }

        lock (_featurizeLock)
        {
            // Another caller may have featurized the same table while this one waited.
            if (_cache.Find(key) is { } featurized)
            {
                return featurized;
            }

            byte[] bytes = ReadBytes(source);
            TabularDataset table = TableSourceLoader.Load(bytes, source, seed);
            _cache.Add(key, table);
            return table;
        }
    }

    private byte[] ReadBytes(TableSource source)
    {
        using FedWorkbenchDbContext context = contextFactory.CreateDbContext();
        byte[]? bytes = context.DataTables.AsNoTracking()
            .Where(t => t.Id == source.Id)
            .Select(t => t.Bytes)
            .FirstOrDefault();
        return bytes ?? throw new ExperimentException(TableUploads.NotStoredMessage(source));
    }
}
