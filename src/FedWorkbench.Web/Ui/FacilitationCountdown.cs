using System.Globalization;
using FedWorkbench.Web.Facilitation;

namespace FedWorkbench.Web.Ui;

/// <summary>How the countdown chip looks.</summary>
public enum CountdownState
{
    /// <summary>No countdown runs, so the chip is hidden.</summary>
    Stopped,

    /// <summary>More than <see cref="FacilitationCountdown.WarningSeconds"/> left.</summary>
    Running,

    /// <summary>The last minute.</summary>
    Warning,

    /// <summary>The countdown reached zero.</summary>
    TimeUp,

    /// <summary>The facilitator paused the countdown.</summary>
    Paused,
}

/// <summary>The countdown chip's text at one moment: the phase title, the remaining time and its state.</summary>
/// <param name="PhaseTitle">The phase's title, or "Countdown" when the phase is no longer on the agenda.</param>
/// <param name="Remaining">Time left, rounded up to whole seconds, as mm:ss (or h:mm:ss from one hour).</param>
public sealed record CountdownDisplay(CountdownState State, string PhaseTitle, string Remaining)
{
    /// <summary>The chip's whole text, for example "Design · 04:59" or "Design · paused 04:59".</summary>
    public string Text => State switch
    {
        CountdownState.Stopped => string.Empty,
        CountdownState.TimeUp => $"{PhaseTitle} · Time's up",
        CountdownState.Paused => $"{PhaseTitle} · paused {Remaining}",
        _ => $"{PhaseTitle} · {Remaining}",
    };
}

/// <summary>
/// Computes the countdown every participant sees from <see cref="FacilitationView.Timer"/>. Browsers' and servers'
/// clocks differ, so the page keeps the offset between the view's <see cref="FacilitationView.ServerTime"/> and its own
/// clock when the view arrived, and adds it to its clock before comparing with the timer's end.
/// </summary>
public static class FacilitationCountdown
{
    /// <summary>Seconds left below which the chip turns to a warning.</summary>
    public const int WarningSeconds = 60;

    /// <summary>Returns the server clock minus the local clock when <paramref name="view"/> was received.</summary>
    public static TimeSpan ClockOffset(FacilitationView view, DateTimeOffset receivedAt) => view.ServerTime - receivedAt;

    /// <summary>Returns what the chip shows at local time <paramref name="localNow"/>.</summary>
    public static CountdownDisplay Display(FacilitationView? view, TimeSpan clockOffset, DateTimeOffset localNow)
    {
        if (view is null || view.Timer.RemainingSeconds(localNow + clockOffset) is not double remaining)
        {
            return new CountdownDisplay(CountdownState.Stopped, string.Empty, string.Empty);
        }

        string title = view.Timer.PhaseIndex is int index && index >= 0 && index < view.Agenda.Count
            ? view.Agenda[index].Title
            : "Countdown";

        // Rounded up, so that the chip shows 00:00 only when the time is really up.
        int seconds = (int)Math.Ceiling(remaining);
        CountdownState state = view.Timer.IsPaused ? CountdownState.Paused
            : seconds <= 0 ? CountdownState.TimeUp
            : seconds <= WarningSeconds ? CountdownState.Warning
            : CountdownState.Running;
        return new CountdownDisplay(state, title, Format(seconds));
    }

    /// <summary>Formats whole seconds as mm:ss, or as h:mm:ss from one hour on.</summary>
    public static string Format(int seconds)
    {
        seconds = Math.Max(0, seconds);
        var time = TimeSpan.FromSeconds(seconds);
        return time.TotalHours >= 1
            ? string.Format(CultureInfo.InvariantCulture, "{0}:{1:00}:{2:00}", (int)time.TotalHours, time.Minutes, time.Seconds)
            : string.Format(CultureInfo.InvariantCulture, "{0:00}:{1:00}", time.Minutes, time.Seconds);
    }
}
