using Microsoft.Playwright;

namespace WebRuns;

/// <summary>Debian's headless Chromium driven by Playwright, offline, as the app's browser tests run it.</summary>
internal sealed class Browser : IAsyncDisposable
{
    private const string ChromiumPath = "/usr/bin/chromium";

    // No sandbox (benchmarks run as root), no GPU, and none of Chromium's own network traffic.
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Browser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<Browser> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is missing at {ChromiumPath}; install Debian's chromium package.");
        }

        IPlaywright playwright = await Playwright.CreateAsync();
        IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
        return new Browser(playwright, browser);
    }

    /// <summary>Creates a browser context, like a separate browser profile with its own cookies.</summary>
    public async Task<IBrowserContext> NewContextAsync()
    {
        IBrowserContext context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });

        // A failure guard only: 50 pages on a busy 2-core machine take far longer than one.
        context.SetDefaultTimeout(600_000);
        return context;
    }

    /// <summary>Opens <paramref name="path"/> and waits until the page is interactive (the layout's marker).</summary>
    public static async Task<IPage> OpenInteractiveAsync(IBrowserContext context, Uri baseAddress, string path)
    {
        IPage page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(baseAddress, path).ToString());
        await page.Locator("[data-interactive=true]").WaitForAsync();
        return page;
    }

    /// <summary>Completes when plotly.js has drawn all six charts of the run page, also when they have no points.</summary>
    public static Task WaitForChartsDrawnAsync(IPage page) =>
        page.WaitForFunctionAsync(
            "() => ['accuracy-chart', 'loss-chart', 'client-accuracy-chart', 'clients-chart', 'bytes-chart', 'simulated-time-chart']" +
            ".every(id => Array.isArray(document.getElementById(id)?.data))",
            null,
            new PageWaitForFunctionOptions { PollingInterval = 50 });

    /// <summary>Completes when the run page's accuracy chart has drawn at least <paramref name="points"/> points.</summary>
    public static Task WaitForAccuracyPointsAsync(IPage page, int points) =>
        page.WaitForFunctionAsync(
            "n => (document.getElementById('accuracy-chart')?.data?.[0]?.x?.length ?? 0) >= n",
            points,
            new PageWaitForFunctionOptions { PollingInterval = 10 });

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
