using System.Diagnostics;
using FedWorkbench.Web;
using FedWorkbench.Web.Runs;

namespace WebRuns;

/// <summary>
/// Server CPU that browsers watching one run cost. With <c>Runs:MaxConcurrentRuns=1</c>, each repetition queues
/// long "blocker" runs of configuration (a) and then one more run that stays queued behind them. After one window
/// with no page open, the pages open on the queued run. While the blockers train one after the other, the pages
/// then alternate between two phases. In a control phase they show the queued run, so they have circuits and
/// charts but receive no rounds. In a live phase they show the running blocker and draw its rounds. Control phases
/// come first and last, so each live phase has a control phase on either side.
/// </summary>
/// <remarks>
/// Each window measures the app's CPU time per thread from <c>/proc</c>. The simulation threads (named
/// <c>fedwb-sim-N</c>) train the run. Every other thread of the app is the web side: storing rounds, circuits,
/// SignalR, rendering, JavaScript interop, GC and JIT. The training's CPU time per round varies by more than 5%
/// between windows on a shared VM, so the stream's cost is read from the web side alone.
/// </remarks>
internal static class WatcherCost
{
    // Rounds a run completes after the pages moved, before a window on it starts, so that neither the start of a
    // run nor the pages' first rendering is measured.
    private const int WarmUpRounds = 5;

    private const int RunRounds = 1_000;

    private static readonly TimeSpan RoundTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Name prefix of the app's simulation threads.</summary>
    public static readonly string SimulationThreadPrefix = FedWorkbenchServiceCollectionExtensions.SimulationThreadNamePrefix + "-";

    /// <summary>What was open while a window was measured.</summary>
    public enum Phase
    {
        /// <summary>No page is open while a blocker runs.</summary>
        NoPages,

        /// <summary>The pages are open on the queued run while a blocker runs.</summary>
        Control,

        /// <summary>The pages are open on the running blocker.</summary>
        Live,
    }

    /// <summary>Settings of the probe, from the command line.</summary>
    /// <param name="Alternations">Live phases per repetition; each follows a control phase, and one more control phase ends the repetition.</param>
    /// <param name="DrawCharts">
    /// Whether the pages draw the new points with plotly.js. When false, the pages' Plotly.extendTraces and
    /// Plotly.relayout only store the points, so the server sends and the browser acknowledges the same messages
    /// without the drawing. On one core, 10 or 50 drawing pages fall far behind the run, and a page that lags
    /// receives fewer, larger updates, which costs the server less.
    /// </param>
    public sealed record Settings(
        int Watchers, int Contexts, int WindowRounds, int WindowsPerPhase, int Alternations, int Repetitions, int Blockers, bool DrawCharts);

    /// <summary>
    /// One measured window: whole rounds of one run, their wall time, the app's CPU time split by thread and the
    /// CPU time of the benchmark's own process tree (the Playwright driver and Chromium) over them.
    /// </summary>
    /// <param name="PhaseNumber">Position of the phase in its repetition: 0 for the window with no pages, then 1 and up.</param>
    public sealed record Window(
        int Repetition, int PhaseNumber, Phase Phase, int Pages, int FirstRound, int Rounds, double WallSeconds, CpuDelta App, double BrowserCpuSeconds)
    {
        public double WallPerRound => WallSeconds / Rounds;

        public double AppCpuPerRound => App.ProcessSeconds / Rounds;

        public double SimulationCpuPerRound => App.SimulationSeconds / Rounds;

        public double WebCpuPerRound => App.WebSeconds / Rounds;

        public double WebCpuPerSecond => App.WebSeconds / WallSeconds;

        public double BrowserCpuPerRound => BrowserCpuSeconds / Rounds;
    }

    /// <summary>How many rounds each page showed when the run had finished <paramref name="RunRound"/>, at the end of a live phase.</summary>
    /// <param name="CatchUp">Time until every page showed <paramref name="RunRound"/>; null when some page had not after two minutes.</param>
    public sealed record PageLag(int Repetition, int PhaseNumber, int RunRound, int[] DrawnRounds, TimeSpan? CatchUp);

