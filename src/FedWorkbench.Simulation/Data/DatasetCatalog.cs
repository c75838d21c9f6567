using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Simulation.Data;

/// <summary>
/// Loads each dataset once per process and hands the same read-only instance to every run.
/// Register one instance per process (a singleton in the web app). All members are thread-safe.
/// </summary>
public sealed class DatasetCatalog
{
    /// <summary>Folder the Debian package <c>dataset-fashion-mnist</c> installs into.</summary>
    public const string DefaultFashionMnistFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>Maximum number of synthetic datasets kept in memory. The least recently used one is dropped first.</summary>
    /// <remarks>One synthetic dataset takes about 1.7 MB (7,000 samples × 60 floats), and generating one again is fast.</remarks>
    public const int MaxCachedSyntheticDatasets = 8;

    private readonly Lock _fashionMnistLock = new();
    private volatile Dataset? _fashionMnist;

    private readonly Lock _syntheticLock = new();
    private readonly Dictionary<SyntheticKey, SyntheticEntry> _synthetic = [];
    private long _syntheticUseCounter;

    private readonly Func<TableSource, int, Dataset>? _tableLoader;

    /// <summary>Creates a catalog that reads Fashion-MNIST from <paramref name="fashionMnistFolder"/>.</summary>
    /// <param name="fashionMnistFolder">Folder of the four Fashion-MNIST files, or null for the Debian package's.</param>
    /// <param name="tableLoader">
    /// Returns the dataset of an experiment's table for its seed, or null when the program offers no tables. It
    /// throws <see cref="ExperimentException"/> when the table cannot be loaded, and may be called from several threads.
    /// </param>
    public DatasetCatalog(string? fashionMnistFolder = null, Func<TableSource, int, Dataset>? tableLoader = null)
    {
        FashionMnistFolder = string.IsNullOrWhiteSpace(fashionMnistFolder) ? DefaultFashionMnistFolder : fashionMnistFolder;
        _tableLoader = tableLoader;
    }

    /// <summary>Folder holding the four Fashion-MNIST idx <c>.gz</c> files.</summary>
    public string FashionMnistFolder { get; }

    /// <summary>
    /// Returns the dataset an experiment trains on, loading or generating it on first use.
    /// Throws <see cref="ExperimentException"/> when files are missing or corrupt.
    /// </summary>
    public Dataset Get(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Dataset switch
        {
            DatasetKind.FashionMnist => GetFashionMnist(),
            DatasetKind.Synthetic => GetSynthetic(config.SyntheticAlpha, config.SyntheticBeta, config.Seed),
            DatasetKind.Table => GetTable(config),
            _ => throw new ExperimentException($"Dataset {(int)config.Dataset} is unknown; choose fashion-mnist, synthetic or table."),
        };
    }

    private Dataset GetTable(ExperimentConfig config)
    {
        if (_tableLoader is null)
        {
            throw new ExperimentException(
                "This program has no tables to train on; pass the featurized table to the simulation, or choose fashion-mnist or synthetic.");
        }

        TableSource table = config.Table ?? throw new ExperimentException(
            "The table dataset needs a table: the id of a CSV file and its label column. Upload a CSV file and choose its columns.");
        return _tableLoader(table, config.Seed);
    }

    /// <summary>
    /// Returns whether Fashion-MNIST is already loaded or its four files exist in <see cref="FashionMnistFolder"/>.
    /// It reads no file, so a front end can call it to decide whether to offer the synthetic dataset instead.
    /// A true result does not prove that the files are intact: <see cref="Get"/> still checks them.
    /// </summary>
    public bool IsFashionMnistInstalled() => _fashionMnist is not null || FashionMnistLoader.FilesExist(FashionMnistFolder);

    /// <summary>
    /// Returns Fashion-MNIST, reading it on the first call. A failed load is not cached, so a call after the user
    /// installs or repairs the files reads them again.
    /// </summary>
    public Dataset GetFashionMnist()
    {
        Dataset? loaded = _fashionMnist;
        if (loaded is not null)
        {
            return loaded;
        }

        // One thread reads the files while the others wait for it, because a second parallel read would double the
        // memory and time of a load that takes about half a second.
        lock (_fashionMnistLock)
        {
            _fashionMnist ??= FashionMnistLoader.Load(FashionMnistFolder);
            return _fashionMnist;
        }
    }

    /// <summary>Returns Synthetic(α, β) for the seed, generating it unless it is among the recently used ones.</summary>
    public Dataset GetSynthetic(double alpha, double beta, int seed)
    {
        var key = new SyntheticKey(alpha, beta, seed);
        lock (_syntheticLock)
        {
            long use = ++_syntheticUseCounter;
            if (_synthetic.TryGetValue(key, out SyntheticEntry? entry))
            {
                entry.LastUse = use;
                return entry.Dataset;
            }

            // Generating takes milliseconds, so it runs under the lock. Concurrent requests for the same key then
            // share one instance.
            Dataset dataset = SyntheticDataset.Generate(alpha, beta, seed);
            if (_synthetic.Count >= MaxCachedSyntheticDatasets)
            {
                SyntheticKey leastRecent = _synthetic.MinBy(pair => pair.Value.LastUse).Key;
                _synthetic.Remove(leastRecent);
            }

            _synthetic[key] = new SyntheticEntry(dataset) { LastUse = use };
            return dataset;
        }
    }

    private readonly record struct SyntheticKey(double Alpha, double Beta, int Seed);

    private sealed class SyntheticEntry(Dataset dataset)
    {
        public Dataset Dataset { get; } = dataset;

        public long LastUse { get; set; }
    }
}
