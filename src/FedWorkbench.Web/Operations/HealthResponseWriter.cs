using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FedWorkbench.Web.Operations;

/// <summary>
/// Writes a health report as JSON: <c>{"status": "Healthy", "checks": [{"name", "status", "description"}]}</c>.
/// Exceptions stay out of the body, because the endpoints are public; the health check service logs them.
/// </summary>
internal static class HealthResponseWriter
{
    /// <summary>Writes <paramref name="report"/> to the response as <c>application/json</c>.</summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var body = new HealthResponse(
            report.Status.ToString(),
            [.. report.Entries.Select(entry => new HealthCheckEntry(entry.Key, entry.Value.Status.ToString(), Describe(entry.Value)))]);
        return context.Response.WriteAsJsonAsync(body, HealthJsonContext.Default.HealthResponse);
    }

    // The health check service puts a thrown exception's message into the description; it could name a path or a
    // setting value, so a fixed sentence replaces it.
    private static string Describe(HealthReportEntry entry) => entry switch
    {
        { Exception: OperationCanceledException } => "The check timed out.",
        { Exception: not null } => "The check failed with an error; the server log has the details.",
        { Description: { Length: > 0 } description } => description,
        _ => entry.Status.ToString(),
    };
}

/// <summary>Body of the health endpoints.</summary>
/// <param name="Status">Healthy, Degraded or Unhealthy: the worst status of the checks.</param>
/// <param name="Checks">Each check in registration order; empty for the liveness endpoint.</param>
internal sealed record HealthResponse(string Status, IReadOnlyList<HealthCheckEntry> Checks);

/// <summary>One check's outcome.</summary>
internal sealed record HealthCheckEntry(string Name, string Status, string Description);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[System.Text.Json.Serialization.JsonSerializable(typeof(HealthResponse))]
internal sealed partial class HealthJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
