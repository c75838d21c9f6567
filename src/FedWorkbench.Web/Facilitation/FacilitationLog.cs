namespace FedWorkbench.Web.Facilitation;

/// <summary>Log messages of facilitation; event ids 600–699. No message contains a facilitator token.</summary>
internal static partial class FacilitationLog
{
    [LoggerMessage(EventId = 600, EventName = "AgendaSet", Level = LogLevel.Information,
        Message = "Room {RoomId}: agenda set with {PhaseCount} phases")]
    public static partial void AgendaSet(ILogger logger, Guid roomId, int phaseCount);

    [LoggerMessage(EventId = 601, EventName = "TimerStarted", Level = LogLevel.Information,
        Message = "Room {RoomId}: countdown of phase {PhaseIndex} started for {Minutes} minutes")]
    public static partial void TimerStarted(ILogger logger, Guid roomId, int phaseIndex, int minutes);

    [LoggerMessage(EventId = 602, EventName = "TimerPaused", Level = LogLevel.Information,
        Message = "Room {RoomId}: countdown paused with {RemainingSeconds:F0} s left")]
    public static partial void TimerPaused(ILogger logger, Guid roomId, double remainingSeconds);

    [LoggerMessage(EventId = 603, EventName = "TimerResumed", Level = LogLevel.Information,
        Message = "Room {RoomId}: countdown resumed with {RemainingSeconds:F0} s left")]
    public static partial void TimerResumed(ILogger logger, Guid roomId, double remainingSeconds);

    [LoggerMessage(EventId = 604, EventName = "TimerExtended", Level = LogLevel.Information,
        Message = "Room {RoomId}: {Minutes} minutes added to the countdown")]
    public static partial void TimerExtended(ILogger logger, Guid roomId, int minutes);

    [LoggerMessage(EventId = 605, EventName = "TimerStopped", Level = LogLevel.Information,
        Message = "Room {RoomId}: countdown stopped")]
    public static partial void TimerStopped(ILogger logger, Guid roomId);

    [LoggerMessage(EventId = 610, EventName = "VoteStarted", Level = LogLevel.Information,
        Message = "Room {RoomId}: voting round {VoteRoundId} started on board {BoardId} with {VotesPerPerson} votes per person")]
    public static partial void VoteStarted(ILogger logger, Guid roomId, Guid voteRoundId, Guid boardId, int votesPerPerson);

    [LoggerMessage(EventId = 611, EventName = "VoteEnded", Level = LogLevel.Information,
        Message = "Room {RoomId}: voting round {VoteRoundId} ended with {Voters} voters and {Votes} votes on {Notes} notes")]
    public static partial void VoteEnded(ILogger logger, Guid roomId, Guid voteRoundId, int voters, int votes, int notes);

    [LoggerMessage(EventId = 620, EventName = "BoardLockChanged", Level = LogLevel.Information,
        Message = "Room {RoomId}: board {BoardId} {Action}")]
    public static partial void BoardLockChanged(ILogger logger, Guid roomId, Guid boardId, string action);

    [LoggerMessage(EventId = 621, EventName = "ElementLocksChanged", Level = LogLevel.Information,
        Message = "Room {RoomId}: {Count} elements of board {BoardId} {Action}; {LockedCount} elements locked now")]
    public static partial void ElementLocksChanged(ILogger logger, Guid roomId, Guid boardId, int count, string action, int lockedCount);

    [LoggerMessage(EventId = 630, EventName = "RunPinned", Level = LogLevel.Information,
        Message = "Room {RoomId}: run {RunId} pinned")]
    public static partial void RunPinned(ILogger logger, Guid roomId, Guid runId);

    [LoggerMessage(EventId = 631, EventName = "RunUnpinned", Level = LogLevel.Information,
        Message = "Room {RoomId}: pinned run removed")]
    public static partial void RunUnpinned(ILogger logger, Guid roomId);

    [LoggerMessage(EventId = 632, EventName = "ViewportRequested", Level = LogLevel.Debug,
        Message = "Room {RoomId}: everyone brought to a view of board {BoardId}")]
    public static partial void ViewportRequested(ILogger logger, Guid roomId, Guid boardId);

    [LoggerMessage(EventId = 640, EventName = "RoomClaimed", Level = LogLevel.Information,
        Message = "Room {RoomId} claimed: it has a facilitator token now")]
    public static partial void RoomClaimed(ILogger logger, Guid roomId);

    // Warning: repeated wrong tokens can be someone guessing. The token itself is never logged.
    [LoggerMessage(EventId = 641, EventName = "WrongFacilitatorToken", Level = LogLevel.Warning,
        Message = "Room {RoomId}: {Action} rejected because the facilitator token is wrong or missing")]
    public static partial void WrongFacilitatorToken(ILogger logger, Guid roomId, string action);

    [LoggerMessage(EventId = 650, EventName = "PublishFailed", Level = LogLevel.Warning,
        Message = "Room {RoomId}: sending {Method} to the board hub failed")]
    public static partial void PublishFailed(ILogger logger, Exception exception, Guid roomId, string method);

    [LoggerMessage(EventId = 651, EventName = "SubscriberFailed", Level = LogLevel.Warning,
        Message = "Room {RoomId}: a facilitation subscriber failed on {EventType}")]
    public static partial void SubscriberFailed(ILogger logger, Exception exception, Guid roomId, string eventType);

    [LoggerMessage(EventId = 652, EventName = "SubscriptionDropped", Level = LogLevel.Warning,
        Message = "Room {RoomId}: a facilitation subscriber fell {Capacity} events behind and was dropped")]
    public static partial void SubscriptionDropped(ILogger logger, Guid roomId, int capacity);
}
