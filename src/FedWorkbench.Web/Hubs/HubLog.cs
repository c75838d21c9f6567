namespace FedWorkbench.Web.Hubs;

/// <summary>Log messages of the run hub; event ids 300–399.</summary>
internal static partial class HubLog
{
    [LoggerMessage(EventId = 300, EventName = "RunFollowed", Level = LogLevel.Debug,
        Message = "Connection {ConnectionId} follows run {RunId}; sent {RoundCount} stored rounds")]
    public static partial void RunFollowed(ILogger logger, string connectionId, Guid runId, int roundCount);

    [LoggerMessage(EventId = 301, EventName = "RunUnfollowed", Level = LogLevel.Debug,
        Message = "Connection {ConnectionId} stopped following run {RunId}")]
    public static partial void RunUnfollowed(ILogger logger, string connectionId, Guid runId);

    [LoggerMessage(EventId = 302, EventName = "FollowedUnknownRun", Level = LogLevel.Information,
        Message = "Connection {ConnectionId} asked to follow run {RunId}, which was not found")]
    public static partial void FollowedUnknownRun(ILogger logger, string connectionId, Guid runId);
}
