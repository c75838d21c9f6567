using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace FedWorkbench.Web.Components.Runs;

/// <summary>Progress bar with "Round i of N", the estimated time left, the queue position and the failure message.</summary>
public partial class RunProgressPanel
{
    /// <summary>State of the run shown; it must be loaded.</summary>
    [Parameter, EditorRequired]
    public RunLiveState State { get; set; } = default!;

    /// <summary>Time used for the running duration; the page passes the time of its last update.</summary>
    [Parameter]
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

    private RunSummary Summary => State.Summary!;

    private double Percent => State.TotalRounds == 0 ? 0 : 100.0 * State.CompletedRounds / State.TotalRounds;

    private string ProgressText => State.CompletedRounds == 0 && Summary.Status == RunStatus.Queued
        ? $"Waiting to start · {State.TotalRounds:N0} rounds"
        : $"Round {State.CompletedRounds:N0} of {State.TotalRounds:N0}";

    private Color ProgressColor => Summary.Status switch
    {
        RunStatus.Completed => Color.Success,
        RunStatus.Failed => Color.Error,
        RunStatus.Cancelled or RunStatus.Interrupted => Color.Warning,
        _ => Color.Primary,
    };

    private string QueueText => Summary.QueuePosition switch
    {
        1 => "Next in the queue: the run starts when a worker is free.",
        int position => $"Position {position} in the queue: {position - 1} runs start before this one.",
        null => "Waiting in the queue for a free worker.",
    };

    private string TimingText
    {
        get
        {
            var parts = new List<string>();
            if (RunDisplay.RunDuration(Summary, Now) is TimeSpan elapsed)
            {
                parts.Add($"Elapsed {RunDisplay.Duration(elapsed)}");
            }

            if (State.MeanRoundSeconds is double mean)
            {
                parts.Add($"{mean:0.0} s per round");
            }

            if (State.EstimatedTimeLeft is TimeSpan left)
            {
                parts.Add($"about {RunDisplay.Duration(left)} left");
            }

            return string.Join(" · ", parts);
        }
    }
}
