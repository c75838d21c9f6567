using System.Diagnostics;
using FedWorkbench.Web.Runs;
using Microsoft.Playwright;

namespace WebRuns;

/// <summary>
/// Server CPU that browsers watching one run cost. With <c>Runs:MaxConcurrentRuns=1</c>, each repetition queues
/// a few long "blocker" runs of configuration (a) and then the watched run, which waits in the queue. The pages
/// are opened on the queued watched run, so they have circuits and charts but receive no rounds. The control
/// windows measure the app's CPU time (utime + stime) per round of a blocker with the pages open. Then the blockers
/// are cancelled, the watched run starts, and the live windows measure the app's CPU per round of the watched run
/// while every page draws it. Both runs have the same configuration, so the difference is the stream's cost. A
/// window with no pages at all, on the first blocker, shows what the idle circuits themselves cost.
/// </summary>
internal static class WatcherCost
{
    // Rounds a run completes before any window on it starts, so that the start of the run is not measured.
    private const int WarmUpRounds = 5;

    private const int RunRounds = 1_000;

    private static readonly TimeSpan RoundTimeout = TimeSpan.FromMinutes(5);

    /// <summary>What was open while a window was measured.</summary>
    public enum Phase
    {
        /// <summary>No page is open while a blocker runs.</summary>
        NoPages,

        /// <summary>The pages are open on the queued watched run while a blocker runs.</summary>
        Control,

        /// <summary>The pages are open on the watched run while it runs.</summary>
        Live,
    }

    /// <summary>Settings of the probe, from the command line.</summary>
    public sealed record Settings(int Watchers, int Contexts, int WindowRounds, int WindowsPerPhase, int Repetitions, int Blockers);

    /// <summary>
    /// One measured window: whole rounds of one run, their wall time, the app's CPU time and the CPU time of the
    /// benchmark's own process tree (the Playwright driver and Chromium) over them.
    /// </summary>
    public sealed record Window(int Repetition, Phase Phase, int Pages, int FirstRound, int Rounds, double WallSeconds, double CpuSeconds, double BrowserCpuSeconds)
    {
        public double CpuPerRound => CpuSeconds / Rounds;

        public double WallPerRound => WallSeconds / Rounds;

        public double BrowserCpuPerRound => BrowserCpuSeconds / Rounds;
    }

