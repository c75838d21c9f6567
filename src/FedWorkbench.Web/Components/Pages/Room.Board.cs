using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Ui;
using MudBlazor;

namespace FedWorkbench.Web.Components.Pages;

/// <summary>The board module's callbacks and the problems check that follows every change.</summary>
public sealed partial class Room : IRoomBoardListener
{
    // The compiler runs at most twice a second while people edit, and edits during the wait join the next check.
    private static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(500);

    // Conflict messages shown in one notice. The rest are only counted.
    private const int MaxConflictsShown = 3;

    private IReadOnlyList<BoardElement> _selection = [];
    private IReadOnlyList<Participant> _participants = [];
    private string? _selfId;
    private RoomConnection _connection = RoomConnection.Initial;
    private RoomProblems _problems = RoomProblems.None;
    private RenderThrottle? _checkThrottle;
    private readonly List<RoomRunNotice> _noticesDuringSimulate = [];

    /// <inheritdoc />
    public Task OnSelectionChangedAsync(IReadOnlyList<BoardElement> elements) => Update(() => _selection = elements);

    /// <inheritdoc />
    public Task OnConnectionChangedAsync(string state, int pendingCount) =>
        Update(() => _connection = new RoomConnection(state, pendingCount));

    /// <inheritdoc />
    public Task OnPresenceChangedAsync(IReadOnlyList<Participant> participants, string selfId) => Update(() =>
    {
        _participants = participants;
        _selfId = selfId;
    });

    /// <inheritdoc />
    public Task OnRunLaunchedAsync(RoomRunNotice notice) => Update(() =>
    {
        // The hub's notice can arrive before SimulateAsync returns the run id, so notices received meanwhile wait
        // until SimulateAsync has returned the id of the page's own run.
        if (_simulating)
        {
            _noticesDuringSimulate.Add(notice);
            return;
        }

        ShowRunNotice(notice);
    });

    private void ShowRunNotice(RoomRunNotice notice)
    {
        // The person who pressed Simulate has the run open already.
        if (notice.RunId == _openRunId || notice.RunId == _launchedRunId)
        {
            return;
        }

        string name = string.IsNullOrWhiteSpace(notice.RunName) ? "a run" : $"run '{notice.RunName}'";
        Snackbar.Add($"{notice.LaunchedBy} launched {name}.", Severity.Info, config =>
        {
            // People may be busy on the board when the run starts, so the notice stays until they open or close it.
            config.RequireInteraction = true;
            config.ShowCloseIcon = true;
            config.Action = "Open";
            config.ActionColor = Color.Primary;
            config.OnClick = _ => InvokeAsync(() =>
            {
                _openRunId = notice.RunId;
                StateHasChanged();
            });
        });
        _runsStale = true;
    }

    /// <inheritdoc />
    public Task OnConflictsAsync(IReadOnlyList<OperationConflict> conflicts) => Update(() =>
    {
        if (conflicts.Count == 0)
        {
            return;
        }

        string listed = string.Join(" ", conflicts.Take(MaxConflictsShown).Select(c => c.Message));
        int unlisted = conflicts.Count - MaxConflictsShown;
        string more = unlisted switch
        {
            <= 0 => string.Empty,
            1 => " 1 more edit conflicted as well.",
            _ => $" {unlisted} more edits conflicted as well.",
        };
        Notify(listed + more, Severity.Warning);
    });

    /// <inheritdoc />
    public Task OnRejectedAsync(string message) => Update(() => ShowError(message));

    /// <inheritdoc />
    public Task OnBoardsChangedAsync() => InvokeAsync(ReloadBoardsAsync);

    /// <inheritdoc />
    public Task OnBoardChangedAsync(long version)
    {
        _checkThrottle?.Request();
        return Task.CompletedTask;
    }

    private Task Update(Action change) => InvokeAsync(() =>
    {
        if (_disposed)
        {
            return;
        }

        change();
        StateHasChanged();
    });

    private void StartProblemChecks()
    {
        _checkThrottle ??= new RenderThrottle(CheckInterval, () => InvokeAsync(CheckProblemsAsync), DispatchExceptionAsync);
        _checkThrottle.Request();
    }

    private async Task CheckProblemsAsync()
    {
        if (_disposed || _room is null || _boardId == Guid.Empty)
        {
            return;
        }

        Guid boardId = _boardId;
        IReadOnlyList<BoardProblem> problems;
        try
        {
            problems = await Simulator.CheckAsync(_room.Id, boardId);
        }
        catch (BoardException ex)
        {
            // The board was removed from the room, or the address is stale and it never was in it.
            // The problem list stays as it was, and the check runs again after the next edit.
            RoomLog.ProblemCheckFailed(Logger, _room.Id, boardId, ex.Message);
            return;
        }

        if (!_disposed && boardId == _boardId)
        {
            _problems = new RoomProblems(problems);
            StateHasChanged();
        }
    }

    private async Task ReloadBoardsAsync()
    {
        if (_disposed || _room is null)
        {
            return;
        }

        _boards = await Rooms.ListBoardsAsync(_room.Id);
        StateHasChanged();
    }
}
