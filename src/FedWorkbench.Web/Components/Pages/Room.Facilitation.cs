using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Components.Rooms;
using FedWorkbench.Web.Facilitation;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace FedWorkbench.Web.Components.Pages;

/// <summary>
/// The room's facilitation: the facilitator token from the link, the state every participant sees (countdown,
/// agenda, locks, votes, pinned run), "bring to view", and the facilitator's actions through
/// <see cref="IFacilitationService"/>.
/// </summary>
public sealed partial class Room
{
    private FacilitationView? _facilitation;
    private TimeSpan _clockOffset;
    private string? _facilitatorToken;
    private bool _isFacilitator;
    private bool _facilitateOpen;
    private MyVotes? _myVotes;
    private IDisposable? _facilitationSubscription;
    private Guid? _voteResultsRoundId;
    private IReadOnlyList<VoteResultRow> _voteResults = [];

    [Inject]
    private IFacilitationService Facilitation { get; set; } = default!;

    [Inject]
    private RoomFacilitatorStorage FacilitatorStorage { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private SessionSummaryBuilder SummaryBuilder { get; set; } = default!;

    private bool IsPinnedRunOpen => _openRunId is Guid open && _facilitation?.PinnedRunId == open;

    private BoardLocks? CurrentBoardLocks => _facilitation?.Locks.FirstOrDefault(l => l.BoardId == _boardId);

    // The server rejects a participant's edits of locked elements, so the page disables the controls up front.
    // Locks never stop the facilitator.
    private bool BoardLockedForMe => !_isFacilitator && CurrentBoardLocks?.BoardLocked == true;

    private bool SelectionLockedForMe =>
        !_isFacilitator
        && CurrentBoardLocks is { } locks
        && (locks.BoardLocked || _selection.Any(element => locks.LockedElementIds.Contains(element.Id)));

    /// <summary>
    /// Reads the facilitator token (from the link's fragment, or stored earlier), checks it, loads the room's
    /// facilitation state and subscribes to its changes. Runs once, after the browser storage was read.
    /// </summary>
    private async Task StartFacilitationAsync()
    {
        string? fragmentToken = await FacilitatorStorage.ReadFragmentTokenAsync();
        string? storedToken = await FacilitatorStorage.GetAsync(_room!.Code);
        if (fragmentToken is not null)
        {
            await FacilitatorStorage.SetAsync(_room.Code, fragmentToken);

            // NavigationManager's replace uses history.replaceState and keeps its own idea of the address in step,
            // so later query changes (the board picker) do not bring the fragment back.
            Navigation.NavigateTo(RoomLinks.WithoutFragment(Navigation.Uri), replace: true);
        }

        string? token = fragmentToken ?? storedToken;
        if (token is not null)
        {
            _isFacilitator = await Facilitation.IsFacilitatorAsync(_room.Id, token);
            if (_isFacilitator)
            {
                _facilitatorToken = token;
                if (fragmentToken is not null && fragmentToken != storedToken)
                {
                    ShowFacilitatorWelcome();
                }
            }
            else
            {
                await FacilitatorStorage.RemoveAsync(_room.Code);
                RoomLog.FacilitatorTokenRejected(Logger, _room.Id);
                Notify("This facilitator link does not belong to this room, so you joined as a participant. Ask the facilitator for the right link.", Severity.Warning);
            }
        }

        _facilitationSubscription = Facilitation.Subscribe(_room.Id, OnFacilitationEventAsync);
        if (await Facilitation.GetAsync(_room.Id) is { } view)
        {
            await ApplyFacilitationAsync(view);
        }
    }

    private void ShowFacilitatorWelcome() =>
        Snackbar.Add("You are the facilitator. Keep this link to facilitate from another browser, and share it with no one.", Severity.Info, config =>
        {
            config.RequireInteraction = true;
            config.ShowCloseIcon = true;
            config.Action = "Copy";
            config.ActionColor = Color.Primary;
            config.OnClick = _ => InvokeAsync(CopyFacilitatorLinkAsync);
        });

    // Events arrive on the service's thread. Errors go to the renderer, which logs them and shows the error UI.
    private Task OnFacilitationEventAsync(FacilitationEvent facilitationEvent) => InvokeAsync(async () =>
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            switch (facilitationEvent)
            {
                case FacilitationChanged changed:
                    await ApplyFacilitationAsync(changed.View);
                    break;
                case ViewportRequested requested when !_isFacilitator:
                    await GoToViewAsync(requested.Request);
                    break;
            }
        }
        catch (Exception ex) when (ex is not JSDisconnectedException)
        {
            await DispatchExceptionAsync(ex);
        }

        StateHasChanged();
    });

    private async Task ApplyFacilitationAsync(FacilitationView view)
    {
        Guid? previousPin = _facilitation?.PinnedRunId;
        _facilitation = view;
        _clockOffset = FacilitationCountdown.ClockOffset(view, Clock.GetUtcNow());
        if (view.PinnedRunId is Guid pinned && pinned != previousPin)
        {
            _openRunId = pinned;
            _runsStale = true;
        }

        if (view.Vote is { IsOpen: false, Results: { } results } vote && vote.Id != _voteResultsRoundId)
        {
            _voteResultsRoundId = vote.Id;
            BoardDocument? board = await Rooms.ExportBoardAsync(_room!.Id, vote.BoardId);
            _voteResults = VoteResultRows.Build(results, board);
        }

        if (_bridge?.IsMounted == true)
        {
            await _bridge.SetFacilitationAsync(view);
        }
    }

    private async Task GoToViewAsync(ViewportRequest request)
    {
        if (_bridge?.IsMounted != true)
        {
            return;
        }

        if (request.BoardId != _boardId)
        {
            if (_boards.All(b => b.Id != request.BoardId))
            {
                await ReloadBoardsAsync();
            }

            if (_boards.All(b => b.Id != request.BoardId))
            {
                return;
            }

            await SwitchBoardAsync(request.BoardId);
        }

        await _bridge.SetViewportAsync(request.Viewport);
        Notify("The facilitator brought everyone to their view of the board.", Severity.Info);
    }

    /// <inheritdoc />
    public Task OnMyVotesChangedAsync(MyVotes? votes) => Update(() => _myVotes = votes);

    private async Task ClaimFacilitationAsync()
    {
        try
        {
            string token = await Facilitation.ClaimAsync(_room!.Id);
            await FacilitatorStorage.SetAsync(_room.Code, token);
            _facilitatorToken = token;
            _isFacilitator = true;
            RoomLog.FacilitationClaimed(Logger, _room.Id);
            if (_bridge?.IsMounted == true)
            {
                await _bridge.SetFacilitatorTokenAsync(token);
            }

            _facilitateOpen = true;
            Notify("You are now the facilitator. Copy the facilitator link in this panel and keep it secret: anyone with it can facilitate.", Severity.Success);
        }
        catch (FacilitationException ex)
        {
            RoomLog.FacilitationActionFailed(Logger, "claim the facilitation", _room!.Id, ex.Message);
            ShowError(ex.Message);
        }
    }

    /// <summary>
    /// Runs a facilitator action with the stored token, shows the returned state, and shows the service's message
    /// when the action is rejected. Returns false then.
    /// </summary>
    private async Task<bool> FacilitateAsync(string action, Func<string, Task<FacilitationView>> call, string? done = null)
    {
        if (_facilitatorToken is null || _room is null)
        {
            return false;
        }

        try
        {
            await ApplyFacilitationAsync(await call(_facilitatorToken));
            if (done is not null)
            {
                Notify(done, Severity.Success);
            }

            return true;
        }
        catch (FacilitationException ex)
        {
            RoomLog.FacilitationActionFailed(Logger, action, _room.Id, ex.Message);
            ShowError(ex.Message);
            return false;
        }
    }

    private Task<bool> SaveAgendaAsync(IReadOnlyList<AgendaPhase> agenda) =>
        FacilitateAsync("save the agenda", token => Facilitation.SetAgendaAsync(_room!.Id, token, agenda), "Saved the agenda.");

    private Task StartPhaseAsync(int phaseIndex) =>
        FacilitateAsync("start the countdown", token => Facilitation.StartTimerAsync(_room!.Id, token, phaseIndex));

    private Task PauseOrResumeAsync() =>
        FacilitateAsync("pause or resume the countdown", token => Facilitation.PauseOrResumeTimerAsync(_room!.Id, token));

    private Task AddTimeAsync(int minutes) =>
        FacilitateAsync("add time", token => Facilitation.AddTimeAsync(_room!.Id, token, minutes));

    private Task StopTimerAsync() =>
        FacilitateAsync("stop the countdown", token => Facilitation.StopTimerAsync(_room!.Id, token));

    private Task LockBoardAsync(bool locked) =>
        FacilitateAsync(locked ? "lock the board" : "unlock the board",
            token => Facilitation.SetBoardLockAsync(_room!.Id, token, _boardId, locked),
            locked ? "Locked the board: participants cannot edit it until you unlock it." : "Unlocked the board.");

    private async Task LockSelectionAsync(bool locked)
    {
        string[] ids = [.. _selection.Select(e => e.Id)];
        if (ids.Length == 0)
        {
            Notify("Select the elements to lock or unlock on the board first.", Severity.Info);
            return;
        }

        string count = ids.Length == 1 ? "1 element" : $"{ids.Length} elements";
        await FacilitateAsync(locked ? "lock elements" : "unlock elements",
            token => Facilitation.SetElementLocksAsync(_room!.Id, token, _boardId, ids, locked),
            locked ? $"Locked {count}." : $"Unlocked {count}.");
    }

    private Task StartVoteAsync(int votesPerPerson) =>
        FacilitateAsync("start a vote", token => Facilitation.StartVoteAsync(_room!.Id, token, _boardId, votesPerPerson),
            $"Started a vote with {votesPerPerson} {(votesPerPerson == 1 ? "vote" : "votes")} per person on the notes of this board.");

    private Task EndVoteAsync() =>
        FacilitateAsync("end the vote", token => Facilitation.EndVoteAsync(_room!.Id, token), "Ended the vote. Everyone sees the results now.");

    private Task PinRunAsync(Guid? runId) =>
        FacilitateAsync(runId is null ? "unpin the run" : "pin a run", token => Facilitation.PinRunAsync(_room!.Id, token, runId),
            runId is null ? "Unpinned the run." : "Pinned the run: it opens beside the board for everyone.");

    private async Task BringEveryoneAsync()
    {
        if (_facilitatorToken is null || _room is null || _bridge?.IsMounted != true)
        {
            return;
        }

        BoardViewport? viewport = await _bridge.GetViewportAsync();
        if (viewport is null)
        {
            return;
        }

        try
        {
            await Facilitation.BringEveryoneToViewAsync(_room.Id, _facilitatorToken, new ViewportRequest(_boardId, viewport));
            Notify("Brought everyone to your view of this board.", Severity.Success);
        }
        catch (FacilitationException ex)
        {
            RoomLog.FacilitationActionFailed(Logger, "bring everyone to the view", _room.Id, ex.Message);
            ShowError(ex.Message);
        }
    }

    private async Task OpenFacilitatePanelAsync()
    {
        _facilitateOpen = true;

        // The panel offers the room's runs for pinning.
        if (_room is not null && (_runsStale || _runs is null))
        {
            _runs = await Rooms.ListRunsAsync(_room.Id);
            _runsStale = false;
        }
    }

    private async Task CopyFacilitatorLinkAsync()
    {
        if (_facilitatorToken is null || _room is null)
        {
            return;
        }

        string link = RoomLinks.FacilitatorLink(Navigation.BaseUri, _room.Code, _facilitatorToken);
        try
        {
            await JS.InvokeVoidAsync("navigator.clipboard.writeText", link);
            Notify("Facilitator link copied. Keep it secret: anyone with it can lock the board, run votes and steer the session.", Severity.Success);
        }
        catch (JSException ex)
        {
            // Unlike the share link, the facilitator link is not put on the screen as a fallback, because it is a secret.
            RoomLog.ClipboardWriteFailed(Logger, _room.Id, ex.Message);
            ShowError("The browser did not allow copying to the clipboard. Open the room over HTTPS or localhost, allow clipboard access, and try again.");
        }
    }

    private async Task DownloadSummaryAsync(RoomSummaryFormat format)
    {
        if (_room is null)
        {
            return;
        }

        // NOTE: the SVG comes back over the circuit, whose messages from the browser are capped at 4 MiB in
        // Program.cs, so a board drawn larger than that fails here with the message below.
        string? svg;
        try
        {
            svg = _bridge is null ? null : await _bridge.ExportSvgAsync();
        }
        catch (JSException ex)
        {
            RoomLog.FacilitationActionFailed(Logger, "export the board for the summary", _room.Id, ex.Message);
            svg = null;
            Notify("The board picture could not be added to the summary, so the summary has none.", Severity.Warning);
        }

        try
        {
            SessionSummary? summary = await SummaryBuilder.BuildAsync(_room.Id, svg);
            if (summary is null)
            {
                ShowError("The room was not found, so it may have been deleted. Reload the page.");
                return;
            }

            string stem = FileNameStem.From(_room.Name, "session");
            if (format == RoomSummaryFormat.Html)
            {
                await Downloader.DownloadTextAsync($"{stem}-summary.html", SessionSummaryRenderer.ToHtml(summary), "text/html");
            }
            else
            {
                await Downloader.DownloadTextAsync($"{stem}-summary.md", SessionSummaryRenderer.ToMarkdown(summary), "text/markdown");
            }
        }
        catch (FacilitationException ex)
        {
            RoomLog.FacilitationActionFailed(Logger, "build the session summary", _room.Id, ex.Message);
            ShowError(ex.Message);
        }
    }
}