    public static async Task<IReadOnlyList<Window>> RunAsync(Uri baseAddress, AppProcess app, Settings settings)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Watchers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Contexts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.WindowRounds, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.WindowsPerPhase, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Blockers, 1);

        // Every window of a phase must fit in the rest of one run after its warm-up.
        int roundsPerPhase = WarmUpRounds + (settings.WindowsPerPhase * (settings.WindowRounds + 1));
        if (roundsPerPhase > RunRounds)
        {
            throw new ArgumentException(
                $"--windows {settings.WindowsPerPhase} of --window-rounds {settings.WindowRounds} need {roundsPerPhase} rounds, more than a run's {RunRounds}; measure fewer rounds.");
        }

        Console.WriteLine($"watchers: app process {app.Pid} may run on CPUs {ProcessTree.AllowedCpus(app.Pid)}, " +
                          $"this benchmark and its browser on CPUs {ProcessTree.AllowedCpus(Environment.ProcessId)}");

        using var api = new RunApi(baseAddress);
        await using Browser browser = await Browser.LaunchAsync();
        var windows = new List<Window>();
        for (int repetition = 1; repetition <= settings.Repetitions; repetition++)
        {
            windows.AddRange(await RunRepetitionAsync(baseAddress, api, app, browser, settings, repetition));
        }

        return windows;
    }

    private static async Task<List<Window>> RunRepetitionAsync(
        Uri baseAddress, RunApi api, AppProcess app, Browser browser, Settings settings, int repetition)
    {
        // The app runs one run at a time, in launch order, so the watched run waits behind the blockers.
        var blockers = new List<Guid>();
        for (int i = 1; i <= settings.Blockers; i++)
        {
            blockers.Add(await api.LaunchAsync(RunApi.ConfigA($"Blocker {repetition}.{i}", RunRounds)));
        }

        Guid watchedRunId = await api.LaunchAsync(RunApi.ConfigA($"Watched run {repetition}", RunRounds));
        var windows = new List<Window>();

        await using (RoundFollower first = await RoundFollower.FollowAsync(baseAddress, blockers[0]))
        {
            await first.WaitForRoundAsync(WarmUpRounds, RoundTimeout);
            windows.Add(await MeasureAsync(app, first, repetition, Phase.NoPages, 0, settings.WindowRounds));
        }

        var opening = Stopwatch.StartNew();
        List<IBrowserContext> contexts = await OpenQueuedRunPagesAsync(browser, baseAddress, watchedRunId, settings.Watchers, settings.Contexts);
        Console.WriteLine($"repetition {repetition}: {settings.Watchers} pages opened on the queued run in {opening.Elapsed.TotalSeconds:F0} s; " +
                          $"browser processes may run on CPUs {ProcessTree.DescribeDescendantAffinity(Environment.ProcessId)}");

        int roundsNeeded = WarmUpRounds + (settings.WindowsPerPhase * (settings.WindowRounds + 1));
        Guid blockerId = await FindRunningBlockerAsync(api, blockers, watchedRunId, roundsNeeded);
        await using (RoundFollower blocker = await RoundFollower.FollowAsync(baseAddress, blockerId))
        {
            await blocker.WaitForRoundAsync(blocker.LastRound + WarmUpRounds, RoundTimeout);
            for (int i = 0; i < settings.WindowsPerPhase; i++)
            {
                windows.Add(await MeasureAsync(app, blocker, repetition, Phase.Control, settings.Watchers, settings.WindowRounds));
            }
        }

        // Queued blockers first, so that cancelling the running one starts the watched run and no other.
        foreach (Guid id in blockers.Where(id => id != blockerId).Append(blockerId))
        {
            await api.CancelAsync(id);
        }

        await using (RoundFollower watched = await RoundFollower.FollowAsync(baseAddress, watchedRunId))
        {
            await watched.WaitForRoundAsync(WarmUpRounds, RoundTimeout);
            for (int i = 0; i < settings.WindowsPerPhase; i++)
            {
                windows.Add(await MeasureAsync(app, watched, repetition, Phase.Live, settings.Watchers, settings.WindowRounds));
            }

            int lastRound = windows[^1].FirstRound + windows[^1].Rounds - 1;
            var catchingUp = Stopwatch.StartNew();
            await CheckPagesFollowedAsync(contexts, lastRound);
            Console.WriteLine($"repetition {repetition}: every page had drawn round {lastRound} {catchingUp.Elapsed.TotalSeconds:F1} s after the last live window ended");
        }

        foreach (IBrowserContext context in contexts)
        {
            await context.CloseAsync();
        }

        await api.CancelAsync(watchedRunId);
        await api.WaitUntilEndedAsync(watchedRunId, TimeSpan.FromMinutes(2));
        return windows;
    }

    private static async Task<Window> MeasureAsync(AppProcess app, RoundFollower follower, int repetition, Phase phase, int pages, int windowRounds)
    {
        // Start at a round boundary, so that every window contains whole rounds.
        int first = follower.LastRound + 1;
        await follower.WaitForRoundAsync(first, RoundTimeout);
        var clock = Stopwatch.StartNew();
        double cpuBefore = app.CpuSeconds();
        double browserBefore = ProcessTree.DescendantCpuSeconds(Environment.ProcessId);
        await follower.WaitForRoundAsync(first + windowRounds, TimeSpan.FromMinutes(10));
        double cpuAfter = app.CpuSeconds();
        double browserAfter = ProcessTree.DescendantCpuSeconds(Environment.ProcessId);

        var window = new Window(repetition, phase, pages, first + 1, windowRounds, clock.Elapsed.TotalSeconds, cpuAfter - cpuBefore, browserAfter - browserBefore);
        Console.WriteLine(
            $"repetition {window.Repetition} {PhaseName(window.Phase),-8} rounds {window.FirstRound}-{window.FirstRound + window.Rounds - 1}: " +
            $"{window.WallPerRound * 1000:F0} ms wall, app CPU {window.CpuPerRound * 1000:F1} ms, browser CPU {window.BrowserCpuPerRound * 1000:F1} ms per round");
        return window;
    }

    /// <summary>
    /// Returns the blocker that runs now, once it has enough rounds left for the control windows. A blocker with
    /// too few rounds left is cancelled so that the next one starts.
    /// </summary>
    private static async Task<Guid> FindRunningBlockerAsync(RunApi api, List<Guid> blockers, Guid watchedRunId, int roundsNeeded)
    {
        using var timer = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            IReadOnlyList<RunSummary> runs = await api.ListAsync();
            RunSummary watched = runs.Single(run => run.Id == watchedRunId);
            if (watched.Status != RunStatus.Queued)
            {
                throw new InvalidOperationException(
                    $"The watched run is {watched.Status} instead of queued: all {blockers.Count} blocker runs ended while the pages opened. Pass a larger --blockers.");
            }

            RunSummary? running = runs.SingleOrDefault(run => blockers.Contains(run.Id) && run.Status == RunStatus.Running);
            if (running is not null && running.TotalRounds - running.CompletedRounds >= roundsNeeded)
            {
                return running.Id;
            }

            if (running is not null)
            {
                await api.CancelAsync(running.Id);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), timer.Token);
        }
    }

    // Spreads the pages over a few browser contexts; each page is a separate Blazor circuit either way.
    private static async Task<List<IBrowserContext>> OpenQueuedRunPagesAsync(Browser browser, Uri baseAddress, Guid runId, int pages, int contexts)
    {
        var opened = new List<IBrowserContext>();
        for (int i = 0; i < Math.Min(contexts, pages); i++)
        {
            opened.Add(await browser.NewContextAsync());
        }

        // Opened a few at a time: 50 at once on one core only queue behind each other.
        using var gate = new SemaphoreSlim(4);
        await Task.WhenAll(Enumerable.Range(0, pages).Select(async index =>
        {
            await gate.WaitAsync();
            try
            {
                IPage page = await Browser.OpenInteractiveAsync(opened[index % opened.Count], baseAddress, $"runs/{runId}");
                await Browser.WaitForChartsDrawnAsync(page);
            }
            finally
            {
                gate.Release();
            }
        }));
        return opened;
    }

    // Every open page must have drawn the rounds of the windows, or it was not really watching.
    private static async Task CheckPagesFollowedAsync(List<IBrowserContext> contexts, int round)
    {
        foreach (IPage page in contexts.SelectMany(context => context.Pages))
        {
            await Browser.WaitForAccuracyPointsAsync(page, round);
        }
    }

    /// <summary>Prints the per-phase medians and the stream's extra CPU per round.</summary>
    public static void Report(IReadOnlyList<Window> windows)
    {
        double MedianOf(Phase phase, Func<Window, double> value) => Median(windows.Where(w => w.Phase == phase).Select(value));

        foreach (Phase phase in Enum.GetValues<Phase>())
        {
            Console.WriteLine($"watchers: {PhaseName(phase),-8} median of {windows.Count(w => w.Phase == phase)} windows: " +
                              $"app CPU {MedianOf(phase, w => w.CpuPerRound) * 1000:F1} ms, wall {MedianOf(phase, w => w.WallPerRound) * 1000:F0} ms, " +
                              $"browser CPU {MedianOf(phase, w => w.BrowserCpuPerRound) * 1000:F1} ms per round");
        }

        // Each repetition compares its own control and live windows, so a drift between repetitions cancels.
        var extras = new List<double>();
        foreach (int repetition in windows.Select(w => w.Repetition).Distinct())
        {
            Window[] own = [.. windows.Where(w => w.Repetition == repetition)];
            double control = Median(own.Where(w => w.Phase == Phase.Control).Select(w => w.CpuPerRound));
            double live = Median(own.Where(w => w.Phase == Phase.Live).Select(w => w.CpuPerRound));
            extras.Add((live - control) / control);
            Console.WriteLine($"watchers: repetition {repetition}: app CPU per round {control * 1000:F1} ms (control) and {live * 1000:F1} ms (live), " +
                              $"extra {(live - control) * 1000:F1} ms = {(live - control) / control:P1} of the control");
        }

        Console.WriteLine($"watchers: median extra app CPU of {windows.Max(w => w.Pages)} live pages over the control: {Median(extras):P1} " +
                          $"(range {extras.Min():P1} to {extras.Max():P1} over {extras.Count} repetitions)");
    }

    private static string PhaseName(Phase phase) => phase switch
    {
        Phase.NoPages => "no pages",
        Phase.Control => "control",
        _ => "live",
    };

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>CPU affinity and CPU time of a process and its descendants, read from <c>/proc</c> (Linux only).</summary>
    private static class ProcessTree
    {
        public static string AllowedCpus(int pid) => ReadStatusField(pid, "Cpus_allowed_list:") ?? "(unknown)";

        /// <summary>Describes the CPU sets of the descendants of <paramref name="root"/>, for example "1 (23 processes)".</summary>
        public static string DescribeDescendantAffinity(int root)
        {
            IEnumerable<string> groups = Descendants(root)
                .Select(pid => ReadStatusField(pid, "Cpus_allowed_list:"))
                .OfType<string>()
                .GroupBy(cpus => cpus)
                .Select(group => $"{group.Key} ({group.Count()} processes)");
            return string.Join(", ", groups);
        }

        public static double DescendantCpuSeconds(int root)
        {
            double total = 0;
            foreach (int pid in Descendants(root))
            {
                try
                {
                    total += new AppProcess(pid).CpuSeconds();
                }
                catch (IOException)
                {
                    // The process exited between the listing and the read; its time is lost in both readings alike.
                }
            }

            return total;
        }

        private static List<int> Descendants(int root)
        {
            var children = new Dictionary<int, List<int>>();
            foreach (string directory in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(directory), out int pid) && ReadStatusField(pid, "PPid:") is { } parent
                    && int.TryParse(parent, out int ppid))
                {
                    (children.TryGetValue(ppid, out List<int>? list) ? list : children[ppid] = []).Add(pid);
                }
            }

            var found = new List<int>();
            var pending = new Stack<int>([root]);
            while (pending.TryPop(out int pid))
            {
                foreach (int child in children.GetValueOrDefault(pid, []))
                {
                    found.Add(child);
                    pending.Push(child);
                }
            }

            return found;
        }

        private static string? ReadStatusField(int pid, string name)
        {
            try
            {
                return File.ReadLines($"/proc/{pid}/status")
                    .FirstOrDefault(line => line.StartsWith(name, StringComparison.Ordinal))?[name.Length..].Trim();
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }
        }
    }
}
