using FedWorkbench.Web.Runs;
using Microsoft.AspNetCore.Components;

namespace FedWorkbench.Web.Components.Pages;

/// <summary>Landing page: rooms (create, join, recent), what the workbench does, a way to start, and the latest runs launched outside rooms.</summary>
public partial class Home
{
    private const int RecentRunCount = 5;

    private IReadOnlyList<RunSummary>? _recentRuns;

    [Inject]
    private IRunService Runs { get; set; } = default!;

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        IReadOnlyList<RunSummary> runs = await Runs.ListAsync();
        _recentRuns = runs.Take(RecentRunCount).ToList();
    }
}
