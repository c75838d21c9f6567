namespace FedWorkbench.Web.Boards;

/// <summary>Log messages of rooms, boards and the board hub; event ids 500–599.</summary>
internal static partial class BoardLog
{
    [LoggerMessage(EventId = 500, EventName = "RoomCreated", Level = LogLevel.Information,
        Message = "Room {RoomId} created with board {BoardId} from template '{Template}'")]
    public static partial void RoomCreated(ILogger logger, Guid roomId, Guid boardId, string template);

    [LoggerMessage(EventId = 501, EventName = "BoardCreated", Level = LogLevel.Information,
        Message = "Board {BoardId} created in room {RoomId} from template '{Template}'")]
    public static partial void BoardCreated(ILogger logger, Guid boardId, Guid roomId, string template);

    [LoggerMessage(EventId = 502, EventName = "BoardImported", Level = LogLevel.Information,
        Message = "Board {BoardId} imported into room {RoomId} with {ElementCount} elements")]
    public static partial void BoardImported(ILogger logger, Guid boardId, Guid roomId, int elementCount);

    [LoggerMessage(EventId = 503, EventName = "ImportRejected", Level = LogLevel.Information,
        Message = "Board import into room {RoomId} rejected: {Reason}")]
    public static partial void ImportRejected(ILogger logger, Guid roomId, string reason);

    [LoggerMessage(EventId = 504, EventName = "BoardRenamed", Level = LogLevel.Information,
        Message = "Board {BoardId} in room {RoomId} renamed")]
    public static partial void BoardRenamed(ILogger logger, Guid boardId, Guid roomId);

    // Information: any browser can send invalid names as often as it likes.
    [LoggerMessage(EventId = 505, EventName = "BoardRequestRejected", Level = LogLevel.Information,
        Message = "{Method} {Path} rejected with status 400: {Reason}")]
    public static partial void RequestRejected(ILogger logger, string method, string path, string reason);

    // Debug: any participant can send invalid operations as often as the rate limit allows.
    [LoggerMessage(EventId = 510, EventName = "OperationRejected", Level = LogLevel.Debug,
        Message = "Operation {OpId} on board {BoardId} by {Actor} rejected: {Reason}")]
    public static partial void OperationRejected(ILogger logger, string opId, Guid boardId, string actor, string reason);

    [LoggerMessage(EventId = 511, EventName = "OperationSaveFailed", Level = LogLevel.Error,
        Message = "Operation {OpId} on board {BoardId} could not be saved; the board was reloaded from the database")]
    public static partial void OperationSaveFailed(ILogger logger, Exception exception, string opId, Guid boardId);

    [LoggerMessage(EventId = 512, EventName = "OperationResent", Level = LogLevel.Debug,
        Message = "Operation {OpId} on board {BoardId} was resent; returned its earlier outcome {Status}")]
    public static partial void OperationResent(ILogger logger, string opId, Guid boardId, string status);

    [LoggerMessage(EventId = 513, EventName = "BoardEvicted", Level = LogLevel.Debug,
        Message = "Board {BoardId} left server memory after {IdleMinutes} idle minutes")]
    public static partial void BoardEvicted(ILogger logger, Guid boardId, int idleMinutes);

    [LoggerMessage(EventId = 514, EventName = "BroadcastFailed", Level = LogLevel.Warning,
        Message = "Sending {Method} to the group {Group} failed")]
    public static partial void BroadcastFailed(ILogger logger, Exception exception, string method, string group);

    [LoggerMessage(EventId = 520, EventName = "RateLimited", Level = LogLevel.Information,
        Message = "Connection {ConnectionId} of {Actor} on board {BoardId} exceeded {MaxPerSecond} operations per second; {RejectedCount} operations rejected since the last such line (at most one line per second per connection)")]
    public static partial void RateLimited(ILogger logger, string connectionId, string actor, Guid boardId, int maxPerSecond, int rejectedCount);

    [LoggerMessage(EventId = 530, EventName = "JoinRefused", Level = LogLevel.Warning,
        Message = "Connection {ConnectionId} could not join a board: {Reason}")]
    public static partial void JoinRefused(ILogger logger, string connectionId, string reason);

    [LoggerMessage(EventId = 531, EventName = "BoardJoined", Level = LogLevel.Debug,
        Message = "Connection {ConnectionId} of {Actor} joined board {BoardId} in room {RoomId} from version {LastVersion}")]
    public static partial void BoardJoined(ILogger logger, string connectionId, string actor, Guid boardId, Guid roomId, long? lastVersion);

    [LoggerMessage(EventId = 540, EventName = "SimulateLaunched", Level = LogLevel.Information,
        Message = "Board {BoardId} in room {RoomId} launched run {RunId}")]
    public static partial void SimulateLaunched(ILogger logger, Guid boardId, Guid roomId, Guid runId);

    [LoggerMessage(EventId = 541, EventName = "SimulateRefused", Level = LogLevel.Information,
        Message = "Board {BoardId} in room {RoomId} was not simulated: {ProblemCount} problems, first: {FirstProblem}")]
    public static partial void SimulateRefused(ILogger logger, Guid boardId, Guid roomId, int problemCount, string firstProblem);
}
