namespace FedWorkbench.Web.Ui;

/// <summary>Log messages of the room page. Event ids 4050 to 4069 belong to it, within the web UI's 4000 to 4099.</summary>
internal static partial class RoomLog
{
    [LoggerMessage(EventId = 4050, EventName = "RoomNotFound", Level = LogLevel.Information,
        Message = "Room page opened for unknown room code of {CodeLength} characters")]
    private static partial void RoomNotFound(ILogger logger, int codeLength);

    /// <summary>Logs an unknown room code by its length only, because the code is the room's secret.</summary>
    public static void RoomNotFound(ILogger logger, string code) => RoomNotFound(logger, code.Length);

    [LoggerMessage(EventId = 4051, EventName = "BoardMounted", Level = LogLevel.Debug,
        Message = "Room page mounted board {BoardId} of room {RoomId}")]
    public static partial void BoardMounted(ILogger logger, Guid roomId, Guid boardId);

    [LoggerMessage(EventId = 4052, EventName = "BoardMountFailed", Level = LogLevel.Warning,
        Message = "Room page could not mount board {BoardId} of room {RoomId}")]
    public static partial void BoardMountFailed(ILogger logger, Exception exception, Guid roomId, Guid boardId);

    [LoggerMessage(EventId = 4053, EventName = "RunLaunchedFromBoard", Level = LogLevel.Information,
        Message = "Launched run {RunId} from board {BoardId} of room {RoomId}")]
    public static partial void RunLaunched(ILogger logger, Guid runId, Guid roomId, Guid boardId);

    [LoggerMessage(EventId = 4054, EventName = "ProblemCheckFailed", Level = LogLevel.Warning,
        Message = "Room page could not check board {BoardId} of room {RoomId}: {Reason}")]
    public static partial void ProblemCheckFailed(ILogger logger, Guid roomId, Guid boardId, string reason);

    [LoggerMessage(EventId = 4055, EventName = "BoardActionFailed", Level = LogLevel.Information,
        Message = "Room page could not {Action} board {BoardId} of room {RoomId}: {Reason}")]
    public static partial void BoardActionFailed(ILogger logger, string action, Guid roomId, Guid boardId, string reason);

    [LoggerMessage(EventId = 4056, EventName = "ClipboardWriteFailed", Level = LogLevel.Debug,
        Message = "Room page could not copy the share link of room {RoomId} to the clipboard: {Reason}")]
    public static partial void ClipboardWriteFailed(ILogger logger, Guid roomId, string reason);

    [LoggerMessage(EventId = 4057, EventName = "FacilitatorTokenRejected", Level = LogLevel.Information,
        Message = "Room page forgot a facilitator token that room {RoomId} does not accept")]
    public static partial void FacilitatorTokenRejected(ILogger logger, Guid roomId);

    [LoggerMessage(EventId = 4058, EventName = "FacilitationActionFailed", Level = LogLevel.Information,
        Message = "Room page could not {Action} in room {RoomId}: {Reason}")]
    public static partial void FacilitationActionFailed(ILogger logger, string action, Guid roomId, string reason);

    [LoggerMessage(EventId = 4059, EventName = "FacilitationClaimed", Level = LogLevel.Information,
        Message = "Room page claimed the facilitation of room {RoomId}")]
    public static partial void FacilitationClaimed(ILogger logger, Guid roomId);
}
