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
    /// <remarks>One table is at most 50,000,000 feature values (200 MB), so in practice the limit is the CSV limits.</remarks>
    public const int MaxCached = 4;

    private readonly Lock _lock = new();
    private readonly LinkedList<(string Key, TabularDataset Table)> _cache = [];

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
        lock (_lock)
        {
            for (LinkedListNode<(string Key, TabularDataset Table)>? node = _cache.First; node is not null; node = node.Next)
            {
                if (node.Value.Key == key)
                {
                    _cache.Remove(node);
                    _cache.AddFirst(node);
                    return node.Value.Table;
                }
            }
        }

        byte[] bytes = ReadBytes(source);
        TabularDataset table = TableSourceLoader.Load(bytes, source, seed);
        lock (_lock)
        {
            _cache.AddFirst((key, table));
            while (_cache.Count > MaxCached)
            {
                _cache.RemoveLast();
            }
        }

        return table;
    }

    private byte[] ReadBytes(TableSource source)
    {
        using FedWorkbenchDbContext context = contextFactory.CreateDbContext();
        byte[]? bytes = context.DataTables.AsNoTracking()
            .Where(t => t.Id == source.Id)
            .Select(t => t.Bytes)
            .FirstOrDefault();
        return bytes ?? throw new ExperimentException(
            $"The file {source.FileName ?? source.Id} is not stored on this instance, perhaps because it was unused for too long. Upload it again.");
    }
}
