using System.Text.Json;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Web.Ui;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FedWorkbench.Web.Tests.EndToEnd;

/// <summary>The evaluation report and the downloads of a completed run on its page.</summary>
[Collection(EndToEndCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class RunResultsTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    private const int Rounds = 2;

    // A synthetic softmax run of two rounds took well under a second in the web app; the limit covers a busy machine.
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task CompletedRun_ShowsEvaluationAndDownloads()
    {
        // Arrange: the run may end before or after the page opens, and the section must show either way.
        using var http = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        string runId = await RunPageTests.LaunchAsync(http, $$"""
            {"name": "End-to-end results", "dataset": "synthetic", "model": "softmax", "clients": 10, "clientFraction": 0.5,
             "rounds": {{Rounds}}, "seed": 11}
            """);
        IPage page = await fixture.OpenInteractivePageAsync($"runs/{runId}");

        // Act
        try
        {
            await Assertions.Expect(page.Locator(".run-status-chip")).ToHaveAttributeAsync("data-status", "Completed",
                new LocatorAssertionsToHaveAttributeOptions { Timeout = (float)RunTimeout.TotalMilliseconds });
            await page.GetByTestId("evaluation-report").WaitForAsync();
            await page.WaitForFunctionAsync(
                "() => document.getElementById('confusion-matrix-chart')?.data?.[0]?.z?.length > 0",
                null, new PageWaitForFunctionOptions { Timeout = 20_000 });
        }
        catch (PlaywrightException)
        {
            output.WriteLine($"Run page shows: {await page.Locator(".mud-main-content").InnerTextAsync()}");
            output.WriteLine($"App output:{Environment.NewLine}{fixture.App.RecentOutput}");
            throw;
        }

        // Assert: the totals match the last round, and the heatmap covers the whole test set.
        using JsonDocument run = JsonDocument.Parse(await http.GetStringAsync($"api/runs/{runId}"));
        double lastAccuracy = run.RootElement.GetProperty("rounds")[Rounds - 1].GetProperty("testAccuracy").GetDouble();
        await Assertions.Expect(page.GetByTestId("evaluation-accuracy")).ToHaveTextAsync(RunDisplay.Percent(lastAccuracy));
        await Assertions.Expect(page.GetByTestId("evaluation-classes").Locator("tbody tr")).ToHaveCountAsync(SyntheticDataset.ClassCount);

        ILocator heatmap = page.GetByTestId("confusion-matrix");
        await Assertions.Expect(heatmap.Locator(".heatmaplayer image")).ToHaveCountAsync(1);
        await Assertions.Expect(heatmap.Locator(".xtitle")).ToHaveTextAsync("Predicted");
        await Assertions.Expect(heatmap.Locator(".ytitle")).ToHaveTextAsync("Actual");
        int[][] matrix = await page.EvaluateAsync<int[][]>("() => document.getElementById('confusion-matrix-chart').data[0].z");
        Assert.Equal(SyntheticDataset.ClassCount, matrix.Length);
        Assert.Equal(SyntheticDataset.TestCount, matrix.Sum(row => row.Sum()));
        string[] rowNames = await page.EvaluateAsync<string[]>("() => document.getElementById('confusion-matrix-chart').data[0].y");
        Assert.Equal(SyntheticDataset.ClassNames, rowNames);

        // Ten classes show their counts in the cells, one text per cell.
        await Assertions.Expect(heatmap.Locator(".heatmaplayer text")).ToHaveCountAsync(SyntheticDataset.ClassCount * SyntheticDataset.ClassCount);

        // Every chart's mode bar offers PNG and SVG instead of Plotly's single-format camera.
        await page.Locator("#confusion-matrix-chart").HoverAsync();
        ILocator svgButton = page.Locator("#confusion-matrix-chart .modebar-btn[data-title='Download plot as SVG']");
        await Assertions.Expect(svgButton).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#confusion-matrix-chart .modebar-btn[data-title='Download plot as a png']")).ToHaveCountAsync(0);
        IDownload svg = await page.RunAndWaitForDownloadAsync(() => svgButton.ClickAsync());
        Assert.Equal("End-to-end results - confusion-matrix-chart.svg", svg.SuggestedFilename);
        Assert.StartsWith("<svg", await File.ReadAllTextAsync(await svg.PathAsync()), StringComparison.Ordinal);

        await page.Locator("#accuracy-chart").HoverAsync();
        ILocator pngButton = page.Locator("#accuracy-chart .modebar-btn[data-title='Download plot as PNG']");
        IDownload png = await page.RunAndWaitForDownloadAsync(() => pngButton.ClickAsync());
        Assert.Equal("End-to-end results - accuracy-chart.png", png.SuggestedFilename);
        byte[] pngBytes = await File.ReadAllBytesAsync(await png.PathAsync());
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], pngBytes.Take(4));

        foreach (string chartId in new[] { "loss-chart", "partition-heatmap", "client-size-histogram" })
        {
            await page.Locator($"#{chartId}").HoverAsync();
            await Assertions.Expect(page.Locator($"#{chartId} .modebar-btn[data-title='Download plot as SVG']")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator($"#{chartId} .modebar-btn[data-title='Download plot as PNG']")).ToHaveCountAsync(1);
        }

        // The metrics as JSON: one object per round, as the API returns them.
        IDownload json = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-metrics-json").ClickAsync());
        Assert.Equal("end-to-end-results.metrics.json", json.SuggestedFilename);
        string jsonText = await File.ReadAllTextAsync(await json.PathAsync());
        Assert.Equal(await http.GetStringAsync($"api/runs/{runId}/metrics.json"), jsonText);
        using JsonDocument metrics = JsonDocument.Parse(jsonText);
        Assert.Equal(Rounds, metrics.RootElement.GetArrayLength());

        // The model as ONNX, the same bytes as the API serves.
        IDownload model = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-model").ClickAsync());
        Assert.Equal("end-to-end-results.onnx", model.SuggestedFilename);
        Assert.Equal(await http.GetByteArrayAsync($"api/runs/{runId}/model.onnx"), await File.ReadAllBytesAsync(await model.PathAsync()));
        Assert.EndsWith($"/runs/{runId}", page.Url, StringComparison.Ordinal);

        await SaveScreenshotAsync(page);
        await page.Context.CloseAsync();
    }

    private static async Task SaveScreenshotAsync(IPage page)
    {
        await page.GetByTestId("evaluation-report").ScrollIntoViewIfNeededAsync();
        string path = Path.Combine(AppContext.BaseDirectory, "screenshots", "run-evaluation.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.GetByTestId("evaluation-report").ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
    }
}
