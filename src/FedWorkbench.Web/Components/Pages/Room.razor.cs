using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace FedWorkbench.Web.Components.Pages;

/// <summary>
/// The room page: after the display name, the shared board with its palette, properties, problems, runs, the
/// run beside the board and the facilitation (Room.Facilitation.cs). The board itself is the JavaScript module behind <see cref="RoomBoardBridge"/>, and this page
/// owns the chrome around it. It reacts to the module's callbacks (see Room.Board.cs).
/// </summary>
public sealed partial class Room : IAsyncDisposable
{
    private RoomInfo? _room;
    private IReadOnlyList<BoardInfo> _boards = [];
    private Guid _boardId;
    private bool _notFound;
    private bool _storageRead;
    private string? _rememberedName;
    private string? _displayName;
    private string? _clientToken;
    private ElementReference _boardHost;
    private RoomBoardBridge? _bridge;
    private bool _mountRequested;
    private Guid? _runIdAtLastFit;
    private bool _disposed;

    // How long a notice stays on screen, in milliseconds: long enough to read two sentences.
    private const int ShortNoticeMilliseconds = 6000;
    private const int LongNoticeMilliseconds = 10000;
    private string? _previousSnackbarPosition;

    /// <summary>The room's share code from the address.</summary>
    [Parameter]
    public string Code { get; set; } = string.Empty;

    /// <summary>The board to open (<c>?board=</c>), or the room's first board when missing or unknown.</summary>
    [SupplyParameterFromQuery(Name = "board")]
    public Guid? BoardQuery { get; set; }

    [Inject]
    private IRoomService Rooms { get; set; } = default!;

    [Inject]
    private IBoardSimulator Simulator { get; set; } = default!;

    [Inject]
    private BoardService BoardService { get; set; } = default!;

    [Inject]
    private Microsoft.Extensions.Options.IOptions<BoardOptions> BoardSettings { get; set; } = default!;

    [Inject]
    private RoomBrowserStorage Storage { get; set; } = default!;

    [Inject]
    private FileDownloader Downloader { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private Microsoft.JSInterop.IJSRuntime JS { get; set; } = default!;

    [Inject]
    private ILogger<Room> Logger { get; set; } = default!;

    // The page checks the file size before reading it, and the import service checks it again.
    private long MaxImportBytes => BoardSettings.Value.MaxImportBytes;

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        // The top bar's buttons sit where notices appear on the other pages, so the room shows them at the
        // bottom left, over the board's corner, and puts the circuit's setting back when the page closes.
        _previousSnackbarPosition = Snackbar.Configuration.PositionClass;
        Snackbar.Configuration.PositionClass = Defaults.Classes.Position.BottomLeft;
    }

    /// <inheritdoc />
    protected override async Task OnParametersSetAsync()
    {
        if (_room is not null && !string.Equals(_room.Code, Code, StringComparison.Ordinal))
        {
            // The router reuses this page when a link leads from one room to another, but the board module, its
            // hub connection and the client token belong to the first room. A fresh page starts them for the new one.
            Navigation.NavigateTo(Navigation.Uri, forceLoad: true);
            return;
        }

        if (_room is not null)
        {
            // Only the query changed, for example the board picker replaced the address.
            if (BoardQuery is Guid requested && requested != _boardId && _boards.Any(b => b.Id == requested))
            {
                await ShowBoardAsync(requested);
            }

            return;
        }

        _room = await Rooms.FindRoomAsync(Code);
        _notFound = _room is null;
        if (_room is null)
        {
            RoomLog.RoomNotFound(Logger, Code);
            return;
        }

        _boards = await Rooms.ListBoardsAsync(_room.Id);
        _boardId = _boards.FirstOrDefault(b => b.Id == BoardQuery)?.Id ?? _boards.FirstOrDefault()?.Id ?? Guid.Empty;
    }

    /// <inheritdoc />
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_room is null)
        {
            return;
        }

        if (!_storageRead)
        {
            // localStorage is reachable only once the page is interactive.
            _rememberedName = await Storage.GetDisplayNameAsync();
            _clientToken = await Storage.GetOrCreateTokenAsync(_room.Code);
            await Storage.RememberRoomAsync(_room.Code, _room.Name);
            await StartFacilitationAsync();
            _storageRead = true;
            _displayName = _rememberedName;
            StateHasChanged();
            return;
        }

        if (_displayName is not null && !_mountRequested && _boardId != Guid.Empty)
        {
            _mountRequested = true;
            await MountBoardAsync();
        }

        // Opening or closing a run beside the board changes the board's width.
        // Fitting again keeps the whole board in view instead of cutting off its right side.
        if (_bridge?.IsMounted == true && _openRunId != _runIdAtLastFit)
        {
            _runIdAtLastFit = _openRunId;
            await _bridge.FitToScreenAsync();
        }
    }

    private async Task JoinAsync(string name)
    {
        await Storage.SetDisplayNameAsync(name);
        _displayName = name;
    }

    private async Task MountBoardAsync()
    {
        _bridge = new RoomBoardBridge(JS, this);
        var options = new RoomBoardOptions(
            Navigation.ToAbsoluteUri("hubs/board").ToString(), _room!.Code, _boardId, _clientToken!, _displayName!, RoomBoardBridge.SchemaJson(),
            _facilitatorToken);
        try
        {
            await _bridge.MountAsync(_boardHost, options);
            RoomLog.BoardMounted(Logger, _room.Id, _boardId);
            if (_facilitation is not null)
            {
                await _bridge.SetFacilitationAsync(_facilitation);
            }
        }
        catch (Microsoft.JSInterop.JSException ex)
        {
            RoomLog.BoardMountFailed(Logger, ex, _room.Id, _boardId);
            ShowError("The board could not be opened in this browser. Reload the page, and if it fails again, try another browser.");
        }

        StartProblemChecks();
        StateHasChanged();
    }

    private async Task ShowBoardAsync(Guid boardId)
    {
        _boardId = boardId;
        _selection = [];
        _problems = RoomProblems.None;
        if (_bridge?.IsMounted == true)
        {
            await _bridge.SwitchBoardAsync(boardId);
            _checkThrottle?.Request();
        }
    }

    private async Task SwitchBoardAsync(Guid boardId)
    {
        await ShowBoardAsync(boardId);
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("board", boardId), replace: true);
    }

    private Task Board(Func<RoomBoardBridge, ValueTask> command) =>
        _bridge?.IsMounted == true ? command(_bridge).AsTask() : Task.CompletedTask;

    private void ShowError(string message) => Notify(message, Severity.Error);

    /// <summary>
    /// Shows a notice that closes by itself: warnings and errors after <see cref="LongNoticeMilliseconds"/>,
    /// others after <see cref="ShortNoticeMilliseconds"/>. Run notices, which offer Open, stay until closed.
    /// </summary>
    private void Notify(string message, Severity severity) =>
        Snackbar.Add(message, severity, config =>
        {
            config.RequireInteraction = false;
            config.ShowCloseIcon = true;
            config.VisibleStateDuration = severity is Severity.Warning or Severity.Error ? LongNoticeMilliseconds : ShortNoticeMilliseconds;
        });

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _disposed = true;

        // The room's notices (run launched, conflicts) mean nothing on the page the user goes to.
        Snackbar.Clear();
        if (_previousSnackbarPosition is not null)
        {
            Snackbar.Configuration.PositionClass = _previousSnackbarPosition;
        }

        _checkThrottle?.Dispose();
        _facilitationSubscription?.Dispose();
        if (_bridge is not null)
        {
            await _bridge.DisposeAsync();
        }
    }
}
