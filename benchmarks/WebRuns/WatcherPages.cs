using Microsoft.Playwright;

namespace WebRuns;

/// <summary>
/// The browser pages of the watchers benchmark. They are opened once and then moved between runs with Blazor's
/// client-side navigation (<c>Blazor.navigateTo</c>), so each page keeps its circuit and the benchmark can
/// alternate phases without opening 50 pages again.
/// </summary>
internal sealed class WatcherPages : IAsyncDisposable
{
    // Replaces the two plotly.js calls the run page makes for new rounds with ones that append the points to each
    // chart's data, as Plotly.extendTraces does, without drawing them. The flag shows that the script still runs,
    // which a full page load would undo.
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
            window.fedwbStoresPointsWithoutDrawing = true;
        }
        """;

    private const string DrawnRoundsScript = "() => document.getElementById('accuracy-chart')?.data?.[0]?.x?.length ?? 0";

    private readonly List<IBrowserContext> _contexts;
    private readonly IPage[] _pages;
    private readonly bool _drawCharts;

    private WatcherPages(List<IBrowserContext> contexts, IPage[] pages, bool drawCharts)
    {
        _contexts = contexts;
        _pages = pages;
        _drawCharts = drawCharts;
    }

    /// <summary>
    /// Opens <paramref name="watchers"/> run pages of <paramref name="runId"/>, spread over
    /// <paramref name="contextCount"/> browser contexts; each page is a separate Blazor circuit either way.
    /// </summary>
    public static async Task<WatcherPages> OpenAsync(Browser browser, Uri baseAddress, Guid runId, int watchers, int contextCount, bool drawCharts)
    {
        var contexts = new List<IBrowserContext>();
        for (int i = 0; i < Math.Min(contextCount, watchers); i++)
        {
            contexts.Add(await browser.NewContextAsync());
        }

        // Opened a few at a time: 50 at once on one core only queue behind each other.
        using var gate = new SemaphoreSlim(4);
        IPage[] pages = await Task.WhenAll(Enumerable.Range(0, watchers).Select(async index =>
        {
            await gate.WaitAsync();
            try
            {
                IPage page = await Browser.OpenInteractiveAsync(contexts[index % contexts.Count], baseAddress, $"runs/{runId}");

                // The run page's progress bar animates while a run is queued or running, and 50 pages repainting it
                // kept the browsers' CPU busy in every phase, so they fell behind the stream. Its cost is the
                // browser's alone, and a real watcher has a machine of their own.
                await page.AddStyleTagAsync(new PageAddStyleTagOptions { Content = "*, *::before, *::after { animation: none !important; transition: none !important; }" });
                await Browser.WaitForChartsDrawnAsync(page);
                if (!drawCharts)
                {
                    await page.EvaluateAsync(StorePointsWithoutDrawingScript);
                }

                return page;
            }
            finally
            {
                gate.Release();
            }
        }));
        return new WatcherPages(contexts, pages, drawCharts);
    }

    public int Count => _pages.Length;

    /// <summary>
    /// Moves every page to the run page of <paramref name="runId"/> and waits up to <paramref name="timeout"/> until
    /// its accuracy chart shows the run: no point for a queued run (<paramref name="storedRounds"/> 0), else at
    /// least <paramref name="storedRounds"/> points. Returns the number of pages that showed the run in time, and
    /// the number that loaded afresh instead of navigating in place. Such a page has a new circuit, and unless the
    /// charts draw, it gets the script that stores points again.
    /// </summary>
    public async Task<(int Shown, int Reloaded)> ShowRunAsync(Guid runId, int storedRounds, TimeSpan timeout)
    {
        string path = $"/runs/{runId}";
        (bool Shown, bool Reloaded)[] outcomes = await Task.WhenAll(_pages.Select(async page =>
        {
            await page.EvaluateAsync("path => Blazor.navigateTo(path)", path);
            try
            {
                await page.WaitForFunctionAsync(
                    """
                    ([path, rounds]) => {
                        const drawn = document.getElementById('accuracy-chart')?.data?.[0]?.x?.length;
                        return location.pathname === path && drawn !== undefined && (rounds === 0 ? drawn === 0 : drawn >= rounds);
                    }
                    """,
                    new object[] { path, storedRounds },
                    new PageWaitForFunctionOptions { PollingInterval = 100, Timeout = (float)timeout.TotalMilliseconds });
            }
            catch (TimeoutException)
            {
                return (false, false);
            }

            if (_drawCharts || await page.EvaluateAsync<bool>("() => window.fedwbStoresPointsWithoutDrawing === true"))
            {
                return (true, false);
            }

            await page.EvaluateAsync(StorePointsWithoutDrawingScript);
            return (true, true);
        }));
        return (outcomes.Count(outcome => outcome.Shown), outcomes.Count(outcome => outcome.Reloaded));
    }

    /// <summary>Returns the number of rounds each page's accuracy chart shows, in ascending order.</summary>
    public async Task<int[]> DrawnRoundsAsync()
    {
        int[] drawn = await Task.WhenAll(_pages.Select(page => page.EvaluateAsync<int>(DrawnRoundsScript)));
        Array.Sort(drawn);
        return drawn;
    }

    /// <summary>
    /// Waits until every page shows at least <paramref name="rounds"/> rounds, and returns how long that took, or
    /// null when some page did not within <paramref name="timeout"/>.
    /// </summary>
    public async Task<TimeSpan?> WaitForRoundsAsync(int rounds, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var timer = new CancellationTokenSource(timeout);
        try
        {
            await Task.WhenAll(_pages.Select(page => Browser.WaitForAccuracyPointsAsync(page, rounds).WaitAsync(timer.Token)));
            return clock.Elapsed;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (IBrowserContext context in _contexts)
        {
            await context.CloseAsync();
        }
    }
}
