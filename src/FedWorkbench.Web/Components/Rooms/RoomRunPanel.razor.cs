using FedWorkbench.Web.Components.Runs;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;

namespace FedWorkbench.Web.Components.Rooms;

/// <summary>
/// Follows one run beside the board: the run page's progress and charts in a narrow panel. It merges the stored
/// history with the live events through <see cref="RunLiveState"/>, as the run page does.
/// </summary>
public sealed partial class RoomRunPanel : RunFollowingComponent
{
    private RunCharts? _charts;

    /// <summary>Raised when the user closes the panel.</summary>
    [Parameter]
    public EventCallback Closed { get; set; }

    private string Title => State.Summary is { } summary ? RunDisplay.Name(summary) : "Run";

    /// <inheritdoc />
    protected override bool ChartsReady => _charts is not null;

    /// <inheritdoc />
    protected override Task AppendRoundsAsync(RoundMetrics[] rounds) => _charts!.AppendAsync(rounds);
}
