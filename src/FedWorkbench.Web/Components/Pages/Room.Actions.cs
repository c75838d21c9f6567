using System.Text.Json;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Components.Rooms;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;
using Microsoft.JSInterop;
using MudBlazor;

namespace FedWorkbench.Web.Components.Pages;

/// <summary>What the room page's buttons do: edits, Simulate, runs, boards, export and the share link.</summary>
public sealed partial class Room
{
    private static readonly JsonSerializerOptions ExportOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private Guid? _openRunId;
    private Guid? _launchedRunId;
    private IReadOnlyList<RunSummary>? _runs;
    private bool _runsOpen;
    private bool _runsStale = true;
    private bool _problemsOpen;

    // Whether the properties panel shows above the open run. Without an open run it always shows.
    private bool _propertiesOpen;
    private bool _simulating;

    private string PropertiesToggleText => _selection.Count switch
    {
        0 => "Show the properties",
        1 => $"Show the properties ({BoardSchema.Find(_selection[0].Type)?.Title ?? _selection[0].Type})",
        int count => $"Show the properties of {count} elements",
    };

    private async Task EditAsync(RoomPropertyEdit edit) =>
        await Board(b => b.SetPropertiesAsync(edit.ElementId, new Dictionary<string, JsonElement> { [edit.Name] = edit.Value }));

    // A CSV choice can change the data source, the board's client group and its server. They go out as one
    // operation, so that one undo takes the whole choice back. The other elements are read from the server, because
    // the board module reports only the selected ones.
    private async Task ChooseTableAsync(RoomTableChoice choice)
    {
        IReadOnlyList<BoardElement> elements = choice.OwnerChanged
            ? (await BoardService.GetSnapshotAsync(_boardId))?.Elements ?? []
            : [];
        RoomTableEdit edit = RoomTableEdits.Plan(elements, choice);
        await Board(b => b.SetElementsPropertiesAsync(edit.Properties));
        if (edit.Message is not null)
        {
            Notify(edit.Message, edit.IsWarning ? Severity.Warning : Severity.Info);
        }
    }

    // One operation for the whole selection: one undo step, and no burst of edits against the rate limit.
    private async Task ColorSelectionAsync(string color) =>
        await Board(b => b.SetSelectionPropertiesAsync(new Dictionary<string, JsonElement> { ["color"] = JsonSerializer.SerializeToElement(color) }));

    private async Task ShowProblemAsync(BoardProblem problem)
    {
        await Board(b => b.HighlightAsync(problem.ElementIds));
        await Board(b => b.SelectAsync(problem.ElementIds));
    }

    private async Task SimulateAsync()
    {
        if (_room is null || _simulating)
        {
            return;
        }

        _simulating = true;
        try
        {
            SimulateResult result = await Simulator.SimulateAsync(_room.Id, _boardId, _displayName!);
            _problems = new RoomProblems(result.Problems);
            if (result.RunId is Guid runId)
            {
                await Board(b => b.ClearHighlightsAsync());
                _openRunId = runId;
                _launchedRunId = runId;
                _runsStale = true;
                RoomLog.RunLaunched(Logger, runId, _room.Id, _boardId);
            }
            else
            {
                await Board(b => b.HighlightAsync(_problems.ElementIds));
                _problemsOpen = true;
                string count = result.Problems.Count == 1 ? "1 problem" : $"{result.Problems.Count} problems";
                string next = _problems.ElementIds.Count > 0
                    ? "Fix the highlighted elements as the problems list describes."
                    : "Add what the problems list names.";
                Notify($"The board cannot be simulated yet: {count}. {next}", Severity.Warning);
            }
        }
        catch (BoardException ex)
        {
            RoomLog.BoardActionFailed(Logger, "simulate", _room.Id, _boardId, ex.Message);
            ShowError(ex.Message);
        }
        finally
        {
            _simulating = false;
            foreach (RoomRunNotice notice in _noticesDuringSimulate)
            {
                ShowRunNotice(notice);
            }

            _noticesDuringSimulate.Clear();
        }
    }

