using FedWorkbench.Web.Components.Runs;

namespace FedWorkbench.Web.Runs;

/// <summary>
/// Prepares Plotly.Blazor's chart serialization once at start-up (<see cref="PlotlyPreloader.WarmUpInteropSerialization"/>),
/// so that the first run page does not wait for it.
/// </summary>
public sealed class ChartWarmUp(TimeProvider time, ILogger<ChartWarmUp> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: the work is synchronous and takes a few hundred milliseconds of one core.
        await Task.Yield();
        long started = time.GetTimestamp();
        try
        {
            PlotlyPreloader.WarmUpInteropSerialization();
            RunsLog.ChartsWarmedUp(logger, time.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex)
        {
            // A failed warm-up costs the first run page that time and nothing else.
            RunsLog.ChartWarmUpFailed(logger, ex);
        }
    }
}
