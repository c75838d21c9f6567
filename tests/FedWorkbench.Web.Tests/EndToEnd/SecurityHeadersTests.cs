using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FedWorkbench.Web.Tests.EndToEnd;

/// <summary>
/// The content security policy in a real Chromium: the home page, the experiment form, a run page with its Plotly
/// charts and a room with the board work, and the browser reports no violation.
/// </summary>
[Collection(EndToEndCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class SecurityHeadersTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    private const int Rounds = 2;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(4);

    // Runs before any page script, outside the page's policy, and records every violation the page reports.
    private const string ViolationRecorder =
        "window.__cspViolations = [];"
        + "document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));";

    [Fact]
    public async Task Pages_WorkWithoutPolicyViolations()
    {
        // Arrange: one browser context, with the console and the violation events recorded for each page.
        IBrowserContext context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        context.SetDefaultTimeout(60_000);
        await context.AddInitScriptAsync(ViolationRecorder);
        var consoleViolations = new List<string>();
        context.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                consoleViolations.Add(message.Text);
            }
        };
        IPage page = await context.NewPageAsync();

        // Act and assert, page by page.
        await OpenAsync(page, "");
        await AssertNoViolationsAsync(page, "home page", consoleViolations);

        await OpenAsync(page, "experiments/new");
        await page.GetByLabel("Name").FillAsync("Policy check");
        await FormInput.SelectAsync(page, "Model", "Softmax regression");
        await FormInput.FillAsync(page, "Clients K", "10");
        await FormInput.FillAsync(page, "Client fraction C", "0.5");
        await FormInput.FillAsync(page, "Rounds", Rounds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await AssertNoViolationsAsync(page, "experiment form", consoleViolations);

        await page.GetByTestId("launch").ClickAsync();
        await RunPageNavigation.WaitForRunPageAsync(page, RunTimeout);
        try
        {
            // Plotly has drawn the accuracy chart with one point per round.
            await page.WaitForFunctionAsync(
                "n => document.getElementById('accuracy-chart')?.data?.[0]?.x?.length === n && document.querySelector('#accuracy-chart .main-svg') !== null",
                Rounds, new PageWaitForFunctionOptions { Timeout = (float)RunTimeout.TotalMilliseconds });
        }
        catch (PlaywrightException)
        {
            output.WriteLine($"Run page shows: {await page.Locator(".mud-main-content").InnerTextAsync()}");
            output.WriteLine($"Violations: {string.Join(Environment.NewLine, consoleViolations)}");
            throw;
        }

        await AssertNoViolationsAsync(page, "run page", consoleViolations);

        string code = await CreateRoomAsync();
        await OpenAsync(page, $"rooms/{code}");
        await page.Locator("[data-testid=display-name] input, input[data-testid=display-name]").First.FillAsync("Policy");
        await page.GetByTestId("join-room").ClickAsync();

        // The palette is enabled once the board script has connected to the board hub over a WebSocket.
        await Assertions.Expect(page.GetByTestId("palette-note")).ToBeEnabledAsync();
        await Assertions.Expect(page.GetByTestId("board-host").Locator("g.fwb-el").First).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page, "room page", consoleViolations);

        await context.CloseAsync();
    }

    private async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(new Uri(fixture.App.BaseAddress, path).ToString());
        await page.Locator("[data-interactive=true]").WaitForAsync();
    }

    private static async Task AssertNoViolationsAsync(IPage page, string what, List<string> consoleViolations)
    {
        string[] reported = await page.EvaluateAsync<string[]>("() => window.__cspViolations ?? []");
        Assert.True(reported.Length == 0, $"The {what} reported policy violations: {string.Join("; ", reported)}");
        Assert.True(consoleViolations.Count == 0, $"The console shows policy violations on the {what}: {string.Join("; ", consoleViolations)}");
    }

    private async Task<string> CreateRoomAsync()
    {
        using var http = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        using HttpResponseMessage response = await http.PostAsJsonAsync("api/rooms", new { name = "Policy room", template = "phones" });
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /api/rooms returned {(int)response.StatusCode}: {body}");
        using JsonDocument room = JsonDocument.Parse(body);
        return room.RootElement.GetProperty("code").GetString()!;
    }
}
