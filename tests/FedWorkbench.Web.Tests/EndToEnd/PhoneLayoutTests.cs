using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FedWorkbench.Web.Tests.EndToEnd;

/// <summary>The run page on a 375-pixel phone screen: no horizontal scrolling, and every action within reach.</summary>
[Collection(EndToEndCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class PhoneLayoutTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    private const int PhoneWidth = 375;
    private const int PhoneHeight = 800;

    // A 256-256 perceptron trained for 5 epochs on every client of the synthetic dataset takes a noticeable
    // fraction of a second per round, so the run is still running when the page is checked. The test cancels it.
    private const string LongExperiment = """
        {"name": "Phone layout long run with a name that needs two lines", "dataset": "synthetic", "model": "mlp",
         "hiddenLayers": [256, 256], "clients": 20, "clientFraction": 1, "localEpochs": 5, "rounds": 1000, "seed": 11}
        """;

    private const string QueuedExperiment = """
        {"name": "Phone layout queued run", "dataset": "synthetic", "model": "softmax", "clients": 10, "rounds": 2, "seed": 12}
        """;

    private static readonly TimeSpan StatusTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task RunPage_FitsPhoneInEveryStatus()
    {
        // Arrange: one run that keeps the only worker busy, and one run that waits behind it.
        string runningId = await LaunchAsync(LongExperiment);
        string queuedId = await LaunchAsync(QueuedExperiment);

        try
        {
            // Act and assert: the queued run's page.
            IPage queuedPage = await fixture.OpenInteractivePageAsync($"runs/{queuedId}", PhoneWidth, PhoneHeight);
            await ExpectStatusAsync(queuedPage, "Queued");
            await Assertions.Expect(queuedPage.GetByTestId("chart-empty").First).ToHaveTextAsync("Waiting for round 1…");
            await AssertFitsPhoneAsync(queuedPage, "queued");
            await queuedPage.Context.CloseAsync();

            // The running run's page: no horizontal scrolling, and Cancel is on screen.
            IPage page = await fixture.OpenInteractivePageAsync($"runs/{runningId}", PhoneWidth, PhoneHeight);
            await ExpectStatusAsync(page, "Running");
            await AssertFitsPhoneAsync(page, "running");
            ILocator cancel = page.GetByTestId("cancel-run");
            LocatorBoundingBoxResult box = await cancel.BoundingBoxAsync()
                ?? throw new InvalidOperationException("The Cancel run button has no bounding box.");
            Assert.True(box.X >= 0, $"Cancel run starts at x = {box.X:0}, left of the viewport.");
            Assert.True(box.X + box.Width <= PhoneWidth,
                $"Cancel run ends at x = {box.X + box.Width:0}, right of the {PhoneWidth}-pixel viewport.");
            await SaveScreenshotAsync(page, "run-page-phone-running.png");

            // Cancelling through the dialog ends the run, and the cancelled page fits as well.
            await cancel.ClickAsync();
            ILocator dialog = page.Locator(".mud-dialog");
            await Assertions.Expect(dialog).ToContainTextAsync("Edit as new experiment");
            await dialog.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Cancel run", Exact = true }).ClickAsync();
            await ExpectStatusAsync(page, "Cancelled");
            await AssertFitsPhoneAsync(page, "cancelled");
            await SaveScreenshotAsync(page, "run-page-phone-cancelled.png");
            await page.Context.CloseAsync();

            // The queued run then completes, and its finished page fits too.
            IPage completedPage = await fixture.OpenInteractivePageAsync($"runs/{queuedId}", PhoneWidth, PhoneHeight);
            await ExpectStatusAsync(completedPage, "Completed");
            await AssertFitsPhoneAsync(completedPage, "completed");
            await completedPage.Context.CloseAsync();
        }
        finally
        {
            // A failed check must not leave a 1,000-round run holding the only worker for the tests that follow.
            await CancelIfActiveAsync(runningId);
            await CancelIfActiveAsync(queuedId);
        }
    }

    private async Task CancelIfActiveAsync(string runId)
    {
        // The API returns 409 Conflict for a run that has already ended, which is the usual case here.
        using var http = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        using HttpResponseMessage response = await http.PostAsync($"api/runs/{runId}/cancel", content: null);
    }

    private async Task<string> LaunchAsync(string experiment)
    {
        using var http = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        using HttpResponseMessage response = await http.PostAsync("api/runs", new StringContent(experiment, Encoding.UTF8, "application/json"));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /api/runs returned {(int)response.StatusCode}: {body}");
        using JsonDocument summary = JsonDocument.Parse(body);
        return summary.RootElement.GetProperty("id").GetString()!;
    }

    private async Task ExpectStatusAsync(IPage page, string status)
    {
        try
        {
            await Assertions.Expect(page.Locator(".run-status-chip")).ToHaveAttributeAsync("data-status", status,
                new LocatorAssertionsToHaveAttributeOptions { Timeout = (float)StatusTimeout.TotalMilliseconds });
        }
        catch (PlaywrightException)
        {
            output.WriteLine($"Run page shows: {await page.Locator(".mud-main-content").InnerTextAsync()}");
            output.WriteLine($"App output:{Environment.NewLine}{fixture.App.RecentOutput}");
            throw;
        }
    }

    private static async Task AssertFitsPhoneAsync(IPage page, string state)
    {
        // Plotly sizes the charts to their container after the first layout pass, so let it settle first.
        await page.WaitForTimeoutAsync(500);
        int scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= PhoneWidth,
            $"The {state} run page is {scrollWidth} pixels wide on a {PhoneWidth}-pixel screen, so it scrolls sideways.");
    }

    private async Task SaveScreenshotAsync(IPage page, string fileName)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "screenshots", fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"Screenshot saved to {path}");
    }
}
