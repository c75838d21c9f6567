using FedWorkbench.Web.Runs;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FedWorkbench.Web.Operations;

/// <summary>Readiness check that the run worker has started and is still taking runs from the queue.</summary>
internal sealed class RunWorkerHealthCheck(IEnumerable<IHostedService> hostedServices) : IHealthCheck
{
    private readonly RunWorker? _worker = hostedServices.OfType<RunWorker>().SingleOrDefault();

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // BackgroundService sets ExecuteTask when the host starts it; the task ends only when the worker stops or crashes.
        HealthCheckResult result = _worker?.ExecuteTask switch
        {
            null => HealthCheckResult.Unhealthy("The run worker has not started."),
            { IsCompleted: true } => HealthCheckResult.Unhealthy("The run worker has stopped; queued runs will not start. The server log has the reason."),
            _ => HealthCheckResult.Healthy("The run worker is taking runs from the queue."),
        };
        return Task.FromResult(result);
    }
}
