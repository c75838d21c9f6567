using System.Globalization;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Training;
using FedWorkbench.Web.Runs;
using MudBlazor;

namespace FedWorkbench.Web.Ui;

/// <summary>Text and colours the pages use to show runs, so that every page shows a run the same way.</summary>
public static class RunDisplay
{
    /// <summary>Returns whether a run in <paramref name="status"/> can still change.</summary>
    public static bool IsActive(RunStatus status) => status is RunStatus.Queued or RunStatus.Running;

    /// <summary>Returns the chip colour of <paramref name="status"/>.</summary>
    public static Color StatusColor(RunStatus status) => status switch
    {
        RunStatus.Queued => Color.Default,
        RunStatus.Running => Color.Info,
        RunStatus.Completed => Color.Success,
        RunStatus.Failed => Color.Error,
        RunStatus.Cancelled => Color.Warning,
        RunStatus.Interrupted => Color.Warning,
        _ => Color.Default,
    };

    /// <summary>Returns the icon of <paramref name="status"/>.</summary>
    public static string StatusIcon(RunStatus status) => status switch
    {
        RunStatus.Queued => Icons.Material.Outlined.HourglassEmpty,
        RunStatus.Running => Icons.Material.Filled.Autorenew,
        RunStatus.Completed => Icons.Material.Filled.CheckCircle,
        RunStatus.Failed => Icons.Material.Filled.Error,
        RunStatus.Cancelled => Icons.Material.Filled.Cancel,
        RunStatus.Interrupted => Icons.Material.Filled.PauseCircle,
        _ => Icons.Material.Outlined.Help,
    };

    /// <summary>Returns an accuracy in [0, 1] as a percentage with one decimal, or an en dash when unknown.</summary>
    public static string Percent(double? fraction) =>
        fraction is double value ? (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "–";

    /// <summary>Text shown in place of a loss that is undefined for a finished round.</summary>
    public const string UndefinedLoss = "undefined";

    /// <summary>Returns a loss with four significant digits, an en dash when unknown, or "undefined" for NaN or an infinity.</summary>
    public static string Loss(double? value) => value switch
    {
        null => "–",
        double loss when !double.IsFinite(loss) => UndefinedLoss,
        double loss => loss.ToString("G4", CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Returns the test loss of <paramref name="round"/> as <see cref="Loss"/> does, an en dash before the first
    /// round, or "undefined" when the round has no test loss because the engine reported a non-finite one.
    /// </summary>
    public static string TestLoss(RoundMetrics? round) => round switch
    {
        null => "–",
        { TestLoss: double loss } => Loss(loss),
        _ => UndefinedLoss,
    };

    /// <summary>Returns a count with thousands separators, such as "1,000", whatever the server's culture.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>
    /// Returns the aggregated clients of <paramref name="round"/> out of the m = max(1, ⌊C·K⌋) updates that the
    /// server awaits, such as "8 of 10". With over-selection, the s selected clients follow, as in
    /// "8 of 10 awaited (13 selected)": the s − m extra clients were never awaited, so they are not missing updates.
    /// </summary>
    public static string AggregatedClients(RoundMetrics round, ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(config);
        // Under Poisson sampling the server awaits every client it sampled, however many that was.
        if (config.Clients < 1 || config.Sampling == ClientSamplingKind.Poisson)
        {
            return $"{Count(round.AggregatedClients)} of {Count(round.SampledClients)}";
        }

        int awaited = ClientSampler.ClientsPerRound(config.Clients, config.ClientFraction);
        string aggregated = $"{Count(round.AggregatedClients)} of {Count(awaited)}";
        return round.SampledClients > awaited ? $"{aggregated} awaited ({Count(round.SampledClients)} selected)" : aggregated;
    }

    /// <summary>
    /// Returns round progress as "73 of 1,000", the one form every page uses for a number of rounds out of a total.
    /// </summary>
    public static string RoundProgress(int completedRounds, int totalRounds) =>
        $"{Count(completedRounds)} of {Count(totalRounds)}";

    /// <summary>
    /// Returns the wall-clock time of a round: "12 ms" below one second ("under 1 ms" below half a millisecond),
    /// "2.4 s" below a minute, and <see cref="Duration"/> from a minute on.
    /// </summary>
    public static string RoundTime(double seconds)
    {
        double milliseconds = Math.Round(Math.Max(0, seconds) * 1000);
        if (milliseconds < 1)
        {
            return "under 1 ms";
        }

        if (milliseconds < 1000)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{milliseconds:0} ms");
        }

        if (seconds < 59.95)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{seconds:0.0} s");
        }

        return Duration(TimeSpan.FromSeconds(seconds));
    }

    /// <summary>Returns a duration as "45 s", "3 min 05 s" or "2 h 10 min".</summary>
    public static string Duration(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            duration = TimeSpan.Zero;
        }

        if (duration.TotalMinutes < 1)
        {
            return $"{Math.Round(duration.TotalSeconds):0} s";
        }

        if (duration.TotalHours < 1)
        {
            return $"{(int)duration.TotalMinutes} min {duration.Seconds:00} s";
        }

        return $"{(int)duration.TotalHours} h {duration.Minutes:00} min";
    }

    /// <summary>
    /// Returns how long a run has been executing: start to finish, or start to <paramref name="now"/> while it runs.
    /// Returns null for a run that never started.
    /// </summary>
    public static TimeSpan? RunDuration(RunSummary summary, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.StartedAt is not DateTimeOffset started)
        {
            return null;
        }

        DateTimeOffset end = summary.FinishedAt ?? (summary.Status == RunStatus.Running ? now : started);
        return end - started;
    }

    /// <summary>Returns a UTC timestamp such as "2026-12-04 21:05 UTC".</summary>
    // NOTE: times are shown in UTC because the server does not know the browser's time zone.
    public static string Timestamp(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>Returns the run's name, or "Untitled run" when it has none.</summary>
    public static string Name(RunSummary summary) =>
        string.IsNullOrWhiteSpace(summary.Name) ? "Untitled run" : summary.Name;
}
