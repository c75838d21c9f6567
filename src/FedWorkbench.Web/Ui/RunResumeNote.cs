using FedWorkbench.Web.Runs;

namespace FedWorkbench.Web.Ui;

/// <summary>The explanation shown beside the Resume button of an interrupted run.</summary>
public static class RunResumeNote
{
    /// <summary>
    /// Returns where an interrupted run stopped and what Resume does, or why it cannot be resumed. Returns null for
    /// a run that is not Interrupted.
    /// </summary>
    public static string? Describe(RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.Status != RunStatus.Interrupted)
        {
            return null;
        }

        int done = summary.CompletedRounds;
        int total = summary.TotalRounds;
        string stopped = done == 0
            ? $"Stopped before round 1 of {RunDisplay.Count(total)} when the server stopped."
            : $"Stopped at round {RunDisplay.RoundProgress(done, total)} when the server stopped.";
        if (!summary.CanResume)
        {
            string reason = summary.Error ?? $"No checkpoint of round {RunDisplay.Count(done)} is stored.";
            return $"{stopped} It cannot be resumed: {reason} To finish it, use Edit as new experiment and launch it again.";
        }

        if (done == 0)
        {
            return $"{stopped} Resume starts it from round 1.";
        }

        return done >= total
            ? $"{stopped} Every round is stored; Resume marks the run completed."
            : $"{stopped} Resume continues from round {RunDisplay.Count(done + 1)} with the same results.";
    }
}
