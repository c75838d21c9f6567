using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Data;
using Microsoft.Extensions.Options;

namespace FedWorkbench.Web.Runs;

/// <summary>State of the start-up load of Fashion-MNIST.</summary>
public enum DatasetPreloadState
{
    /// <summary>Preloading is turned off (<see cref="DatasetOptions.PreloadFashionMnist"/>); the first run loads the dataset.</summary>
    Disabled,

    /// <summary>The files are missing, so nothing was loaded.</summary>
    Skipped,

    /// <summary>The dataset is being read.</summary>
    Loading,

    /// <summary>The dataset is in memory, shared by every run.</summary>
    Loaded,

    /// <summary>The files exist but could not be read; <see cref="DatasetPreloader.Error"/> gives the reason.</summary>
    Failed,
}

/// <summary>
/// Loads Fashion-MNIST into the process's <see cref="DatasetCatalog"/> in the background at start-up, so that the
/// first run on it starts training at once. A run launched during the load waits for it inside the catalog
/// instead of reading the files a second time.
/// </summary>
public sealed class DatasetPreloader(
    DatasetCatalog catalog,
    IOptions<DatasetOptions> options,
    TimeProvider time,
    ILogger<DatasetPreloader> logger) : BackgroundService
{
    private volatile string? _error;
    private volatile int _state = options.Value.PreloadFashionMnist ? (int)DatasetPreloadState.Loading : (int)DatasetPreloadState.Disabled;

    /// <summary>Current state of the load.</summary>
    public DatasetPreloadState State => (DatasetPreloadState)_state;

    /// <summary>Message of a failed load, written for the operator; null unless <see cref="State"/> is Failed.</summary>
    public string? Error => _error;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (State == DatasetPreloadState.Disabled)
        {
            return;
        }

        if (!catalog.IsFashionMnistInstalled())
        {
            RunsLog.DatasetPreloadSkipped(logger, catalog.FashionMnistFolder);
            _state = (int)DatasetPreloadState.Skipped;
            return;
        }

        long started = time.GetTimestamp();
        try
        {
            // Reading and decoding is synchronous work of about half a second, so it runs on the thread pool and
            // does not hold up the start of the other hosted services.
            await Task.Run(catalog.GetFashionMnist, stoppingToken);
            RunsLog.DatasetPreloaded(logger, catalog.FashionMnistFolder, time.GetElapsedTime(started).TotalMilliseconds);
            _state = (int)DatasetPreloadState.Loaded;
        }
        catch (ExperimentException ex)
        {
            // The catalog does not cache a failed load, so a run launched after the files are fixed reads them again.
            RunsLog.DatasetPreloadFailed(logger, ex.Message);
            _error = ex.Message;
            _state = (int)DatasetPreloadState.Failed;
        }
    }
}
