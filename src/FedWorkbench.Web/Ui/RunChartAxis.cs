using FedWorkbench.Web.Runs;

namespace FedWorkbench.Web.Ui;

/// <summary>Round axis and empty-chart message of the run page's charts, derived from the run's status and rounds.</summary>
public static class RunChartAxis
{
    /// <summary>Message over the charts of a queued or running run that has no round yet.</summary>
    public const string WaitingMessage = "Waiting for round 1…";

    /// <summary>Message over the charts of a run that ended without finishing a round.</summary>
    public const string NoRoundsMessage = "No rounds were completed.";

    /// <summary>
    /// Returns the message shown over empty charts, or null when <paramref name="roundCount"/> is positive and the
    /// charts have points to show.
    /// </summary>
    public static string? EmptyMessage(RunStatus status, int roundCount) => roundCount switch
    {
        > 0 => null,
        _ when RunDisplay.IsActive(status) => WaitingMessage,
        _ => NoRoundsMessage,
    };

    /// <summary>
    /// Returns the last round of the x axis. While a run can still change, the axis spans every planned round so
    /// that it does not rescale with each new point. Once the run has ended, the axis fits the rounds it has, so a
    /// run cancelled after 73 of 1,000 rounds fills the chart. A run that ended with no round keeps the planned span.
    /// </summary>
    public static int LastAxisRound(RunStatus status, int totalRounds, int lastRound)
    {
        if (!RunDisplay.IsActive(status) && lastRound > 0)
        {
            return lastRound;
        }

        return Math.Max(Math.Max(totalRounds, lastRound), 1);
    }

    /// <summary>
    /// Returns the distance between round ticks: 1, 2 or 5 times a power of ten, giving about six ticks at most so
    /// that the labels fit a chart on a 375-pixel phone screen.
    /// </summary>
    public static int TickStep(int lastAxisRound)
    {
        double rough = Math.Max(1, lastAxisRound / 6.0);
        double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double mantissa = rough / power;
        int step = 10;
        if (mantissa <= 1)
        {
            step = 1;
        }
        else if (mantissa <= 2)
        {
            step = 2;
        }
        else if (mantissa <= 5)
        {
            step = 5;
        }

        return (int)(step * power);
    }
}