    /// <summary>Every window and page lag, and the names of the app's simulation threads.</summary>
    public sealed record Result(IReadOnlyList<Window> Windows, IReadOnlyList<PageLag> Lags, IReadOnlyList<string> SimulationThreads);

    public static async Task<Result> RunAsync(Uri baseAddress, AppProcess app, Settings settings)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Watchers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Contexts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.WindowRounds, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.WindowsPerPhase, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Alternations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Blockers, 1);

        // Every window of a phase must fit in the rest of one run after the pages moved and the warm-up.
        int roundsPerPhase = NavigationRounds + RoundsPerPhase(settings);
        if (roundsPerPhase > RunRounds)
        {
            throw new ArgumentException(
                $"--windows {settings.WindowsPerPhase} of --window-rounds {settings.WindowRounds} need {roundsPerPhase} rounds, more than a run's {RunRounds}; measure fewer rounds.");
        }

        Console.WriteLine($"watchers: app process {app.Pid} may run on CPUs {ProcessTree.AllowedCpus(app.Pid)}, " +
                          $"this benchmark and its browser on CPUs {ProcessTree.AllowedCpus(Environment.ProcessId)}");
        string[] simulationThreads = [.. app.ReadThreadCpu().Threads.Values
            .Select(thread => thread.Name)
            .Where(name => name.StartsWith(SimulationThreadPrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];
        Console.WriteLine(simulationThreads.Length == 0
            ? $"watchers: WARNING: the app has no thread named {SimulationThreadPrefix}*, so training counts as web CPU below."
            : $"watchers: simulation threads: {string.Join(", ", simulationThreads)}");

        using var api = new RunApi(baseAddress);
        await using Browser browser = await Browser.LaunchAsync();
        var windows = new List<Window>();
        var lags = new List<PageLag>();
        for (int repetition = 1; repetition <= settings.Repetitions; repetition++)
        {
            await RunRepetitionAsync(baseAddress, api, app, browser, settings, repetition, windows, lags);
        }

        return new Result(windows, lags, simulationThreads);
    }

    // Maximum wait for the pages to show another run. Pages that take longer stay in the phase as they are.
    private static readonly TimeSpan NavigationTimeout = TimeSpan.FromSeconds(60);

    // A margin for the rounds a run completes while the pages move to it: 60 s at about 0.12 s per round. The probe
    // prints how long each move took.
    private const int NavigationRounds = 500;

    // Most rounds a run may have stored when the pages move to it for a live phase. In a trial, a run ended while
    // 50 pages on one core moved to it with several hundred stored rounds, so live phases start on a new run.
    private const int MaxStoredRoundsForLive = 60;

    private static int RoundsPerPhase(Settings settings) => WarmUpRounds + (settings.WindowsPerPhase * (settings.WindowRounds + 1));

    private static async Task RunRepetitionAsync(
        Uri baseAddress, RunApi api, AppProcess app, Browser browser, Settings settings, int repetition, List<Window> windows, List<PageLag> lags)
    {
        // The app runs one run at a time, in launch order, so the last run waits behind the blockers.
        var blockers = new List<Guid>();
        for (int i = 1; i <= settings.Blockers; i++)
        {
            blockers.Add(await api.LaunchAsync(RunApi.ConfigA($"Blocker {repetition}.{i}", RunRounds)));
        }

        Guid queuedRunId = await api.LaunchAsync(RunApi.ConfigA($"Queued run {repetition}", RunRounds));
        int roundsPerPhase = RoundsPerPhase(settings);

        Guid firstBlocker = await FindRunningBlockerAsync(api, blockers, queuedRunId, WarmUpRounds + settings.WindowRounds + 1, int.MaxValue);
        await using (RoundFollower first = await RoundFollower.FollowAsync(baseAddress, firstBlocker))
        {
            await first.WaitForRoundAsync(first.LastRound + WarmUpRounds, RoundTimeout);
            windows.Add(await MeasureAsync(app, first, repetition, 0, Phase.NoPages, 0, settings.WindowRounds));
        }

        var opening = Stopwatch.StartNew();
        await using WatcherPages pages = await WatcherPages.OpenAsync(browser, baseAddress, queuedRunId, settings.Watchers, settings.Contexts, settings.DrawCharts);
        Console.WriteLine($"repetition {repetition}: {pages.Count} pages ({(settings.DrawCharts ? "drawing" : "storing without drawing")} new points) opened on the queued run in {opening.Elapsed.TotalSeconds:F0} s; " +
                          $"browser processes may run on CPUs {ProcessTree.DescribeDescendantAffinity(Environment.ProcessId)}");

        // In a trial the JIT's thread (.NET Tiered Com) used about 110 ms of CPU per second in the first control
        // window and none later. An unmeasured live visit gives it that time and compiles the pages' live path.
        Guid warmUpRun = await FindRunningBlockerAsync(api, blockers, queuedRunId, NavigationRounds + (4 * WarmUpRounds), MaxStoredRoundsForLive);
        await using (RoundFollower warmUp = await RoundFollower.FollowAsync(baseAddress, warmUpRun))
        {
            await pages.ShowRunAsync(warmUpRun, warmUp.LastRound, NavigationTimeout);
            await warmUp.WaitForRoundAsync(warmUp.LastRound + (4 * WarmUpRounds), RoundTimeout);
        }

        for (int phaseNumber = 1; phaseNumber <= (2 * settings.Alternations) + 1; phaseNumber++)
        {
            Phase phase = phaseNumber % 2 == 1 ? Phase.Control : Phase.Live;
            Guid blockerId = await FindRunningBlockerAsync(
                api, blockers, queuedRunId, NavigationRounds + roundsPerPhase, phase == Phase.Live ? MaxStoredRoundsForLive : int.MaxValue);
            await using RoundFollower blocker = await RoundFollower.FollowAsync(baseAddress, blockerId);

            var moving = Stopwatch.StartNew();
            int storedRounds = phase == Phase.Live ? blocker.LastRound : 0;
            (int shown, int reloaded) = await pages.ShowRunAsync(phase == Phase.Live ? blockerId : queuedRunId, storedRounds, NavigationTimeout);
            Console.WriteLine($"repetition {repetition} phase {phaseNumber} ({PhaseName(phase)}): {shown} of {pages.Count} pages showed the " +
                              $"{(phase == Phase.Live ? $"running run from round {storedRounds}" : "queued run")} after {moving.Elapsed.TotalSeconds:F1} s" +
                              (shown < pages.Count ? $"; WARNING: {pages.Count - shown} pages had not within {NavigationTimeout.TotalSeconds:F0} s" : "") +
                              (reloaded > 0 ? $"; WARNING: {reloaded} pages loaded afresh instead of navigating in place" : ""));

            await blocker.WaitForRoundAsync(blocker.LastRound + WarmUpRounds, RoundTimeout);
            for (int i = 0; i < settings.WindowsPerPhase; i++)
            {
                windows.Add(await MeasureAsync(app, blocker, repetition, phaseNumber, phase, settings.Watchers, settings.WindowRounds));
            }

            if (phase == Phase.Live)
            {
                lags.Add(await MeasureLagAsync(pages, blocker, repetition, phaseNumber));
            }
        }

        // Queued runs first, so that cancelling the running blocker starts no other.
        foreach (Guid id in blockers.Append(queuedRunId).Reverse())
        {
            await api.CancelAsync(id);
        }

        foreach (Guid id in blockers.Append(queuedRunId))
        {
            await api.WaitUntilEndedAsync(id, TimeSpan.FromMinutes(2));
        }
    }

    private static async Task<Window> MeasureAsync(
        AppProcess app, RoundFollower follower, int repetition, int phaseNumber, Phase phase, int pages, int windowRounds)
    {
        // Start at a round boundary, so that every window contains whole rounds.
        int first = follower.LastRound + 1;
        await follower.WaitForRoundAsync(first, RoundTimeout);
        var clock = Stopwatch.StartNew();
        CpuSnapshot before = app.ReadThreadCpu();
        double browserBefore = ProcessTree.DescendantCpuSeconds(Environment.ProcessId);
        await follower.WaitForRoundAsync(first + windowRounds, TimeSpan.FromMinutes(10));
        CpuSnapshot after = app.ReadThreadCpu();
        double browserAfter = ProcessTree.DescendantCpuSeconds(Environment.ProcessId);

        var window = new Window(
            repetition, phaseNumber, phase, pages, first + 1, windowRounds, clock.Elapsed.TotalSeconds,
            after.Since(before, SimulationThreadPrefix), browserAfter - browserBefore);
        Console.WriteLine(
            $"repetition {window.Repetition} phase {window.PhaseNumber} {PhaseName(window.Phase),-8} rounds {window.FirstRound}-{window.FirstRound + window.Rounds - 1}: " +
            $"{window.WallPerRound * 1000:F0} ms wall, app CPU {window.AppCpuPerRound * 1000:F1} ms = simulation {window.SimulationCpuPerRound * 1000:F1} ms " +
            $"+ web {window.WebCpuPerRound * 1000:F1} ms per round; web {window.WebCpuPerSecond * 1000:F0} ms/s; browser CPU {window.BrowserCpuPerRound * 1000:F1} ms per round");
        return window;
    }

    /// <summary>
    /// Records how far the pages had drawn right after a live phase's windows, then waits up to two minutes for every
    /// page to show the run's last round. The run page awaits each Plotly.extendTraces call, so a page that lags
    /// gets fewer, larger updates, which cost the server less.
    /// </summary>
    private static async Task<PageLag> MeasureLagAsync(WatcherPages pages, RoundFollower follower, int repetition, int phaseNumber)
    {
        int runRound = follower.LastRound;
        int[] drawn = await pages.DrawnRoundsAsync();
        TimeSpan? catchUp = await pages.WaitForRoundsAsync(runRound, TimeSpan.FromMinutes(2));
        var lag = new PageLag(repetition, phaseNumber, runRound, drawn, catchUp);
        Console.WriteLine($"repetition {repetition} phase {phaseNumber}: when the run had finished round {runRound}, the pages showed " +
                          $"{drawn[0]} to {drawn[^1]} rounds (median {drawn[drawn.Length / 2]}); " +
                          (catchUp is { } time ? $"every page showed round {runRound} {time.TotalSeconds:F1} s later" : $"WARNING: not every page showed round {runRound} 2 minutes later"));
        return lag;
    }

    /// <summary>
    /// Returns the blocker that runs now, once it has at least <paramref name="roundsNeeded"/> rounds left and at most
    /// <paramref name="maxStoredRounds"/> stored. Any other running blocker is cancelled so that the next one starts.
    /// </summary>
    private static async Task<Guid> FindRunningBlockerAsync(RunApi api, List<Guid> blockers, Guid queuedRunId, int roundsNeeded, int maxStoredRounds)
    {
        using var timer = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            IReadOnlyList<RunSummary> runs = await api.ListAsync();
            RunSummary queued = runs.Single(run => run.Id == queuedRunId);
            if (queued.Status != RunStatus.Queued)
            {
                throw new InvalidOperationException(
                    $"The run that should wait in the queue is {queued.Status}: all {blockers.Count} blocker runs ended. Pass a larger --blockers.");
            }

            RunSummary? running = runs.SingleOrDefault(run => blockers.Contains(run.Id) && run.Status == RunStatus.Running);
            if (running is not null && running.TotalRounds - running.CompletedRounds >= roundsNeeded && running.CompletedRounds <= maxStoredRounds)
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

    public static string PhaseName(Phase phase) => phase switch
    {
        Phase.NoPages => "no pages",
        Phase.Control => "control",
        _ => "live",
    };
}
