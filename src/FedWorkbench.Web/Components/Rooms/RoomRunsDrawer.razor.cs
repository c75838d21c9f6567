using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace FedWorkbench.Web.Components.Rooms;

/// <summary>The drawer with the room's runs: open one beside the board, or tick several and compare them.</summary>
public partial class RoomRunsDrawer : IAsyncDisposable
{
    private readonly HashSet<Guid> _selected = [];

    private RoomDrawerFocus? _focus;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    /// <summary>Whether the drawer is open.</summary>
    [Parameter]
    public bool Open { get; set; }

    /// <summary>Raised when the drawer opens or closes.</summary>
    [Parameter]
    public EventCallback<bool> OpenChanged { get; set; }

    /// <summary>The room's runs, newest first, or null while they load.</summary>
    [Parameter]
    public IReadOnlyList<RunSummary>? Runs { get; set; }

    /// <summary>Raised with the run to open beside the board.</summary>
    [Parameter]
    public EventCallback<Guid> Opened { get; set; }

    private bool CanCompare => _selected.Count is >= RunComparisonLimits.MinRuns and <= RunComparisonLimits.MaxRuns;

    // Keeps the order of the list, newest first, so the compare page's colours follow it.
    private string? CompareLink => CanCompare && Runs is not null
        ? RunComparisonLimits.CompareLink(Runs.Where(r => _selected.Contains(r.Id)).Select(r => r.Id))
        : null;

    /// <inheritdoc />
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        _focus ??= new RoomDrawerFocus(JS, "room-runs");
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

    private void Toggle(Guid runId, bool selected)
    {
        if (selected)
        {
            _selected.Add(runId);
        }
        else
        {
            _selected.Remove(runId);
        }
    }
}
