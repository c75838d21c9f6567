namespace FedWorkbench.Web.Facilitation;

/// <summary>One timed phase of a session's agenda, such as "Theory" for 30 minutes.</summary>
/// <param name="Title">1 to <see cref="FacilitationLimits.MaxPhaseTitleLength"/> visible characters.</param>
/// <param name="Minutes">1 to <see cref="FacilitationLimits.MaxPhaseMinutes"/>.</param>
public sealed record AgendaPhase(string Title, int Minutes);

/// <summary>The room's countdown as every participant sees it.</summary>
/// <param name="PhaseIndex">The agenda phase the countdown belongs to; null when no countdown was started.</param>
/// <param name="EndsAt">When a running countdown reaches zero; null while paused or stopped.</param>
/// <param name="PausedRemainingSeconds">Seconds left on a paused countdown; null while running or stopped.</param>
public sealed record SessionTimer(int? PhaseIndex, DateTimeOffset? EndsAt, double? PausedRemainingSeconds)
{
    /// <summary>No countdown.</summary>
    public static SessionTimer Stopped { get; } = new(null, null, null);

    /// <summary>True while the countdown runs.</summary>
    public bool IsRunning => EndsAt is not null;

    /// <summary>True while the countdown is paused.</summary>
    public bool IsPaused => PausedRemainingSeconds is not null;

    /// <summary>Seconds left at <paramref name="now"/>, never below 0; null when stopped.</summary>
    public double? RemainingSeconds(DateTimeOffset now) => EndsAt is { } endsAt
        ? Math.Max(0, (endsAt - now).TotalSeconds)
        : PausedRemainingSeconds;
}

/// <summary>Votes one note received in an ended voting round.</summary>
public sealed record VoteTally(string ElementId, int Votes);

/// <summary>A voting round as everyone sees it: results only once the facilitator ended it.</summary>
/// <param name="Id">The round's id.</param>
/// <param name="BoardId">The board whose notes are voted on.</param>
/// <param name="VotesPerPerson">Votes each person may place.</param>
/// <param name="IsOpen">True until the facilitator ends the round.</param>
/// <param name="StartedAt">When the round started.</param>
/// <param name="EndedAt">When the round ended; null while open.</param>
/// <param name="Voters">People who placed at least one vote.</param>
/// <param name="Results">Votes per note, most votes first, notes without votes left out; null while open.</param>
public sealed record VoteRoundView(
    Guid Id,
    Guid BoardId,
    int VotesPerPerson,
    bool IsOpen,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    int Voters,
    IReadOnlyList<VoteTally>? Results);

/// <summary>The votes one person placed in the open round, which only that person sees.</summary>
/// <param name="VoteRoundId">The round.</param>
/// <param name="Votes">Votes per note id.</param>
/// <param name="Remaining">Votes the person may still place.</param>
public sealed record MyVotes(Guid VoteRoundId, IReadOnlyDictionary<string, int> Votes, int Remaining);

/// <summary>What the facilitator locked on one board.</summary>
/// <param name="BoardId">The board.</param>
/// <param name="BoardLocked">True when the whole board is locked.</param>
/// <param name="LockedElementIds">Elements locked one by one.</param>
public sealed record BoardLocks(Guid BoardId, bool BoardLocked, IReadOnlyList<string> LockedElementIds)
{
    /// <summary>Returns true when nothing on the board is locked.</summary>
    public bool IsEmpty => !BoardLocked && LockedElementIds.Count == 0;
}

/// <summary>The part of the board a person sees: the board point at the top-left corner and the zoom factor.</summary>
public sealed record BoardViewport(double X, double Y, double Zoom);

/// <summary>The facilitator asked everyone to look at <paramref name="Viewport"/> of board <paramref name="BoardId"/>.</summary>
public sealed record ViewportRequest(Guid BoardId, BoardViewport Viewport);

/// <summary>The facilitation state of a room as every participant sees it. Holds no secret.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="HasFacilitator">False for a room created before facilitation existed, until someone claims it.</param>
/// <param name="Agenda">The agenda's phases in order.</param>
/// <param name="Timer">The countdown.</param>
/// <param name="Vote">The open voting round, or the last ended one; null when none was started.</param>
/// <param name="PinnedRunId">The run pinned for everyone; null when none is pinned.</param>
/// <param name="Locks">The boards of the room with something locked.</param>
/// <param name="ServerTime">The server's clock when the view was made, so browsers can correct their clock.</param>
public sealed record FacilitationView(
    Guid RoomId,
    bool HasFacilitator,
    IReadOnlyList<AgendaPhase> Agenda,
    SessionTimer Timer,
    VoteRoundView? Vote,
    Guid? PinnedRunId,
    IReadOnlyList<BoardLocks> Locks,
    DateTimeOffset ServerTime);

/// <summary>Something the facilitation of a room did, published to the room's pages and board connections.</summary>
public abstract record FacilitationEvent(Guid RoomId);

/// <summary>The facilitation state changed.</summary>
public sealed record FacilitationChanged(Guid RoomId, FacilitationView View) : FacilitationEvent(RoomId);

/// <summary>The facilitator brought everyone to a view of a board.</summary>
public sealed record ViewportRequested(Guid RoomId, ViewportRequest Request) : FacilitationEvent(RoomId);

