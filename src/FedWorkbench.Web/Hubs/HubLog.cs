namespace FedWorkbench.Web.Hubs;

/// <summary>Log messages of the run hub and of what both hubs share; event ids 300–399.</summary>
internal static partial class HubLog
{
    [LoggerMessage(EventId = 300, EventName = "RunFollowed", Level = LogLevel.Debug,
        Message = "Connection {ConnectionId} follows run {RunId}; sent {RoundCount} stored rounds")]
    public static partial void RunFollowed(ILogger logger, string connectionId, Guid runId, int roundCount);

    [LoggerMessage(EventId = 301, EventName = "RunUnfollowed", Level = LogLevel.Debug,
        Message = "Connection {ConnectionId} stopped following run {RunId}")]
    public static partial void RunUnfollowed(ILogger logger, string connectionId, Guid runId);

    // Debug, not Information: any client can call FollowRun with made-up ids as often as it likes.
    [LoggerMessage(EventId = 302, EventName = "FollowedUnknownRun", Level = LogLevel.Debug,
        Message = "Connection {ConnectionId} requested to follow run {RunId}, which was not found; returned null")]
    public static partial void FollowedUnknownRun(ILogger logger, string connectionId, Guid runId);

    [LoggerMessage(EventId = 303, EventName = "InvalidRunId", Level = LogLevel.Debug,
        Message = "Connection {ConnectionId} called {Method} with run id '{RunId}', which is not a GUID; ignored")]
    public static partial void InvalidRunId(ILogger logger, string connectionId, string method, string runId);

    [LoggerMessage(EventId = 310, EventName = "SendTimedOut", Level = LogLevel.Warning,
        Message = "Sending {Method} of run {RunId} to its followers timed out after {TimeoutMilliseconds} ms and was cancelled; a follower is not reading its connection")]
    public static partial void SendTimedOut(ILogger logger, string method, Guid runId, int timeoutMilliseconds);

    [LoggerMessage(EventId = 311, EventName = "SendFailed", Level = LogLevel.Warning,
        Message = "Sending {Method} of run {RunId} to its followers failed")]
    public static partial void SendFailed(ILogger logger, Exception exception, string method, Guid runId);

    [LoggerMessage(EventId = 312, EventName = "RunEventDropped", Level = LogLevel.Warning,
        Message = "Dropped {EventType} of run {RunId} for hub followers because {PendingCount} messages of that run are waiting to be sent")]
    public static partial void RunEventDropped(ILogger logger, Guid runId, string eventType, int pendingCount);

    [LoggerMessage(EventId = 390, EventName = "HubMethodFailed", Level = LogLevel.Error,
        Message = "Hub method {Hub}.{Method} failed for connection {ConnectionId}")]
    public static partial void HubMethodFailed(ILogger logger, Exception exception, string hub, string method, string connectionId);

    // Debug, not Warning: any client can send badly typed arguments as often as the rate limits allow.
    [LoggerMessage(EventId = 391, EventName = "HubArgumentInvalid", Level = LogLevel.Debug,
        Message = "Connection {ConnectionId} called {Method} with an invalid argument {Argument}; rejected: {Reason}")]
    public static partial void HubArgumentInvalid(ILogger logger, string connectionId, string method, string argument, string reason);
}
