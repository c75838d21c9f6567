using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FedWorkbench.Web.Tests.EndToEnd;

/// <summary>Two small runs selected on the runs list and compared on one page.</summary>
[Collection(EndToEndCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class ComparePageTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    private const int Rounds = 2;

    // Two synthetic softmax runs of 2 rounds each; the limit leaves room for a busy machine and a run queue.
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task TwoRuns_SelectedAndCompared()
    {
        // Arrange: two runs that differ in learning rate only, with names no other test uses.
        string suffix = Guid.NewGuid().ToString("N")[..6];
        string firstName = $"Compare slow {suffix}";
        string secondName = $"Compare fast {suffix}";
        await LaunchAsync(firstName, learningRate: 0.01);
        await LaunchAsync(secondName, learningRate: 0.1);
        IPage page = await fixture.OpenInteractivePageAsync("runs");

        // Act: select one row by clicking its checkbox and the other with the keyboard, then compare.
        ILocator compare = page.GetByTestId("compare-button");
        await Assertions.Expect(compare).ToBeDisabledAsync();
        await page.GetByLabel($"Select {firstName} for comparison").CheckAsync();
        await Assertions.Expect(compare).ToBeDisabledAsync();
        ILocator secondCheckbox = page.GetByLabel($"Select {secondName} for comparison");
        await secondCheckbox.FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(secondCheckbox).ToBeCheckedAsync();
        await Assertions.Expect(page.GetByTestId("compare-selection")).ToHaveTextAsync("2 runs selected.");
        await compare.ClickAsync();

        // Assert: both curves reach every round, each named after its run, and the settings table shows the one
        // setting that differs besides the name.
        // Blazor navigates inside the page without a load event, so poll the address instead of waiting for a load.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/compare\?runs=[0-9a-f-]+,[0-9a-f-]+$"));
        try
        {
            await page.WaitForFunctionAsync(
                "n => ['compare-accuracy-chart', 'compare-loss-chart'].every(id => " +
                "document.getElementById(id)?.data?.length === 2 && document.getElementById(id).data.every(trace => trace.x.length === n))",
                Rounds, new PageWaitForFunctionOptions { Timeout = (float)RunTimeout.TotalMilliseconds });
        }
        catch (PlaywrightException)
        {
            output.WriteLine($"Compare page shows: {await page.Locator(".mud-main-content").InnerTextAsync()}");
            output.WriteLine($"App output:{Environment.NewLine}{fixture.App.RecentOutput}");
            throw;
        }

        string[] traceNames = await page.EvaluateAsync<string[]>("() => document.getElementById('compare-accuracy-chart').data.map(trace => trace.name)");
        Assert.Equal([firstName, secondName], traceNames);

        ILocator differingRows = page.Locator("[data-testid=compare-config] tbody tr");
        await Assertions.Expect(differingRows).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("tr[data-setting=learningRate] td").First).ToHaveTextAsync("0.01");
        await Assertions.Expect(page.Locator("tr[data-setting=learningRate] td").Last).ToHaveTextAsync("0.1");
        await Assertions.Expect(page.Locator("tr[data-setting=name]")).ToHaveCountAsync(1);

        // The row names the setting with the form's label, and the experiment file's name below it.
        ILocator learningRateHeader = page.Locator("tr[data-setting=learningRate] th");
        await Assertions.Expect(learningRateHeader).ToContainTextAsync("Learning rate η");
        await Assertions.Expect(learningRateHeader.GetByTestId("setting-file-name")).ToHaveTextAsync("learningRate");

        string path = Path.Combine(AppContext.BaseDirectory, "screenshots", "compare-page.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"Screenshot saved to {path}");

        await page.GetByLabel("Show all settings").CheckAsync();
        await Assertions.Expect(page.Locator("tr[data-setting=rounds]")).ToHaveCountAsync(1);

        await page.Context.CloseAsync();
    }

    private async Task LaunchAsync(string name, double learningRate)
    {
        string experiment = JsonSerializer.Serialize(new
        {
            name,
            dataset = "synthetic",
            model = "softmax",
            clients = 5,
            clientFraction = 1.0,
            batchSize = 20,
            learningRate,
            rounds = Rounds,
            seed = 7,
        });
        using var http = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        using HttpResponseMessage response = await http.PostAsync("api/runs", new StringContent(experiment, Encoding.UTF8, "application/json"));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /api/runs returned {(int)response.StatusCode}: {body}");
    }
}