    private void OpenRun(Guid runId)
    {
        _openRunId = runId;
        _runsOpen = false;
    }

    private async Task OpenRunsAsync()
    {
        _runsOpen = true;
        if (_room is not null && (_runsStale || _runs is null))
        {
            _runs = await Rooms.ListRunsAsync(_room.Id);
            _runsStale = false;
        }
    }

    private async Task CreateBoardAsync(string? templateKey)
    {
        try
        {
            BoardInfo board = await Rooms.CreateBoardAsync(_room!.Id, null, templateKey);
            await ReloadBoardsAsync();
            await SwitchBoardAsync(board.Id);
        }
        catch (BoardException ex)
        {
            RoomLog.BoardActionFailed(Logger, "create", _room!.Id, _boardId, ex.Message);
            ShowError(ex.Message);
        }
    }

    private async Task<string?> RenameBoardAsync(string name)
    {
        try
        {
            BoardInfo board = await Rooms.RenameBoardAsync(_room!.Id, _boardId, name, _isFacilitator);
            await ReloadBoardsAsync();

            // The menu calls this through a plain delegate, which does not render the page by itself.
            StateHasChanged();
            Notify($"Renamed the board to '{board.Name}'.", Severity.Success);
            return null;
        }
        catch (BoardException ex)
        {
            RoomLog.BoardActionFailed(Logger, "rename", _room!.Id, _boardId, ex.Message);
            return ex.Message;
        }
    }

    private async Task ImportBoardAsync(string json)
    {
        try
        {
            BoardInfo board = await Rooms.ImportBoardAsync(_room!.Id, json);
            await ReloadBoardsAsync();
            await SwitchBoardAsync(board.Id);
            Notify($"Imported the board '{board.Name}' with {board.ElementCount} {(board.ElementCount == 1 ? "element" : "elements")}.", Severity.Success);
        }
        catch (BoardException ex)
        {
            RoomLog.BoardActionFailed(Logger, "import", _room!.Id, _boardId, ex.Message);
            ShowError($"The board file was not imported: {ex.Message}");
        }
    }

    private async Task ExportAsync(RoomExportFormat format)
    {
        string boardName = _boards.FirstOrDefault(b => b.Id == _boardId)?.Name ?? "board";
        string stem = FileNameStem.From(boardName, "board");
        switch (format)
        {
            case RoomExportFormat.Json:
                BoardDocument? document = await Rooms.ExportBoardAsync(_room!.Id, _boardId);
                if (document is null)
                {
                    RoomLog.BoardActionFailed(Logger, "export", _room.Id, _boardId, "board not found");
                    ShowError("The board was not found, so it may have been deleted. Reload the page.");
                    return;
                }

                await Downloader.DownloadTextAsync($"{stem}.board.json", JsonSerializer.Serialize(document, ExportOptions), "application/json");
                break;
            case RoomExportFormat.Svg:
                await Board(b => b.DownloadSvgAsync($"{stem}.svg"));
                break;
            case RoomExportFormat.Png:
                await Board(b => b.DownloadPngAsync($"{stem}.png"));
                break;
        }
    }

    private async Task CopyShareLinkAsync()
    {
        string link = RoomLinks.ShareLink(Navigation.BaseUri, _room!.Code);
        try
        {
            await JS.InvokeVoidAsync("navigator.clipboard.writeText", link);
            Notify("Share link copied. Anyone with the link can join and edit the board.", Severity.Success);
        }
        catch (JSException ex)
        {
            // Browsers reject clipboard writes on plain HTTP from another host, or without permission.
            RoomLog.ClipboardWriteFailed(Logger, _room.Id, ex.Message);
            Snackbar.Add($"Copy this link to share the room: {link}", Severity.Info, config => config.RequireInteraction = true);
        }
    }
}
