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
    /// <param name="DrawCharts">
    /// Whether the pages draw the new points with plotly.js. When false, the pages' Plotly.extendTraces and
    /// Plotly.relayout only store the points, so the server sends and the browser acknowledges the same messages
    /// without the drawing. On one core, 10 or 50 drawing pages fall far behind the run, and a page that lags
    /// receives fewer, larger updates, which costs the server less.
    /// </param>
    public sealed record Settings(int Watchers, int Contexts, int WindowRounds, int WindowsPerPhase, int Repetitions, int Blockers, bool DrawCharts);

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
        List<IBrowserContext> contexts = await OpenQueuedRunPagesAsync(browser, baseAddress, watchedRunId, settings);
        Console.WriteLine($"repetition {repetition}: {settings.Watchers} pages ({(settings.DrawCharts ? "drawing" : "storing without drawing")} new points) opened on the queued run in {opening.Elapsed.TotalSeconds:F0} s; " +
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
            await ReportPagesFollowedAsync(contexts, repetition, lastRound, watched.LastRound);
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
    private static async Task<List<IBrowserContext>> OpenQueuedRunPagesAsync(Browser browser, Uri baseAddress, Guid runId, Settings settings)
    {
        var opened = new List<IBrowserContext>();
        for (int i = 0; i < Math.Min(settings.Contexts, settings.Watchers); i++)
        {
            opened.Add(await browser.NewContextAsync());
        }

        // Opened a few at a time: 50 at once on one core only queue behind each other.
        using var gate = new SemaphoreSlim(4);
        await Task.WhenAll(Enumerable.Range(0, settings.Watchers).Select(async index =>
        {
            await gate.WaitAsync();
            try
            {
                IPage page = await Browser.OpenInteractiveAsync(opened[index % opened.Count], baseAddress, $"runs/{runId}");

                // The run page's progress bar animates while a run is queued or running, and 50 pages repainting it
                // kept the browsers' CPU busy in every phase, so they fell behind the stream. Its cost is the
                // browser's alone, and a real watcher has a machine of their own.
                await page.AddStyleTagAsync(new PageAddStyleTagOptions { Content = "*, *::before, *::after { animation: none !important; transition: none !important; }" });
                await Browser.WaitForChartsDrawnAsync(page);
                if (!settings.DrawCharts)
                {
                    await page.EvaluateAsync(StorePointsWithoutDrawingScript);
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        return opened;
    }

    // Replaces the two plotly.js calls the run page makes for new rounds with ones that append the points to each
    // chart's data, as Plotly.extendTraces does, without drawing them.
    private const string StorePointsWithoutDrawingScript = """
        () => {
            window.Plotly.extendTraces = (id, update, indices) => {
                const chart = typeof id === 'string' ? document.getElementById(id) : id;
                indices.forEach((trace, i) => {
                    for (const key of Object.keys(update)) {
                        chart.data[trace][key] = (chart.data[trace][key] ?? []).concat(update[key][i]);
                    }
                });
                return Promise.resolve(chart);
            };
            window.Plotly.relayout = id => Promise.resolve(typeof id === 'string' ? document.getElementById(id) : id);
        }
        """;

    /// <summary>
    /// Prints how far the pages had drawn right after the live windows, then waits up to two minutes for every page
    /// to draw <paramref name="lastRound"/>. The run page awaits each Plotly.extendTraces call, so a page that lags
    /// gets fewer, larger updates, which cost the server less.
    /// </summary>
    private static async Task ReportPagesFollowedAsync(List<IBrowserContext> contexts, int repetition, int lastRound, int runRound)
    {
        IPage[] pages = [.. contexts.SelectMany(context => context.Pages)];
        int[] drawn = await Task.WhenAll(pages.Select(page =>
            page.EvaluateAsync<int>("() => document.getElementById('accuracy-chart')?.data?.[0]?.x?.length ?? 0")));
        Array.Sort(drawn);

        // NOTE: on a 2-core machine, 50 pages on one core lag far behind configuration (a) even without drawing,
        // so the live windows understate what 50 browsers on their own machines would cost the server.
        Console.WriteLine($"repetition {repetition}: when the run had finished round {runRound}, the pages had drawn " +
                          $"{drawn[0]} to {drawn[^1]} rounds (median {drawn[drawn.Length / 2]})");

        var catchingUp = Stopwatch.StartNew();
        using var timer = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await Task.WhenAll(pages.Select(page => Browser.WaitForAccuracyPointsAsync(page, lastRound).WaitAsync(timer.Token)));
            Console.WriteLine($"repetition {repetition}: every page had drawn round {lastRound} {catchingUp.Elapsed.TotalSeconds:F1} s later");
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine($"repetition {repetition}: WARNING: not every page had drawn round {lastRound} 2 minutes later, so the pages did not keep up with the run.");
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
                    // The process exited between the listing and the read, so this reading leaves its time out.
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
