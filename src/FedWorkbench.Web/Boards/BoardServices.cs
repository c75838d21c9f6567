using FedWorkbench.Web.Runs;

namespace FedWorkbench.Web.Boards;

/// <summary>A request about rooms or boards that cannot be carried out. The message states what to change.</summary>
public sealed class BoardException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>Creates and finds rooms, and lists, creates, imports and exports their boards.</summary>
/// <remarks>Methods throw <see cref="BoardException"/> for bad input (a name too long, an unknown template, an invalid file).</remarks>
public interface IRoomService
{
    /// <summary>
    /// Creates a room with one board, empty or from the template with key <paramref name="templateKey"/>, and a new
    /// facilitator token, which is returned only here.
    /// </summary>
    Task<CreatedRoom> CreateRoomAsync(string? name, string? templateKey, CancellationToken cancellationToken = default);

    /// <summary>Returns the room with share code <paramref name="code"/>, or null when there is none.</summary>
    Task<RoomInfo?> FindRoomAsync(string? code, CancellationToken cancellationToken = default);

    /// <summary>Lists the room's boards, oldest first.</summary>
    Task<IReadOnlyList<BoardInfo>> ListBoardsAsync(Guid roomId, CancellationToken cancellationToken = default);

    /// <summary>Adds a board to the room, empty or from a template, and notifies the room's browsers.</summary>
    Task<BoardInfo> CreateBoardAsync(Guid roomId, string? name, string? templateKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Renames a board of the room and sends BoardsChanged to the room's browsers. Throws <see cref="BoardException"/> when the name
    /// is empty, too long or has control characters, when the room has no such board, or when the facilitator
    /// locked the board and <paramref name="byFacilitator"/> is false.
    /// </summary>
    Task<BoardInfo> RenameBoardAsync(Guid roomId, Guid boardId, string name, bool byFacilitator = false, CancellationToken cancellationToken = default);

    /// <summary>
    /// Validates a board file (<see cref="BoardDocument"/> as JSON) whole and adds it to the room as a new board, or
    /// throws <see cref="BoardException"/> naming the first problem; nothing is saved then.
    /// </summary>
    Task<BoardInfo> ImportBoardAsync(Guid roomId, string json, CancellationToken cancellationToken = default);

    /// <summary>Returns the board as its export file, or null when the room has no such board.</summary>
    Task<BoardDocument?> ExportBoardAsync(Guid roomId, Guid boardId, CancellationToken cancellationToken = default);

    /// <summary>Lists the runs launched from the room's boards, newest first.</summary>
    Task<IReadOnlyList<RunSummary>> ListRunsAsync(Guid roomId, CancellationToken cancellationToken = default);
}

/// <summary>Turns a board into an experiment and launches it: the "Simulate" button and the simulate endpoint.</summary>
public interface IBoardSimulator
{
    /// <summary>
    /// Compiles the board's current server-side state. When it has problems, returns them and launches nothing.
    /// Otherwise queues a run tied to the room and board, notifies the room's browsers, and returns the run id.
    /// </summary>
    /// <param name="launchedBy">Display name of the person who pressed Simulate, shown in the room's notice.</param>
    Task<SimulateResult> SimulateAsync(Guid roomId, Guid boardId, string launchedBy, CancellationToken cancellationToken = default);

    /// <summary>Compiles the board without launching, for the problems list that updates while people edit.</summary>
    Task<IReadOnlyList<BoardProblem>> CheckAsync(Guid roomId, Guid boardId, CancellationToken cancellationToken = default);
}

/// <summary>Where a run came from, when it was launched from a board.</summary>
public sealed record RunOrigin(Guid RoomId, Guid BoardId, string LaunchedBy);
