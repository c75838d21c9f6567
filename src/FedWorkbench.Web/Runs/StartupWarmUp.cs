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
public sealed class StartupWarmUp(RunStore store, TimeProvider time, ILogger<StartupWarmUp> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // SQLite's async calls complete synchronously, so without this the work would hold up the host's start.
        await Task.Yield();
        long started = time.GetTimestamp();
        try
        {
            await store.WarmUpQueriesAsync(stoppingToken);
            RunsLog.StoreQueriesWarmedUp(logger, time.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            RunsLog.StoreWarmUpFailed(logger, ex);
        }

        started = time.GetTimestamp();
        try
        {
            await RunStore.WarmUpWritesAsync(time, stoppingToken);
            RunsLog.StoreWritesWarmedUp(logger, time.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            RunsLog.StoreWriteWarmUpFailed(logger, ex);
        }

        started = time.GetTimestamp();
        try
        {
            PlotlyPreloader.WarmUpInteropSerialization();
            RunsLog.ChartsWarmedUp(logger, time.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex)
        {
            RunsLog.ChartWarmUpFailed(logger, ex);
        }
    }
}
