using System.Diagnostics;
using System.Globalization;
using FedWorkbench.Web.Api;
using FedWorkbench.Web.Hubs;
using Microsoft.Data.Sqlite;

namespace FedWorkbench.Web;

/// <summary>Maps the run hub and the HTTP API.</summary>
public static class FedWorkbenchEndpoints
{
    /// <summary>
    /// Maps <see cref="RunHub"/> at <c>/hubs/runs</c>, <see cref="BoardHub"/> at <c>/hubs/board</c> and the minimal API under <c>/api</c>. Every API error is a
    /// problem details response without a stack trace. Unknown paths under <c>/api</c> get a 404 problem, and
    /// known paths called with another method a 405 problem with an <c>Allow</c> header.
    /// </summary>
    public static IEndpointRouteBuilder MapFedWorkbenchBackend(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        endpoints.MapHub<RunHub>(RunHub.Path).Add(CrossSiteRequestFilter.RejectCrossSiteHubRequests);
        endpoints.MapHub<BoardHub>(BoardHub.Path).Add(CrossSiteRequestFilter.RejectCrossSiteHubRequests);

        RouteGroupBuilder api = endpoints.MapGroup("/api").AddEndpointFilter(HandleUnexpectedErrorAsync);
        api.MapGet("/runs", RunEndpoints.ListRunsAsync).WithName("ListRuns");
        api.MapGet("/runs/{id:guid}", RunEndpoints.GetRunAsync).WithName("GetRun");
        api.MapPost("/runs", RunEndpoints.LaunchRunAsync).WithName("LaunchRun")
            .AddEndpointFilter(CrossSiteRequestFilter.RejectCrossSiteAsync);
        api.MapPost("/runs/{id:guid}/cancel", RunEndpoints.CancelRunAsync).WithName("CancelRun")
            .AddEndpointFilter(CrossSiteRequestFilter.RejectCrossSiteAsync);
        api.MapPost("/runs/{id:guid}/resume", RunEndpoints.ResumeRunAsync).WithName("ResumeRun")
            .AddEndpointFilter(CrossSiteRequestFilter.RejectCrossSiteAsync);
        api.MapGet("/experiments/defaults", RunEndpoints.GetDefaultExperiment).WithName("GetDefaultExperiment");
        api.MapGet("/runs/{id:guid}/metrics.json", RunResultEndpoints.GetMetricsJsonAsync).WithName("GetRunMetricsJson");
        api.MapGet("/runs/{id:guid}/evaluation", RunResultEndpoints.GetEvaluationAsync).WithName("GetRunEvaluation");
        api.MapGet("/runs/{id:guid}/model.onnx", RunResultEndpoints.GetModelOnnxAsync).WithName("GetRunModelOnnx");

        // Any other method on these paths gets a 405 instead of the 404 fallback. Order 1 makes the endpoints
        // above win whenever their method matches.
        MapMethodNotAllowed(api, "/runs", "GET, POST");
        MapMethodNotAllowed(api, "/runs/{id:guid}", "GET");
        MapMethodNotAllowed(api, "/runs/{id:guid}/cancel", "POST");
        MapMethodNotAllowed(api, "/runs/{id:guid}/resume", "POST");
        MapMethodNotAllowed(api, "/experiments/defaults", "GET");
        MapMethodNotAllowed(api, "/runs/{id:guid}/metrics.json", "GET");
        MapMethodNotAllowed(api, "/runs/{id:guid}/evaluation", "GET");
        MapMethodNotAllowed(api, "/runs/{id:guid}/model.onnx", "GET");
        BoardEndpoints.Map(api, MapMethodNotAllowed);
        BaselineEndpoints.Map(api, MapMethodNotAllowed);
        TableEndpoints.Map(api, MapMethodNotAllowed);
        endpoints.MapFallback("/api/{**path}", RunEndpoints.UnknownPath);

        return endpoints;
    }

    private static void MapMethodNotAllowed(RouteGroupBuilder api, string pattern, string allowedMethods) =>
        api.Map(pattern, (HttpContext http) => RunEndpoints.MethodNotAllowed(http, allowedMethods)).WithOrder(1);

    // Retry-After value, in seconds, of the 503 for a locked database.
    private const int DatabaseBusyRetryAfterSeconds = 5;

    // SQLITE_BUSY and SQLITE_LOCKED, possibly wrapped by EF Core in a DbUpdateException.
    private static bool IsDatabaseBusy(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is SqliteException { SqliteErrorCode: SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Turns a locked database into a 503 problem and any other unexpected exception into a 500 problem with the
    /// trace id, after logging it.
    /// </summary>
    private static async ValueTask<object?> HandleUnexpectedErrorAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        HttpContext http = context.HttpContext;
        try
        {
            return await next(context);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client disconnected, so no response is sent.
            return Results.Empty;
        }
        catch (Exception ex) when (IsDatabaseBusy(ex))
        {
            // Another connection or process holds the write lock past the busy timeout; retrying later helps.
            string traceId = Activity.Current?.Id ?? http.TraceIdentifier;
            ILogger logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FedWorkbenchEndpoints));
            ApiLog.DatabaseBusy(logger, http.Request.Method, http.Request.Path, traceId, ex.GetBaseException().Message);
            http.Response.Headers.RetryAfter = DatabaseBusyRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The database is busy; try again in a few seconds.",
                detail: "Another process holds the database's write lock. Nothing was changed by this request.",
                extensions: new Dictionary<string, object?> { ["traceId"] = traceId });
        }
        catch (Exception ex)
        {
            string traceId = Activity.Current?.Id ?? http.TraceIdentifier;
            ILogger logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FedWorkbenchEndpoints));
            ApiLog.UnhandledApiError(logger, ex, http.Request.Method, http.Request.Path, traceId);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status500InternalServerError,
                title: "The request failed because of an internal error.",
                detail: $"The server log has the details under trace id {traceId}.",
                extensions: new Dictionary<string, object?> { ["traceId"] = traceId });
        }
    }
}
