namespace FedWorkbench.Web.Operations;

/// <summary>Log messages of the health and metrics endpoints; event ids 880–899.</summary>
internal static partial class OperationsLog
{
    [LoggerMessage(EventId = 880, EventName = "MetricsEndpointMapped", Level = LogLevel.Information,
        Message = "Prometheus metrics served at {MetricsPath} to loopback and {MetricsAllowedFrom}")]
    public static partial void MetricsEndpointMapped(ILogger logger, string metricsPath, string metricsAllowedFrom);

    [LoggerMessage(EventId = 881, EventName = "MetricsDisabled", Level = LogLevel.Information,
        Message = "Metrics are disabled (Operations:MetricsEnabled is false)")]
    public static partial void MetricsDisabled(ILogger logger);

    // Debug, because scanners probe /metrics on every public host and each probe would add a line.
    [LoggerMessage(EventId = 882, EventName = "MetricsRequestRejected", Level = LogLevel.Debug,
        Message = "Metrics request from {RemoteAddress} rejected with 404 because the address is not in Operations:MetricsAllowedFrom")]
    public static partial void MetricsRequestRejected(ILogger logger, string remoteAddress);

    [LoggerMessage(EventId = 883, EventName = "KernelPathSelected", Level = LogLevel.Information,
        Message = "The simulation engine trains with {KernelPath}; set {KernelVariable} to portable, vector256 or vector512 to force another path")]
    public static partial void KernelPathSelected(ILogger logger, string kernelPath, string kernelVariable);
}
