namespace FedWorkbench.Web.Api;

/// <summary>Log messages of the HTTP API; event ids 400–499.</summary>
internal static partial class ApiLog
{
    [LoggerMessage(EventId = 400, EventName = "LaunchRejected", Level = LogLevel.Information,
        Message = "POST /api/runs rejected with status {StatusCode}: {Reason}")]
    public static partial void LaunchRejected(ILogger logger, int statusCode, string reason);

    [LoggerMessage(EventId = 401, EventName = "UnhandledApiError", Level = LogLevel.Error,
        Message = "{Method} {Path} failed with an unexpected error; trace id {TraceId}")]
    public static partial void UnhandledApiError(ILogger logger, Exception exception, string method, string path, string traceId);

    [LoggerMessage(EventId = 402, EventName = "DatabaseBusy", Level = LogLevel.Warning,
        Message = "{Method} {Path} returned 503 because the database stayed locked past the busy timeout; trace id {TraceId}: {Reason}")]
    public static partial void DatabaseBusy(ILogger logger, string method, string path, string traceId, string reason);

    [LoggerMessage(EventId = 403, EventName = "CrossSiteRequestRejected", Level = LogLevel.Warning,
        Message = "{Method} {Path} rejected with 403 because a browser sent it from another site ({OriginHost})")]
    public static partial void CrossSiteRequestRejected(ILogger logger, string method, string path, string originHost);

    [LoggerMessage(EventId = 404, EventName = "FacilitatorRequestRejected", Level = LogLevel.Information,
        Message = "{Method} {Path} rejected with status {StatusCode}: {Reason}")]
    public static partial void FacilitatorRequestRejected(ILogger logger, string method, string path, int statusCode, string reason);

    [LoggerMessage(EventId = 410, EventName = "RunResultUnavailable", Level = LogLevel.Information,
        Message = "The {Result} of run {RunId} was requested but is not available: {Reason}")]
    public static partial void RunResultUnavailable(ILogger logger, Guid runId, string result, string reason);
}
