using FedWorkbench.Web.Operations;
using FedWorkbench.Web.Runs;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FedWorkbench.Web.Tests.Operations;

/// <summary>How the readiness endpoint's warm-up check reports the start-up warm-ups.</summary>
public sealed class WarmUpHealthCheckTests
{
    [Theory]
    [InlineData(false, false, "start-up warm-ups")]
    [InlineData(true, false, "engine warm-up")]
    [InlineData(false, true, "chart warm-ups")]
    public async Task Check_IsDegradedWhileAWarmUpRuns(bool storeAndChartsFinished, bool engineFinished, string named)
    {
        StartupWarmUpStatus status = StatusWith(storeAndChartsFinished, engineFinished);

        HealthCheckResult result = await new WarmUpHealthCheck(status).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains(named, result.Description, StringComparison.Ordinal);
        Assert.Contains("first launch may take longer", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_IsHealthyOnceBothWarmUpsEnded()
    {
        StartupWarmUpStatus status = StatusWith(storeAndChartsFinished: true, engineFinished: true);

        HealthCheckResult result = await new WarmUpHealthCheck(status).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.True(status.IsFinished);
    }

    private static StartupWarmUpStatus StatusWith(bool storeAndChartsFinished, bool engineFinished)
    {
        var status = new StartupWarmUpStatus();
        if (storeAndChartsFinished)
        {
            status.MarkStoreAndChartsFinished();
        }

        if (engineFinished)
        {
            status.MarkEngineFinished();
        }

        return status;
    }
}
