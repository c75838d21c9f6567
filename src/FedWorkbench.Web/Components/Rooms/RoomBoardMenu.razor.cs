using FedWorkbench.Web.Boards;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Web;

namespace FedWorkbench.Web.Components.Rooms;

/// <summary>Chooses, creates and imports the room's boards.</summary>
public partial class RoomBoardMenu
{
    private readonly string _inputId = $"board-file-{Guid.NewGuid():N}";
    private bool _renaming;
    private string? _newName;
    private string? _renameError;

    /// <summary>The room's boards, oldest first.</summary>
    [Parameter]
    public IReadOnlyList<BoardInfo> Boards { get; set; } = [];

    /// <summary>The board shown now.</summary>
    [Parameter]
    public Guid CurrentBoardId { get; set; }

    /// <summary>Largest board file accepted, in bytes.</summary>
    [Parameter]
    public long MaxImportBytes { get; set; } = 1024 * 1024;

    /// <summary>Raised with the board to show.</summary>
    [Parameter]
    public EventCallback<Guid> Switched { get; set; }

    /// <summary>Raised with a template key, or null for an empty board.</summary>
    [Parameter]
    public EventCallback<string?> Created { get; set; }

    /// <summary>
    /// Raised with the current board's new name, already trimmed and checked. The receiver saves it and returns
    /// null, or returns the server's message when the rename failed, which the input then shows.
    /// </summary>
    [Parameter]
    public Func<string, Task<string?>>? Renamed { get; set; }

    /// <summary>Raised with the text of a chosen board file, which the receiver imports.</summary>
    [Parameter]
    public EventCallback<string> Imported { get; set; }

    /// <summary>Raised with a message for the user when a file is too large or unreadable.</summary>
    [Parameter]
    public EventCallback<string> Failed { get; set; }

    // Maximum characters of a board name that the picker's button shows. Longer names are cut with an ellipsis, so
    // that the top bar keeps one row.
    private const int MaxShownNameLength = 24;

    private string ShortName => CurrentName.Length <= MaxShownNameLength ? CurrentName : CurrentName[..(MaxShownNameLength - 1)].TrimEnd() + "…";

    private string CurrentName => Boards.FirstOrDefault(b => b.Id == CurrentBoardId)?.Name ?? "Board";

    private void StartRename()
    {
        _newName = CurrentName;
        _renameError = null;
        _renaming = true;
    }

    private void CancelRename()
    {
        _renaming = false;
        _renameError = null;
    }

    private async Task OnRenameKeyDownAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Enter")
        {
            await SubmitRenameAsync();
        }
        else if (e.Key == "Escape")
        {
            CancelRename();
        }
    }

    private async Task SubmitRenameAsync()
    {
        string name;
        try
        {
            name = RoomService.CheckName(_newName, "", "board");
        }
        catch (BoardException ex)
        {
            _renameError = ex.Message;
            return;
        }

        if (name.Length == 0)
        {
            _renameError = $"Enter a board name of 1 to {BoardLimits.MaxNameLength} characters.";
            return;
        }

        if (name == CurrentName || Renamed is null)
        {
            CancelRename();
            return;
        }

        _renameError = await Renamed(name);
        _renaming = _renameError is not null;
    }

    private async Task OnFileSelectedAsync(InputFileChangeEventArgs e)
    {
        IBrowserFile file = e.File;
        if (file.Size > MaxImportBytes)
        {
            await Failed.InvokeAsync($"{file.Name} is {file.Size:N0} bytes; board files are at most {MaxImportBytes:N0} bytes. Choose a board exported from this app.");
            return;
        }

        string json;
        try
        {
            await using Stream stream = file.OpenReadStream(MaxImportBytes);
            using var reader = new StreamReader(stream);
            json = await reader.ReadToEndAsync();
        }
        catch (IOException ex)
        {
            await Failed.InvokeAsync($"{file.Name} could not be read: {ex.Message}");
            return;
        }

        await Imported.InvokeAsync(json);
    }
}
