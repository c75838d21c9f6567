using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;

namespace FedWorkbench.Web.Components.Runs;

/// <summary>
/// Progress panel, rejection and kept-model warnings, and the accuracy, loss and aggregated-clients figures of a
/// run. The run page calls <see cref="Refresh"/> when rounds arrive, so only this part renders again, not the
/// whole page with its buttons, tables and charts.
/// </summary>
public partial class RunLiveSection
{
    private DateTimeOffset _now;

    /// <summary>State of the run shown; it must be loaded.</summary>
    [Parameter, EditorRequired]
    public RunLiveState State { get; set; } = default!;

    /// <summary>Time used for the running duration when the page renders this section.</summary>
    [Parameter]
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

    private string? RejectionWarning => RejectedUpdatesWarning.Describe(State.Rounds);

    private string? ModelKeptNote => GlobalModelKeptNote.Describe(State.Rounds);

    private string AggregatedText => State is { LatestRound: { } round, Config: { } config }
        ? RunDisplay.AggregatedClients(round, config)
        : "–";

    // Highlights the card when the latest round rejected updates, next to the warning that explains why.
    private string AggregatedClass => State.LatestRound is { RejectedClients: > 0 } ? "metric-value mud-warning-text" : "metric-value";

    /// <summary>Renders the section again with the rounds now in <see cref="State"/> and <paramref name="now"/> as the current time.</summary>
    public void Refresh(DateTimeOffset now)
    {
        _now = now;
        StateHasChanged();
    }

    /// <inheritdoc />
    protected override void OnParametersSet() => _now = Now;
}
