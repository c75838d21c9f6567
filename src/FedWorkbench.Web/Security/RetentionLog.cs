namespace FedWorkbench.Web.Security;

/// <summary>Log messages of the retention service; event ids 850–869 of the operations range 800–899.</summary>
internal static partial class RetentionLog
{
    [LoggerMessage(EventId = 850, EventName = "RoomDeleted", Level = LogLevel.Information,
        Message = "Deleted room {RoomId}, idle since {LastActiveAt:u}, with {BoardCount} boards, {ElementCount} elements, {OperationCount} operations, {VoteRoundCount} vote rounds and {RunCount} runs ({RoundCount} rounds)")]
    public static partial void RoomDeleted(
        ILogger logger, Guid roomId, DateTimeOffset lastActiveAt, int boardCount, int elementCount, int operationCount, int voteRoundCount, int runCount, int roundCount);

    [LoggerMessage(EventId = 851, EventName = "StandaloneRunsDeleted", Level = LogLevel.Information,
        Message = "Deleted {RunCount} runs outside rooms created before {Cutoff:u}, with {RoundCount} rounds")]
    public static partial void StandaloneRunsDeleted(ILogger logger, int runCount, int roundCount, DateTimeOffset cutoff);

    [LoggerMessage(EventId = 852, EventName = "RoomKept", Level = LogLevel.Information,
        Message = "Kept idle room {RoomId}: {Reason}")]
    public static partial void RoomKept(ILogger logger, Guid roomId, string reason);

    [LoggerMessage(EventId = 853, EventName = "RetentionFailed", Level = LogLevel.Error,
        Message = "The retention pass failed; it runs again in {IntervalMinutes} minutes")]
    public static partial void RetentionFailed(ILogger logger, Exception exception, int intervalMinutes);

    [LoggerMessage(EventId = 854, EventName = "RetentionStarted", Level = LogLevel.Information,
        Message = "Retention deletes rooms idle for {RoomIdleDays} days and standalone runs older than {StandaloneRunDays} days (0 keeps them), every {IntervalMinutes} minutes")]
    public static partial void RetentionStarted(ILogger logger, int roomIdleDays, int standaloneRunDays, int intervalMinutes);
}
