using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FedWorkbench.Web.Tests.EndToEnd;

/// <summary>
/// Takes the README's pictures of the shared board from a running app. Runs only when
/// <see cref="ScreenshotFactAttribute.AppUrlVariable"/> is set. <c>scripts/board-screenshots.sh</c> publishes the
/// app, starts it on a free loopback port and sets the variable.
/// </summary>
public sealed class BoardScreenshots(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    private static Uri AppUrl => new(Environment.GetEnvironmentVariable(ScreenshotFactAttribute.AppUrlVariable)!);

    private static string OutputFolder =>
        Environment.GetEnvironmentVariable(ScreenshotFactAttribute.OutputFolderVariable) is { Length: > 0 } folder
            ? folder
            : Path.Combine(RepositoryPaths.Root, "docs", "screenshots");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(ScreenshotFactAttribute.AppUrlVariable) is null)
        {
            return;
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = EndToEndFixture.ChromiumPath,
            Headless = true,
            Args = EndToEndFixture.ChromiumArgs,
        });
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    [ScreenshotFact]
    public async Task TemplateBoard_WithClientGroupSelected()
    {
        // Arrange: a room from the phones template, with a second person whose cursor shows on the board.
        string code = await CreateRoomAsync("Phones workshop");
        IPage ada = await JoinRoomAsync(code, "Ada");
        IPage ben = await JoinRoomAsync(code, "Ben");

        // Act: zoom in on the Data and Training frames, select the Wi-Fi phones group, and show Ben's cursor.
        await ZoomOnFramesAsync(ada, 4);
        await ZoomOnFramesAsync(ben, 4);
        await MoveOverBoardAsync(ben, 0.7, 0.5);
        ILocator group = ada.GetByTestId("board-host").Locator("g.fwb-el.fwb-type-client-group").First;
        await group.ClickAsync();
        await Assertions.Expect(ada.GetByTestId("room-properties").GetByRole(AriaRole.Heading, new() { Name = "Client group" })).ToBeVisibleAsync();
        await Assertions.Expect(ada.Locator(".fwb-cursor")).ToHaveCountAsync(1);

        await SaveAsync(ada, "board-template.png");
        await ada.Context.CloseAsync();
        await ben.Context.CloseAsync();
    }

    [ScreenshotFact]
    public async Task TemplateBoard_BesideItsRun()
    {
        // Arrange
        string code = await CreateRoomAsync("Phones workshop");
        IPage ada = await JoinRoomAsync(code, "Ada");

        // Act: Simulate, then wait for the whole run so that the chart has every round.
        await ada.GetByTestId("simulate").ClickAsync();
        ILocator run = ada.GetByTestId("room-run-panel");
        await Assertions.Expect(run.Locator(".run-status-chip")).ToHaveAttributeAsync("data-status", "Completed",
            new LocatorAssertionsToHaveAttributeOptions { Timeout = (float)RunTimeout.TotalMilliseconds });
        await ada.WaitForFunctionAsync(
            "() => document.getElementById('accuracy-chart')?.data?.[0]?.x?.length > 1",
            null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        await ZoomOnFramesAsync(ada, 3);

        await SaveAsync(ada, "board-with-run.png");
        await ada.Context.CloseAsync();
    }

    private static async Task<string> CreateRoomAsync(string name)
    {
        using var http = new HttpClient { BaseAddress = AppUrl };
        using HttpResponseMessage response = await http.PostAsJsonAsync("api/rooms", new { name, template = "phones" });
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /api/rooms returned {(int)response.StatusCode}: {body}");
        using JsonDocument room = JsonDocument.Parse(body);
        return room.RootElement.GetProperty("code").GetString()!;
    }

    private async Task<IPage> JoinRoomAsync(string code, string displayName)
    {
        IBrowserContext context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1920, Height = 1080 },
        });
        context.SetDefaultTimeout(60_000);
        IPage page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(AppUrl, $"rooms/{code}").ToString());
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await page.Locator("input[data-testid=display-name], [data-testid=display-name] input").First.FillAsync(displayName);
        await page.GetByTestId("join-room").ClickAsync();
        await Assertions.Expect(page.GetByTestId("palette-note")).ToBeEnabledAsync();
        await Assertions.Expect(page.GetByTestId("board-host").Locator("g.fwb-el").First).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Moves the pointer to a point of the board given as fractions of its width and height.</summary>
    private static async Task MoveOverBoardAsync(IPage page, double across, double down)
    {
        LocatorBoundingBoxResult board = (await page.GetByTestId("board-host").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync((float)(board.X + (board.Width * across)), (float)(board.Y + (board.Height * down)), new MouseMoveOptions { Steps = 5 });
    }

    /// <summary>
    /// Fits the board to the screen, then zooms in with the mouse wheel around the point between the first client
    /// group and the server, so that the Data and Training frames and their notes fill the view.
    /// </summary>
    private static async Task ZoomOnFramesAsync(IPage page, int wheelSteps)
    {
        await page.GetByLabel("Fit the board to the screen").ClickAsync();
        ILocator board = page.GetByTestId("board-host");
        LocatorBoundingBoxResult group = (await board.Locator("g.fwb-el.fwb-type-client-group").First.BoundingBoxAsync())!;
        LocatorBoundingBoxResult server = (await board.Locator("g.fwb-el.fwb-type-server").BoundingBoxAsync())!;
        float x = (group.X + server.X + server.Width) / 2;
        float y = (group.Y + server.Y) / 2;
        await page.Mouse.MoveAsync(x, y);
        for (int step = 0; step < wheelSteps; step++)
        {
            // The board's wheel handler zooms by e^(0.0015 · 100), about 1.16, per step of -100 around the pointer.
            await page.Mouse.WheelAsync(0, -100);
        }

        // Leave the board without keyboard focus, so that its focus outline stays out of the picture.
        await page.EvaluateAsync("() => document.activeElement?.blur()");
    }

    private async Task SaveAsync(IPage page, string fileName)
    {
        // Let Plotly and the board finish their last transition.
        await page.WaitForTimeoutAsync(1_000);
        string path = Path.Combine(OutputFolder, fileName);
        Directory.CreateDirectory(OutputFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        output.WriteLine($"Screenshot saved to {path}");
    }
}

/// <summary>A fact that is skipped unless <see cref="AppUrlVariable"/> names a running app.</summary>
public sealed class ScreenshotFactAttribute : FactAttribute
{
    /// <summary>Environment variable with the app's base address, for example http://127.0.0.1:41234/.</summary>
    public const string AppUrlVariable = "FEDWB_SCREENSHOT_APP_URL";

    /// <summary>Environment variable with the folder for the pictures, docs/screenshots when unset.</summary>
    public const string OutputFolderVariable = "FEDWB_SCREENSHOT_DIR";

    /// <summary>Skips the test unless <see cref="AppUrlVariable"/> is set.</summary>
    public ScreenshotFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(AppUrlVariable)))
        {
            Skip = $"Set {AppUrlVariable} to a running app's address, or run scripts/board-screenshots.sh.";
        }
    }
}
