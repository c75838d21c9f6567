using FedWorkbench.Web.Components.Runs;

namespace FedWorkbench.Web.Runs;

/// <summary>
/// Background work at start-up that takes first-time costs off the first launch. It runs the run store's read
/// queries once, so that EF Core compiles them, rehearses the store's writes on a private in-memory database, and
/// then prepares each chart type's serialization, so that the first run page does not build its JSON metadata. The engine's warm-up needs the dataset, so
/// <see cref="DatasetPreloader"/> runs that one.
/// </summary>
/// <remarks>
/// A failed step is logged and costs the first launch or run page that time, nothing else.
/// </remarks>
public sealed class StartupWarmUp(RunStore store, StartupWarmUpStatus status, TimeProvider time, ILogger<StartupWarmUp> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await WarmUpAsync(stoppingToken);
        }
        finally
        {
            status.MarkStoreAndChartsFinished();
        }
    }

    private async Task WarmUpAsync(CancellationToken stoppingToken)
    {
        // SQLite's async calls complete synchronously, so without this the work would hold up the host's start.
        await Task.Yield();
        if (!await TryStepAsync(
                () => store.WarmUpQueriesAsync(stoppingToken),
                elapsed => RunsLog.StoreQueriesWarmedUp(logger, elapsed),
                ex => RunsLog.StoreWarmUpFailed(logger, ex),
                stoppingToken))
        {
            return;
        }

        if (!await TryStepAsync(
                () => RunStore.WarmUpWritesAsync(time, stoppingToken),
                elapsed => RunsLog.StoreWritesWarmedUp(logger, elapsed),
                ex => RunsLog.StoreWriteWarmUpFailed(logger, ex),
                stoppingToken))
        {
            return;
        }

        await TryStepAsync(
            () =>
            {
                PlotlyPreloader.WarmUpInteropSerialization();
                return Task.CompletedTask;
            },
            elapsed => RunsLog.ChartsWarmedUp(logger, elapsed),
            ex => RunsLog.ChartWarmUpFailed(logger, ex),
            stoppingToken);
    }

    /// <summary>
    /// Runs one warm-up step and logs its time in milliseconds, or its failure. Returns false when the host is
    /// stopping, so the remaining steps are skipped.
    /// </summary>
    private async Task<bool> TryStepAsync(Func<Task> step, Action<double> completed, Action<Exception> failed, CancellationToken stoppingToken)
    {
        long started = time.GetTimestamp();
        try
        {
            await step();
            completed(time.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex)
        {
            failed(ex);
        }

        return true;
    }
}
