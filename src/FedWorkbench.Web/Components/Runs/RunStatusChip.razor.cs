using FedWorkbench.Web.Runs;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace FedWorkbench.Web.Components.Runs;

/// <summary>A coloured chip naming a run's status, with the queue position while the run waits.</summary>
public partial class RunStatusChip
{
    /// <summary>Status to show.</summary>
    [Parameter]
    public RunStatus Status { get; set; }

    /// <summary>Position in the queue, 1 for the next run; shown only while <see cref="Status"/> is Queued.</summary>
    [Parameter]
    public int? QueuePosition { get; set; }

    /// <summary>Chip size.</summary>
    [Parameter]
    public Size Size { get; set; } = Size.Small;

    private string Label => Status == RunStatus.Queued && QueuePosition is int position
        ? $"Queued · #{position}"
        : Status.ToString();
}
