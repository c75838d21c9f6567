using System.Diagnostics;
using Microsoft.Playwright;

namespace WebRuns;

/// <summary>
/// Server CPU that browsers watching one run cost. A long run of configuration (a) is launched; then, alternating,
/// the app's CPU time (utime + stime) is measured over a window of rounds with <c>watchers</c> pages open in
/// Chromium on a finished run, and over one with as many pages on the live run. Only windows that start after
/// every page has drawn its chart count.
/// </summary>
internal static class WatcherCost
{
    /// <summary>One measured window: rounds, wall seconds and the app's CPU seconds over them.</summary>
    public sealed record Window(int Watchers, int Rounds, double WallSeconds, double CpuSeconds)
    {
        public double CpuPerRound => CpuSeconds / Rounds;

        public double WallPerRound => WallSeconds / Rounds;
    }

    public static async Task<IReadOnlyList<Window>> RunAsync(
        Uri baseAddress, AppProcess app, int watchers, int contexts, int windowRounds, int repetitions)
    {
        using var api = new RunApi(baseAddress);
        // The control window keeps as many pages open, on a finished run whose page gets no more updates, so that
        // both windows have the same browsers and circuits competing for the cores and differ only in the stream.
        Guid finishedRunId = await api.LaunchAsync(RunApi.ConfigA("Finished run", rounds: 2));
        await api.WaitUntilEndedAsync(finishedRunId, TimeSpan.FromMinutes(5));

        Guid runId = await api.LaunchAsync(RunApi.ConfigA("Watched run", rounds: 1000));
        await using RoundFollower follower = await RoundFollower.FollowAsync(baseAddress, runId);
        await using Browser browser = await Browser.LaunchAsync();
        await follower.WaitForRoundAsync(3, TimeSpan.FromMinutes(5));

        var windows = new List<Window>();
        for (int repetition = 0; repetition < repetitions; repetition++)
        {
            // Alternate the order, so that a trend in the machine's load favours neither condition.
            int[] order = repetition % 2 == 0 ? [0, watchers] : [watchers, 0];
            foreach (int count in order)
            {
                Guid watchedRunId = count == 0 ? finishedRunId : runId;
                List<IBrowserContext> opened = await OpenRunPagesAsync(browser, baseAddress, watchedRunId, watchers, contexts);
                Window window = await MeasureAsync(app, follower, count, windowRounds);
                windows.Add(window);
                Console.WriteLine(
                    $"pages on the live run {count,3} (of {watchers} open): {window.Rounds} rounds in {window.WallSeconds:F1} s, app CPU {window.CpuSeconds:F2} s " +
                    $"({window.CpuPerRound * 1000:F0} ms per round, {window.CpuSeconds / (Environment.ProcessorCount * window.WallSeconds):P1} of the machine)");

                if (count > 0)
                {
                    await CheckPagesFollowedAsync(opened, follower.LastRound - 1);
                }

                foreach (IBrowserContext context in opened)
                {
                    await context.CloseAsync();
                }
            }
        }

        await api.CancelAsync(runId);
        await api.WaitUntilEndedAsync(runId, TimeSpan.FromMinutes(2));
        return windows;
    }

    private static async Task<Window> MeasureAsync(AppProcess app, RoundFollower follower, int watchers, int windowRounds)
    {
        // Start at a round boundary, so that every window contains whole rounds.
        int first = follower.LastRound + 1;
        await follower.WaitForRoundAsync(first, TimeSpan.FromMinutes(5));
        var clock = Stopwatch.StartNew();
        double cpuBefore = app.CpuSeconds();
        await follower.WaitForRoundAsync(first + windowRounds, TimeSpan.FromMinutes(10));
        double cpuAfter = app.CpuSeconds();
        return new Window(watchers, windowRounds, clock.Elapsed.TotalSeconds, cpuAfter - cpuBefore);
    }

    // Spreads the pages over a few browser contexts; each page is a separate Blazor circuit either way.
    private static async Task<List<IBrowserContext>> OpenRunPagesAsync(Browser browser, Uri baseAddress, Guid runId, int pages, int contexts)
    {
        var opened = new List<IBrowserContext>();
        if (pages == 0)
        {
            return opened;
        }

        for (int i = 0; i < Math.Min(contexts, pages); i++)
        {
            opened.Add(await browser.NewContextAsync());
        }

        // Opened a few at a time: 50 at once on 2 cores only queue behind each other.
        var gate = new SemaphoreSlim(4);
        await Task.WhenAll(Enumerable.Range(0, pages).Select(async index =>
        {
            await gate.WaitAsync();
            try
            {
                IPage page = await Browser.OpenInteractiveAsync(opened[index % opened.Count], baseAddress, $"runs/{runId}");
                await Browser.WaitForAccuracyPointsAsync(page, 1);
            }
            finally
            {
                gate.Release();
            }
        }));
        return opened;
    }

    // Every open page must have drawn the rounds of the window, or it was not really watching.
    private static async Task CheckPagesFollowedAsync(List<IBrowserContext> contexts, int round)
    {
        foreach (IPage page in contexts.SelectMany(context => context.Pages))
        {
            await Browser.WaitForAccuracyPointsAsync(page, round);
        }
    }
}