/// <summary>A facilitation request that cannot be done; the message is written for the user and names what to change.</summary>
public sealed class FacilitationException(string message) : Exception(message);

/// <summary>
/// A room's facilitation: the facilitator token, agenda and countdown, locks, dot voting and the pinned run.
/// Every change is stored in SQLite first, then published through <see cref="Subscribe"/> and the board hub.
/// </summary>
/// <remarks>
/// Methods taking a <c>facilitatorToken</c> throw <see cref="FacilitationException"/> when the token is not the
/// room's, and every method throws it for input out of range, with a message that names the value.
/// </remarks>
public interface IFacilitationService
{
    /// <summary>Returns the room's facilitation state, or null when the room does not exist.</summary>
    Task<FacilitationView?> GetAsync(Guid roomId, CancellationToken cancellationToken = default);

    /// <summary>Returns true when <paramref name="facilitatorToken"/> is the room's facilitator token. Compares in constant time.</summary>
    Task<bool> IsFacilitatorAsync(Guid roomId, string? facilitatorToken, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives a room without a facilitator token a new one and returns it; throws <see cref="FacilitationException"/>
    /// when the room already has one.
    /// </summary>
    Task<string> ClaimAsync(Guid roomId, CancellationToken cancellationToken = default);

    /// <summary>Replaces the agenda; stops the countdown when its phase no longer exists.</summary>
    Task<FacilitationView> SetAgendaAsync(Guid roomId, string facilitatorToken, IReadOnlyList<AgendaPhase> agenda, CancellationToken cancellationToken = default);

    /// <summary>Starts the countdown of phase <paramref name="phaseIndex"/> with that phase's full length.</summary>
    Task<FacilitationView> StartTimerAsync(Guid roomId, string facilitatorToken, int phaseIndex, CancellationToken cancellationToken = default);

    /// <summary>Pauses a running countdown, or resumes a paused one.</summary>
    Task<FacilitationView> PauseOrResumeTimerAsync(Guid roomId, string facilitatorToken, CancellationToken cancellationToken = default);

    /// <summary>Adds 1 to <see cref="FacilitationLimits.MaxAddedMinutes"/> minutes to a running or paused countdown.</summary>
    Task<FacilitationView> AddTimeAsync(Guid roomId, string facilitatorToken, int minutes, CancellationToken cancellationToken = default);

    /// <summary>Stops the countdown.</summary>
    Task<FacilitationView> StopTimerAsync(Guid roomId, string facilitatorToken, CancellationToken cancellationToken = default);

    /// <summary>Asks every participant's board to show <paramref name="request"/>; stores nothing.</summary>
    Task BringEveryoneToViewAsync(Guid roomId, string facilitatorToken, ViewportRequest request, CancellationToken cancellationToken = default);

    /// <summary>Locks or unlocks a whole board of the room.</summary>
    Task<FacilitationView> SetBoardLockAsync(Guid roomId, string facilitatorToken, Guid boardId, bool locked, CancellationToken cancellationToken = default);

    /// <summary>Locks or unlocks single elements of a board; unknown element ids are rejected.</summary>
    Task<FacilitationView> SetElementLocksAsync(
        Guid roomId, string facilitatorToken, Guid boardId, IReadOnlyList<string> elementIds, bool locked, CancellationToken cancellationToken = default);

    /// <summary>Opens a voting round on the notes of a board; ends an open round first.</summary>
    Task<FacilitationView> StartVoteAsync(Guid roomId, string facilitatorToken, Guid boardId, int votesPerPerson, CancellationToken cancellationToken = default);

    /// <summary>Ends the open voting round, which makes its results visible to everyone.</summary>
    Task<FacilitationView> EndVoteAsync(Guid roomId, string facilitatorToken, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds (<paramref name="delta"/> = 1) or takes back (−1) one vote of <paramref name="participantId"/> on a note
    /// of the open round's board. Throws <see cref="FacilitationException"/> when no round is open, the element is
    /// not a note of that board, no vote is left, or there is no vote to take back.
    /// </summary>
    Task<MyVotes> CastVoteAsync(Guid roomId, string participantId, string elementId, int delta, CancellationToken cancellationToken = default);

    /// <summary>Returns the votes <paramref name="participantId"/> placed in the open round; null when none is open.</summary>
    Task<MyVotes?> GetMyVotesAsync(Guid roomId, string participantId, CancellationToken cancellationToken = default);

    /// <summary>Pins a run of the room for everyone, or unpins with null.</summary>
    Task<FacilitationView> PinRunAsync(Guid roomId, string facilitatorToken, Guid? runId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns why <paramref name="changedElementIds"/> may not change on board <paramref name="boardId"/> for a
    /// participant, or null when nothing they touch is locked. Reads cached locks, so it is cheap on every operation.
    /// </summary>
    string? FindLockProblem(Guid boardId, IReadOnlyCollection<string> changedElementIds);

    /// <summary>Calls <paramref name="handler"/> for every event of the room until the returned handle is disposed.</summary>
    IDisposable Subscribe(Guid roomId, Func<FacilitationEvent, Task> handler);
}
