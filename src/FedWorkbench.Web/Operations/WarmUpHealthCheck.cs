using FedWorkbench.Web.Runs;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FedWorkbench.Web.Operations;

/// <summary>
/// Readiness check that the start-up warm-ups have finished (<see cref="StartupWarmUpStatus"/>). While they run it
/// is Degraded, for which the readiness endpoint still returns 200. The instance works, but its first launch takes
/// a few hundred milliseconds longer. A load balancer or benchmark that wants the warm instance waits for Healthy.
/// </summary>
internal sealed class WarmUpHealthCheck(StartupWarmUpStatus status) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        HealthCheckResult result = (status.StoreAndChartsFinished, status.EngineFinished) switch
        {
            (true, true) => HealthCheckResult.Healthy("The start-up warm-ups have finished."),
            (false, true) => HealthCheckResult.Degraded("The run store and chart warm-ups are still running, so the first launch may take longer."),
            (true, false) => HealthCheckResult.Degraded("The dataset load or the engine warm-up is still running, so the first launch may take longer."),
            (false, false) => HealthCheckResult.Degraded("The start-up warm-ups are still running, so the first launch may take longer."),
        };
        return Task.FromResult(result);
    }
}
