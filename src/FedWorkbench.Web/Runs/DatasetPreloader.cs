using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Training;
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
/// instead of reading the files a second time. After the load, one small round of each model warms up the engine.
/// </summary>
public sealed class DatasetPreloader(
    DatasetCatalog catalog,
    FederatedSimulation simulation,
    StartupWarmUpStatus warmUpStatus,
    IOptions<DatasetOptions> options,
    TimeProvider time,
    ILogger<DatasetPreloader> logger) : BackgroundService
{
    private volatile string? _error;
    private volatile bool _engineWarmedUp;
    private volatile int _state = options.Value.PreloadFashionMnist ? (int)DatasetPreloadState.Loading : (int)DatasetPreloadState.Disabled;

    /// <summary>Current state of the load.</summary>
    public DatasetPreloadState State => (DatasetPreloadState)_state;

    /// <summary>Message of a failed load, written for the operator; null unless <see cref="State"/> is Failed.</summary>
    public string? Error => _error;

    /// <summary>True once the warm-up rounds after a successful load have finished.</summary>
    public bool EngineWarmedUp => _engineWarmedUp;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await LoadAndWarmUpAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host stopped during the load or the warm-up, which the next start repeats.
        }
        finally
        {
            warmUpStatus.MarkEngineFinished();
        }
    }

    private async Task LoadAndWarmUpAsync(CancellationToken stoppingToken)
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
            return;
        }

        await WarmUpEngineAsync(stoppingToken);
    }

    /// <summary>
    /// Runs one round of the 2NN and one of softmax regression, each with 2 clients of 60 samples, and discards
    /// them. The engine's kernels are compiled on first call, which took a few hundred milliseconds of the first
    /// run's round 1; after this, the first user's run starts with compiled code. The warm-up took about 0.4 s
    /// after the load on a 2-core machine.
    /// </summary>
    private async Task WarmUpEngineAsync(CancellationToken stoppingToken)
    {
        long started = time.GetTimestamp();
        try
        {
            foreach (ModelKind model in new[] { ModelKind.Mlp, ModelKind.Softmax })
            {
                var config = new ExperimentConfig
                {
                    Name = "Start-up warm-up",
                    Model = model,
                    Clients = 1_000,
                    ClientFraction = 0.002,
                    Rounds = 1,
                };
                await foreach (CheckpointedRound _ in simulation.RunWithCheckpointsAsync(config, null, new CheckpointSettings(), null, stoppingToken))
                {
                }
            }

            _engineWarmedUp = true;
            RunsLog.EngineWarmedUp(logger, time.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (ExperimentException ex)
        {
            // A failed warm-up costs the first run its compilation time and nothing else, so start-up goes on.
            RunsLog.EngineWarmUpFailed(logger, ex.Message);
        }
    }
}
