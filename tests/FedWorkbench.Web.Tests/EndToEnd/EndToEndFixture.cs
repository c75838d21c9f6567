using Microsoft.Playwright;

namespace FedWorkbench.Web.Tests.EndToEnd;

/// <summary>One running web app and one headless Chromium, shared by the browser tests of a collection.</summary>
public sealed class EndToEndFixture : IAsyncLifetime
{
    /// <summary>Where Debian's chromium package installs the browser.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    // Offline-safe flags, also used by BoardScreenshots: no sandbox (tests run as root), no GPU, and none of Chromium's own network traffic.
    internal static readonly string[] ChromiumArgs =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];

    private WebAppProcess? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The running app.</summary>
    internal WebAppProcess App => _app ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>The headless browser.</summary>
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture has not started.");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        // Fail, not skip: a missing browser would otherwise hide every browser test.
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Chromium is missing at {ChromiumPath}. Run the README's test command, 'bash scripts/test.sh', which installs Debian's chromium package.");
        }

        // Playwright's 5 s default for expectations is a failure guard too, and pages that preload plotly.js spend
        // about 1.5 s of the browser's main thread parsing it, which a CI machine busy with other tests stretches.
        Assertions.SetDefaultExpectTimeout(20_000);

        _app = await WebAppProcess.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>Opens a page of the app in a new browser context and waits until its circuit is interactive.</summary>
    /// <param name="path">Path relative to the app root, for example "experiments/new".</param>
    /// <param name="width">Viewport width in CSS pixels; 1400 is a desktop screen, 375 a phone.</param>
    /// <param name="height">Viewport height in CSS pixels.</param>
    public async Task<IPage> OpenInteractivePageAsync(string path, int width = 1400, int height = 900)
    {
        IBrowserContext context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,
        });
        // Playwright's 30 s default is a failure guard that a CI machine busy with other test projects can reach.
        context.SetDefaultTimeout(60_000);
        IPage page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(App.BaseAddress, path).ToString());

        // Clicks on the prerendered HTML do nothing, so wait for the layout's interactive marker.
        await page.Locator("[data-interactive=true]").WaitForAsync();
        return page;
    }

    /// <summary>
    /// Chooses <paramref name="file"/> in the page's file input once Blazor's InputFile has attached its change
    /// handler. A file set before that, right after the page became interactive, was silently ignored.
    /// </summary>
    public static async Task ChooseFileAsync(IPage page, FilePayload file)
    {
        ILocator input = page.Locator("input[type=file]");
        await input.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        // InputFile's script sets this property on the element in the same call that adds its change listener.
        await page.WaitForFunctionAsync("() => document.querySelector('input[type=file]')?._blazorInputFileNextFileId !== undefined");
        await input.SetInputFilesAsync(file);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

/// <summary>Browser tests share one app and one browser, and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<EndToEndFixture>
{
    /// <summary>Name of the collection.</summary>
    public const string Name = "EndToEnd";
}
