using System.ComponentModel.DataAnnotations;

namespace FedWorkbench.Web.Boards;

/// <summary>Limits of rooms, boards and board connections. Bound from the <c>Boards</c> configuration section.</summary>
public sealed class BoardOptions
{
    /// <summary>Configuration section the options are bound from.</summary>
    public const string SectionName = "Boards";

    /// <summary>Most elements on one board; an operation or import that would exceed it is rejected. Default 1,000.</summary>
    [Range(1, 100_000, ErrorMessage = "Boards:MaxElementsPerBoard must be between {1} and {2}.")]
    public int MaxElementsPerBoard { get; set; } = 1_000;

    /// <summary>Most boards in one room; creating or importing another is rejected. Default 20.</summary>
    [Range(1, 1_000, ErrorMessage = "Boards:MaxBoardsPerRoom must be between {1} and {2}.")]
    public int MaxBoardsPerRoom { get; set; } = 20;

    /// <summary>Largest board file accepted by the import endpoint, in bytes. Default 1,048,576 (1 MiB).</summary>
    [Range(1_024, 64 * 1024 * 1024, ErrorMessage = "Boards:MaxImportBytes must be between {1} and {2}.")]
    public int MaxImportBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Operations (edits, undos and redos) one connection may send per second on average; bursts of twice this
    /// many pass. Further operations are rejected with a message. Default 30.
    /// </summary>
    [Range(1, 10_000, ErrorMessage = "Boards:MaxOperationsPerSecond must be between {1} and {2}.")]
    public int MaxOperationsPerSecond { get; set; } = 30;

    /// <summary>Cursor moves per second forwarded from one connection; extra moves are dropped. Default 20.</summary>
    [Range(1, 1_000, ErrorMessage = "Boards:MaxCursorMovesPerSecond must be between {1} and {2}.")]
    public int MaxCursorMovesPerSecond { get; set; } = 20;

    /// <summary>
    /// Most operations sent to a rejoining browser to bring it up to date; when it missed more, it gets the whole
    /// board instead. It is also how many of a board's latest operations the database keeps; older ones are deleted
    /// when a new one is saved. Default 1,000.
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "Boards:MaxResyncOperations must be between {1} and {2}.")]
    public int MaxResyncOperations { get; set; } = 1_000;

    /// <summary>Most people (distinct client tokens) in one room at once; further joins are refused. Default 100.</summary>
    [Range(1, 10_000, ErrorMessage = "Boards:MaxParticipantsPerRoom must be between {1} and {2}.")]
    public int MaxParticipantsPerRoom { get; set; } = 100;

    /// <summary>
    /// Largest message the board hub accepts from a browser, in bytes. SignalR closes the connection on a larger
    /// message instead of returning a result for it, so the minimum is <see cref="BoardLimits.MaxOperationBytes"/>, the largest
    /// valid operation (1,000 changes with 2,000-character texts). Default 25,165,824 (24 MiB).
    /// </summary>
    [Range(BoardLimits.MaxOperationBytes, 256 * 1024 * 1024, ErrorMessage = "Boards:MaxMessageBytes must be between {1} and {2}.")]
    public int MaxMessageBytes { get; set; } = 24 * 1024 * 1024;

    /// <summary>
    /// Budget of one board's undo and redo histories (all participants together) in server memory, in bytes of the
    /// JSON the entries store. Over it the oldest entries are forgotten first, by any participant; the newest entry
    /// is always kept. Default 16,777,216 (16 MiB).
    /// </summary>
    [Range(64 * 1024, 1024L * 1024 * 1024, ErrorMessage = "Boards:MaxUndoBytesPerBoard must be between {1} and {2}.")]
    public long MaxUndoBytesPerBoard { get; set; } = BoardState.DefaultMaxHistoryBytes;

    /// <summary>
    /// Minutes a board stays in server memory after its last use. An evicted board is reloaded from the database
    /// when used again, but its undo and redo history is lost. Default 30.
    /// </summary>
    [Range(1, 10_080, ErrorMessage = "Boards:IdleBoardMinutes must be between {1} and {2}.")]
    public int IdleBoardMinutes { get; set; } = 30;
}
