using System.Globalization;
using static WebRuns.WatcherCost;

namespace WebRuns;

/// <summary>Prints the summary of the watchers benchmark: per-phase medians and the web CPU that live pages add.</summary>
internal static class WatcherReport
{
    // Thread names listed in the breakdown of the web CPU, the busiest first.
    private const int ThreadNamesShown = 8;

    public static void Print(Result result)
    {
        IReadOnlyList<Window> windows = result.Windows;
        int cores = OnlineCpuCount();
        Console.WriteLine($"watchers: medians over windows; simulation = threads {SimulationThreadPrefix}* ({result.SimulationThreads.Count}), " +
                          "web = every other thread of the app (storing rounds, circuits, SignalR, rendering, JS interop, GC, JIT)");
        foreach (Phase phase in Enum.GetValues<Phase>())
        {
            Window[] own = [.. windows.Where(w => w.Phase == phase)];
            if (own.Length == 0)
            {
                continue;
            }

            Console.WriteLine(
                $"watchers: {PhaseName(phase),-8} {own.Length,2} windows: wall {Median(own, w => w.WallPerRound) * 1000:F0} ms, " +
                $"simulation CPU {Median(own, w => w.SimulationCpuPerRound) * 1000:F1} ms, web CPU {Median(own, w => w.WebCpuPerRound) * 1000:F1} ms, " +
                $"app CPU {Median(own, w => w.AppCpuPerRound) * 1000:F1} ms, browser CPU {Median(own, w => w.BrowserCpuPerRound) * 1000:F1} ms per round; " +
                $"web CPU {Median(own, w => w.WebCpuPerSecond) * 1000:F0} ms/s");
        }

        PrintWebThreads(windows);
        PrintLiveOverControl(windows, cores);
        PrintLags(result.Lags);
    }

    /// <summary>Prints the web CPU per second of the busiest thread names, in control and live windows.</summary>
    private static void PrintWebThreads(IReadOnlyList<Window> windows)
    {
        Window[] control = [.. windows.Where(w => w.Phase == Phase.Control)];
        Window[] live = [.. windows.Where(w => w.Phase == Phase.Live)];
        double PerSecond(Window[] phase, string name) => Median(phase, w => w.App.OtherThreadsByName.GetValueOrDefault(name) / w.WallSeconds);
        double Unnamed(Window w) => (w.App.WebSeconds - w.App.OtherThreadsByName.Values.Sum()) / w.WallSeconds;

        IEnumerable<string> busiest = windows
            .SelectMany(w => w.App.OtherThreadsByName.Keys)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(name => PerSecond(control, name) + PerSecond(live, name))
            .Take(ThreadNamesShown);
        IEnumerable<string> parts = busiest
            .Select(name => $"'{name}' {PerSecond(control, name) * 1000:F1} / {PerSecond(live, name) * 1000:F1}")
            .Append($"exited threads {Median(control, Unnamed) * 1000:F1} / {Median(live, Unnamed) * 1000:F1}");
        Console.WriteLine($"watchers: web CPU by thread name, control / live, ms/s: {string.Join(", ", parts)}");
    }

    /// <summary>
    /// Compares each live phase with the mean of the control phases before and after it, in the same repetition,
    /// so that a steady drift cancels. Prints each comparison and their median.
    /// </summary>
    private static void PrintLiveOverControl(IReadOnlyList<Window> windows, int cores)
    {
        var extraPerSecond = new List<double>();
        var extraShareOfApp = new List<double>();
        foreach (var livePhase in windows.Where(w => w.Phase == Phase.Live).GroupBy(w => (w.Repetition, w.PhaseNumber)))
        {
            Window[] live = [.. livePhase];
            Window[][] neighbours = [.. new[] { livePhase.Key.PhaseNumber - 1, livePhase.Key.PhaseNumber + 1 }
                .Select(number => windows.Where(w => w.Repetition == livePhase.Key.Repetition && w.PhaseNumber == number && w.Phase == Phase.Control).ToArray())
                .Where(phase => phase.Length > 0)];
            double controlWebPerSecond = neighbours.Average(phase => Median(phase, w => w.WebCpuPerSecond));
            double controlWebPerRound = neighbours.Average(phase => Median(phase, w => w.WebCpuPerRound));
            double controlAppPerRound = neighbours.Average(phase => Median(phase, w => w.AppCpuPerRound));
            double liveWebPerSecond = Median(live, w => w.WebCpuPerSecond);
            double liveWebPerRound = Median(live, w => w.WebCpuPerRound);

            double perSecond = liveWebPerSecond - controlWebPerSecond;
            double shareOfApp = (liveWebPerRound - controlWebPerRound) / controlAppPerRound;
            extraPerSecond.Add(perSecond);
            extraShareOfApp.Add(shareOfApp);
            Console.WriteLine(
                $"watchers: repetition {livePhase.Key.Repetition} phase {livePhase.Key.PhaseNumber}: web CPU {liveWebPerSecond * 1000:F0} ms/s live against " +
                $"{controlWebPerSecond * 1000:F0} ms/s in the control phases around it: +{perSecond * 1000:F0} ms/s = {perSecond / cores:P1} of {cores} cores; " +
                $"per round {liveWebPerRound * 1000:F1} against {controlWebPerRound * 1000:F1} ms = {shareOfApp:P1} of the app's {controlAppPerRound * 1000:F1} ms");
        }

        if (extraPerSecond.Count == 0)
        {
            return;
        }

        int pages = windows.Max(w => w.Pages);
        Console.WriteLine(
            $"watchers: web CPU that {pages} live pages add over the control, median of {extraPerSecond.Count} live phases: " +
            $"{Median(extraPerSecond) * 1000:F0} ms/s = {Median(extraPerSecond) / cores:P1} of {cores} cores " +
            $"(range {extraPerSecond.Min() / cores:P1} to {extraPerSecond.Max() / cores:P1}); " +
            $"{Median(extraShareOfApp):P1} of the app's CPU per round (range {extraShareOfApp.Min():P1} to {extraShareOfApp.Max():P1})");
    }

    private static void PrintLags(IReadOnlyList<PageLag> lags)
    {
        if (lags.Count == 0)
        {
            return;
        }

        int[] behind = [.. lags.SelectMany(lag => lag.DrawnRounds.Select(drawn => lag.RunRound - drawn)).Order()];
        int caughtUp = lags.Count(lag => lag.CatchUp is not null);
        string catchUpTimes = string.Join(", ", lags.Select(lag => lag.CatchUp is { } time ? $"{time.TotalSeconds:F1} s" : "no"));
        Console.WriteLine(
            $"watchers: at the end of {lags.Count} live phases the pages were {behind[0]} to {behind[^1]} rounds behind the run " +
            $"(median {behind[behind.Length / 2]}); every page caught up within 2 minutes in {caughtUp} of them ({catchUpTimes})");
    }

    /// <summary>Returns the number of CPUs the machine has online, whatever this process's affinity.</summary>
    private static int OnlineCpuCount()
    {
        // The file lists ranges such as "0-1" or "0,2-3".
        string online = File.ReadAllText("/sys/devices/system/cpu/online").Trim();
        return online.Split(',').Sum(range =>
        {
            string[] bounds = range.Split('-');
            return bounds.Length == 1 ? 1 : int.Parse(bounds[1], CultureInfo.InvariantCulture) - int.Parse(bounds[0], CultureInfo.InvariantCulture) + 1;
        });
    }

    private static double Median<T>(IEnumerable<T> items, Func<T, double> value) => Median(items.Select(value));

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
