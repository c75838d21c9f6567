using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;

namespace FedWorkbench.Web.Components.Rooms;

/// <summary>
/// The room's top bar: room name, board picker, import and export, share link, undo and redo, the session's
/// countdown and facilitation controls, presence and connection, the problems and runs toggles, and Simulate. It only raises events, and the room page acts on them.
/// </summary>
public partial class RoomTopBar
{
    /// <summary>The room's name.</summary>
    [Parameter]
    public string RoomName { get; set; } = string.Empty;

    /// <summary>The room's boards.</summary>
    [Parameter]
    public IReadOnlyList<BoardInfo> Boards { get; set; } = [];

    /// <summary>The board shown now.</summary>
    [Parameter]
    public Guid CurrentBoardId { get; set; }

    /// <summary>Largest board file accepted by the import, in bytes.</summary>
    [Parameter]
    public long MaxImportBytes { get; set; }

    /// <summary>Whether the board is mounted, which the board commands need.</summary>
    [Parameter]
    public bool BoardReady { get; set; }

    /// <summary>Whether a Simulate request is in progress.</summary>
    [Parameter]
    public bool Simulating { get; set; }

    /// <summary>Number of problems that stop Simulate.</summary>
    [Parameter]
    public int ProblemCount { get; set; }

    /// <summary>The people in the room.</summary>
    [Parameter]
    public IReadOnlyList<Participant> Participants { get; set; } = [];

    /// <summary>This browser's participant id.</summary>
    [Parameter]
    public string? SelfId { get; set; }

    /// <summary>The board connection.</summary>
    [Parameter]
    public RoomConnection Connection { get; set; } = RoomConnection.Initial;

    /// <summary>The session's countdown and facilitation controls, shown after the board tools.</summary>
    [Parameter]
    public RenderFragment? SessionContent { get; set; }

    /// <summary>Raised with the board to show.</summary>
    [Parameter]
    public EventCallback<Guid> BoardSwitched { get; set; }

    /// <summary>Raised with a template key, or null for a new empty board.</summary>
    [Parameter]
    public EventCallback<string?> BoardCreated { get; set; }

    /// <summary>Saves the current board's new name. Returns null, or the message to show when saving failed.</summary>
    [Parameter]
    public Func<string, Task<string?>>? BoardRenamed { get; set; }

    /// <summary>Raised with the text of a board file to import.</summary>
    [Parameter]
    public EventCallback<string> BoardImported { get; set; }

    /// <summary>Raised with a message when a chosen file cannot be read.</summary>
    [Parameter]
    public EventCallback<string> ImportFailed { get; set; }

    /// <summary>Raised with the chosen export format.</summary>
    [Parameter]
    public EventCallback<RoomExportFormat> Exported { get; set; }

    /// <summary>Raised when the user asks for the share link.</summary>
    [Parameter]
    public EventCallback ShareLinkCopied { get; set; }

    /// <summary>Raised for Undo.</summary>
    [Parameter]
    public EventCallback Undo { get; set; }

    /// <summary>Raised for Redo.</summary>
    [Parameter]
    public EventCallback Redo { get; set; }

    /// <summary>Raised for Fit to screen.</summary>
    [Parameter]
    public EventCallback FitToScreen { get; set; }

    /// <summary>Raised when the problems list is opened or closed.</summary>
    [Parameter]
    public EventCallback ProblemsToggled { get; set; }

    /// <summary>Raised when the runs drawer is opened or closed.</summary>
    [Parameter]
    public EventCallback RunsToggled { get; set; }

    /// <summary>Raised for Simulate.</summary>
    [Parameter]
    public EventCallback Simulate { get; set; }
}
