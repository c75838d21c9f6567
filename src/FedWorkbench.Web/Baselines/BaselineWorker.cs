using FedWorkbench.Data.Baselines;
using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Training;
using Microsoft.Extensions.Options;

namespace FedWorkbench.Web.Baselines;

/// <summary>
/// Trains the queued centralized baselines one at a time, on a thread of its own with lowered scheduling
/// priority, so that it never holds up the run worker's threads or the thread pool. At start-up it first queues
/// again the baselines that a stopped process left Queued or Running.
/// </summary>
/// <remarks>
/// It stops as soon as the host signals <c>ApplicationStopping</c> and leaves the baseline in training Running, so
/// that the next start-up queues it again. LightGBM cannot be cancelled while it boosts, so its thread, a background
/// thread, may go on until the process exits; nothing it returns is stored then.
/// </remarks>
public sealed class BaselineWorker(
    BaselineService baselines,
    DatasetCatalog catalog,
    IOptions<BaselineOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<BaselineWorker> logger) : BackgroundService
{
    /// <summary>Name of the thread that trains each baseline; the engine baseline's own thread is named <c>fedwb-baseline-engine-1</c>.</summary>
    public const string ThreadName = "fedwb-baseline";

    private DedicatedThreadTaskScheduler? _engineScheduler;

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await baselines.RequeueUnfinishedAsync(cancellationToken);
        BaselineOptions settings = options.Value;
        BaselineLog.WorkerStarted(logger, settings.QueueCapacity, settings.MaxTrainingSamples, settings.MaxEngineEpochs);
        await base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _engineScheduler?.Dispose();
        base.Dispose();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The engine baseline trains its one client on this scheduler's single thread instead of the thread pool.
        _engineScheduler = new DedicatedThreadTaskScheduler(1, $"{ThreadName}-engine");
        await Task.Factory.StartNew(() => LowerPriority(), CancellationToken.None, TaskCreationOptions.None, _engineScheduler);
        var trainer = new CentralizedBaseline(new SimulationOptions { MaxDegreeOfParallelism = 1, TaskScheduler = _engineScheduler });

        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        CancellationToken token = shutdown.Token;
        while (!token.IsCancellationRequested)
        {
            BaselineRequest request;
            try
            {
                request = await baselines.DequeueAsync(token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await TrainAsync(trainer, request, token);
        }
    }

    /// <summary>Trains one baseline and stores the outcome. Never throws: every outcome is stored and logged here.</summary>
    private async Task TrainAsync(CentralizedBaseline trainer, BaselineRequest request, CancellationToken token)
    {
        string kind = ExperimentNames.Of(request.Kind);
        string key = request.Key.Hash;
        try
        {
            await baselines.MarkRunningAsync(request, CancellationToken.None);
            BaselineLog.BaselineStarted(logger, kind, key, request.Key.Value);
            BaselineResult result = await RunOnOwnThreadAsync(() =>
            {
                Dataset dataset = catalog.Get(request.Config);
                return trainer.Train(request.Kind, dataset, request.Settings, token);
            }, token);

            if (!double.IsFinite(result.TestAccuracy) || result.TestAccuracy is < 0 or > 1)
            {
                throw new InvalidOperationException($"The trainer returned test accuracy {result.TestAccuracy}, outside [0, 1].");
            }

            await baselines.MarkCompletedAsync(request, result, CancellationToken.None);
            BaselineLog.BaselineCompleted(logger, kind, key, result.Seconds, result.TrainingSamples, result.TestAccuracy);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Left Running on purpose: the next start-up queues it again.
            BaselineLog.BaselineInterrupted(logger, kind, key);
        }
        catch (ExperimentException ex)
        {
            // Written for the user: it names the data or setting at fault.
            BaselineLog.BaselineFailed(logger, kind, key, ex.Message);
            await StoreFailureAsync(request, ex.Message);
        }
        catch (Exception ex)
        {
            BaselineLog.BaselineCrashed(logger, ex, kind, key);
            await StoreFailureAsync(request, BaselineService.InternalErrorMessage);
        }
    }

    private async Task StoreFailureAsync(BaselineRequest request, string error)
    {
        try
        {
            await baselines.MarkFailedAsync(request, error, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Left Queued or Running in the database; the next start-up queues it again.
            BaselineLog.BaselineStatusNotStored(logger, ex, request.Key.Hash, Storage.BaselineStatus.Failed);
        }
    }

    /// <summary>
    /// Runs <paramref name="train"/> on a new background thread and waits for it until <paramref name="token"/> is
    /// cancelled. After a cancellation the thread is left to end by itself.
    /// </summary>
    private Task<BaselineResult> RunOnOwnThreadAsync(Func<BaselineResult> train, CancellationToken token)
    {
        var completion = new TaskCompletionSource<BaselineResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            LowerPriority();
            try
            {
                completion.TrySetResult(train());
            }
            catch (Exception ex)
            {
                completion.TrySetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = ThreadName,
        };
        thread.Start();
        return completion.Task.WaitAsync(token);
    }

    private void LowerPriority()
    {
        if (BaselineThreadPriority.TryLower(out int errno) is false)
        {
            BaselineLog.ThreadPriorityNotLowered(logger, Thread.CurrentThread.Name ?? ThreadName, errno);
        }
    }
}
