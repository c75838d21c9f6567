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
        ? $"Waiting to start · {RunDisplay.Count(State.TotalRounds)} rounds"
        : $"Round {RunDisplay.RoundProgress(State.CompletedRounds, State.TotalRounds)}";

    private string RoundsDone => RunDisplay.RoundProgress(State.CompletedRounds, State.TotalRounds);

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
        2 => "Position 2 in the queue: 1 run starts before this one.",
        int position => $"Position {RunDisplay.Count(position)} in the queue: {RunDisplay.Count(position - 1)} runs start before this one.",
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
                parts.Add($"{RunDisplay.RoundTime(mean)} per round");
            }

            if (State.EstimatedTimeLeft is TimeSpan left)
            {
                parts.Add($"about {RunDisplay.Duration(left)} left");
            }

            return string.Join(" · ", parts);
        }
    }
}
