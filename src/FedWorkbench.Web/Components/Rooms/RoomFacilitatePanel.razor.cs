using FedWorkbench.Web.Facilitation;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace FedWorkbench.Web.Components.Rooms;

/// <summary>
/// The facilitator's drawer: agenda editor and countdown controls, bring to view, locks, dot voting, the pinned
/// run, the session summary and the facilitator link. It only raises events, and the room page acts on them.
/// </summary>
public sealed partial class RoomFacilitatePanel : IAsyncDisposable
{
    /// <summary>Votes per person offered when a vote starts.</summary>
    public const int DefaultVotesPerPerson = 3;

    private readonly AgendaDraft _agenda = new();
    private IReadOnlyList<AgendaPhase>? _loadedAgenda;
    private int _votesPerPerson = DefaultVotesPerPerson;
    private bool _saving;

    private RoomDrawerFocus? _focus;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    /// <summary>Whether the drawer is open.</summary>
    [Parameter]
    public bool Open { get; set; }

    /// <summary>Raised when the drawer opens or closes.</summary>
    [Parameter]
    public EventCallback<bool> OpenChanged { get; set; }

    /// <summary>The room's facilitation state.</summary>
    [Parameter]
    public FacilitationView? View { get; set; }

    /// <summary>The board shown now, which locks and votes apply to.</summary>
    [Parameter]
    public Guid BoardId { get; set; }

    /// <summary>Number of selected elements, which "Lock selected" applies to.</summary>
    [Parameter]
    public int SelectionCount { get; set; }

    /// <summary>The room's runs, offered for pinning; null while they load.</summary>
    [Parameter]
    public IReadOnlyList<RunSummary>? Runs { get; set; }

    /// <summary>Saves the agenda. Returns true when the service took it, false when it showed the service's message.</summary>
    [Parameter]
    public Func<IReadOnlyList<AgendaPhase>, Task<bool>>? AgendaSaved { get; set; }

    /// <summary>Raised with the index of the phase whose countdown starts.</summary>
    [Parameter]
    public EventCallback<int> PhaseStarted { get; set; }

    /// <summary>Raised for Pause or Resume.</summary>
    [Parameter]
    public EventCallback PauseResumed { get; set; }

    /// <summary>Raised with the minutes to add to the countdown.</summary>
    [Parameter]
    public EventCallback<int> TimeAdded { get; set; }

    /// <summary>Raised for Stop.</summary>
    [Parameter]
    public EventCallback TimerStopped { get; set; }

    /// <summary>Raised for "Bring everyone to my view".</summary>
    [Parameter]
    public EventCallback BringEveryone { get; set; }

    /// <summary>Raised with true to lock the board, false to unlock it.</summary>
    [Parameter]
    public EventCallback<bool> BoardLockChanged { get; set; }

    /// <summary>Raised with true to lock the selected elements, false to unlock them.</summary>
    [Parameter]
    public EventCallback<bool> SelectionLockChanged { get; set; }

    /// <summary>Raised with the votes per person of a new voting round.</summary>
    [Parameter]
    public EventCallback<int> VoteStarted { get; set; }

    /// <summary>Raised for End the vote.</summary>
    [Parameter]
    public EventCallback VoteEnded { get; set; }

    /// <summary>Raised with the run to pin, or null to unpin.</summary>
    [Parameter]
    public EventCallback<Guid?> RunPinned { get; set; }

    /// <summary>Raised with the format of the session summary to download.</summary>
    [Parameter]
    public EventCallback<RoomSummaryFormat> SummaryDownloaded { get; set; }

    /// <summary>Raised for "Copy facilitator link".</summary>
    [Parameter]
    public EventCallback LinkCopied { get; set; }

    private bool TimerActive => View?.Timer is { } timer && (timer.IsRunning || timer.IsPaused);

    private bool BoardLocked => View?.Locks.Any(l => l.BoardId == BoardId && l.BoardLocked) == true;

    private bool AgendaChanged => !_agenda.ToPhases().SequenceEqual(View?.Agenda ?? []);

    // A phase can start only as it is saved, because the service times the stored phase.
    private bool IsSaved(int index) => !AgendaChanged && index < (View?.Agenda.Count ?? 0);

    /// <inheritdoc />
    protected override void OnParametersSet()
    {
        // The editor follows the stored agenda until the facilitator edits it, then keeps the edits until saved.
        IReadOnlyList<AgendaPhase> stored = View?.Agenda ?? [];
        if (!ReferenceEquals(stored, _loadedAgenda) && (_loadedAgenda is null || _agenda.ToPhases().SequenceEqual(_loadedAgenda)))
        {
            _agenda.Load(stored);
            _loadedAgenda = stored;
        }
    }

    /// <inheritdoc />
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        _focus ??= new RoomDrawerFocus(JS, "facilitate-panel");
        await _focus.UpdateAsync(Open);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_focus is not null)
        {
            await _focus.DisposeAsync();
        }
    }

    private async Task SaveAgendaAsync()
    {
        if (!_agenda.IsValid || AgendaSaved is null)
        {
            return;
        }

        _saving = true;
        try
        {
            if (await AgendaSaved(_agenda.ToPhases()))
            {
                _loadedAgenda = null;
            }
        }
        finally
        {
            _saving = false;
        }
    }
}
