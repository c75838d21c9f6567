using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FedWorkbench.Web.Tests.EndToEnd;

/// <summary>A real federated run on Fashion-MNIST, launched from the form and followed on the run page.</summary>
[Collection(EndToEndCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class RunPageTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    private const int Rounds = 3;

    // Softmax regression on 10 clients, 5 per round. Five such rounds took 0.8 s in the web app on a shared
    // two-core machine, once the dataset had loaded. The limit leaves room for loading and for a busy machine.
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task LaunchedRun_CompletesWithEveryRoundCharted()
    {
        // Arrange
        IPage page = await fixture.OpenInteractivePageAsync("experiments/new");
        await page.GetByLabel("Name").FillAsync("End-to-end softmax");
        await FormInput.SelectAsync(page, "Model", "Softmax regression");
        await FormInput.FillAsync(page, "Clients K", "10");
        await FormInput.FillAsync(page, "Client fraction C", "0.5");
        await FormInput.FillAsync(page, "Rounds", Rounds.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // Act
        await page.GetByTestId("launch").ClickAsync();
        try
        {
            // A failure guard only: on a loaded CI machine the first launch also waits for the circuit and SQLite.
            await RunPageNavigation.WaitForRunPageAsync(page, RunTimeout);
        }
        catch (PlaywrightException)
        {
            output.WriteLine($"Form shows after Launch: {await page.Locator(".mud-main-content").InnerTextAsync()}");
            output.WriteLine($"App output:{Environment.NewLine}{fixture.App.RecentOutput}");
            throw;
        }

        // Assert: the status chip reaches Completed and each chart has one point per round.
        ILocator status = page.Locator(".run-status-chip");
        try
        {
            await Assertions.Expect(status).ToHaveAttributeAsync("data-status", "Completed",
                new LocatorAssertionsToHaveAttributeOptions { Timeout = (float)RunTimeout.TotalMilliseconds });
        }
        catch (PlaywrightException)
        {
            output.WriteLine($"Run page shows: {await page.Locator(".mud-main-content").InnerTextAsync()}");
            output.WriteLine($"App output:{Environment.NewLine}{fixture.App.RecentOutput}");
            throw;
        }

        await page.WaitForFunctionAsync(
            "n => document.getElementById('accuracy-chart')?.data?.[0]?.x?.length === n",
            Rounds, new PageWaitForFunctionOptions { Timeout = 10_000 });

        double[][] accuracyX = await ChartSeriesAsync<double>(page, "accuracy-chart", "x");
        double[][] accuracyY = await ChartSeriesAsync<double>(page, "accuracy-chart", "y");
        double[][] lossX = await ChartSeriesAsync<double>(page, "loss-chart", "x");

        double[] expectedRounds = [.. Enumerable.Range(1, Rounds).Select(round => (double)round)];
        Assert.Equal(expectedRounds, accuracyX[0]);
        Assert.Equal(2, lossX.Length);
        Assert.Equal(expectedRounds, lossX[0]);
        Assert.Equal(expectedRounds, lossX[1]);
        Assert.All(accuracyY[0], accuracy => Assert.InRange(accuracy, 0.0, 1.0));

        // Ten classes make 0.1 the accuracy of guessing; a trained softmax model is far above it after one round.
        Assert.True(accuracyY[0][^1] > 0.5, $"Final test accuracy {accuracyY[0][^1]:0.000} should be above 0.5 after training.");

        await Assertions.Expect(page.GetByTestId("round-progress")).ToHaveTextAsync($"Round {Rounds} of {Rounds}");

        // The live section and the rest of the page both follow the end of the run.
        await Assertions.Expect(page.GetByTestId("latest-accuracy")).ToHaveTextAsync(FedWorkbench.Web.Ui.RunDisplay.Percent(accuracyY[0][^1]));
        await Assertions.Expect(page.GetByTestId("cancel-run")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("download-metrics")).ToBeEnabledAsync();

        // The newer round charts have one point per round in every trace.
        foreach ((string chartId, int traces) in new[] { ("client-accuracy-chart", 4), ("clients-chart", 4), ("bytes-chart", 2), ("simulated-time-chart", 1) })
        {
            double?[][] x = await ChartSeriesAsync<double?>(page, chartId, "x");
            Assert.Equal(traces, x.Length);
            Assert.All(x, trace => Assert.Equal(Rounds, trace.Length));
        }

        // The partition charts cover the 10 clients: one heatmap row and one histogram sample per client.
        await page.WaitForFunctionAsync(
            "() => document.getElementById('partition-heatmap')?.data?.[0]?.z?.length === 10 && document.getElementById('client-size-histogram')?.data?.[0]?.x?.length === 10",
            null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        await Assertions.Expect(page.GetByTestId("partition-summary")).ToContainTextAsync("10 clients with");
        await Assertions.Expect(page.GetByTestId("partition-cap-note")).ToHaveCountAsync(0);

        // The metrics download has the header and one row per round, the first cell being the round number.
        IDownload download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-metrics").ClickAsync());
        string[] csvLines = (await File.ReadAllTextAsync(await download.PathAsync())).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("end-to-end-softmax.metrics.csv", download.SuggestedFilename);
        Assert.Equal(Rounds + 1, csvLines.Length);
        Assert.StartsWith("round,testAccuracy,testLoss,trainLoss,", csvLines[0], StringComparison.Ordinal);
        Assert.Equal(FedWorkbench.Web.Ui.RoundMetricsCsv.Header, csvLines[0]);
        Assert.Equal(
            Enumerable.Range(1, Rounds).Select(round => round.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            csvLines.Skip(1).Select(line => line.Split(',')[0]));

        await SaveScreenshotAsync(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DivergedRun_ShowsWarningAndLossGap()
    {
        // Arrange: a 256-256 perceptron with η = 10 and single-sample batches makes every update non-finite, so
        // both rounds keep the global model and have no training loss. It is launched through the API.
        const string experiment = """
            {"name": "End-to-end diverged", "dataset": "synthetic", "model": "mlp", "hiddenLayers": [256, 256],
             "clients": 10, "clientFraction": 0.5, "batchSize": 1, "learningRate": 10, "rounds": 2, "seed": 7}
            """;
        using var http = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        using HttpResponseMessage response = await http.PostAsync("api/runs", new StringContent(experiment, Encoding.UTF8, "application/json"));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /api/runs returned {(int)response.StatusCode}: {body}");
        using JsonDocument summary = JsonDocument.Parse(body);
        string runId = summary.RootElement.GetProperty("id").GetString()!;

        // Act
        IPage page = await fixture.OpenInteractivePageAsync($"runs/{runId}");

        // Assert: the run completes, the page explains the rejections, and the training loss has no points.
        try
        {
            await Assertions.Expect(page.Locator(".run-status-chip")).ToHaveAttributeAsync("data-status", "Completed",
                new LocatorAssertionsToHaveAttributeOptions { Timeout = (float)RunTimeout.TotalMilliseconds });
        }
        catch (PlaywrightException)
        {
            output.WriteLine($"Run page shows: {await page.Locator(".mud-main-content").InnerTextAsync()}");
            output.WriteLine($"App output:{Environment.NewLine}{fixture.App.RecentOutput}");
            throw;
        }

        await Assertions.Expect(page.GetByTestId("rejected-updates")).ToContainTextAsync(
            "Round 2: 5 of 5 client updates were rejected (non-finite values); the global model was kept.");
        await Assertions.Expect(page.GetByTestId("rejected-updates")).ToContainTextAsync("Updates were rejected in 2 of 2 rounds.");
        await Assertions.Expect(page.GetByTestId("aggregated-clients")).ToHaveTextAsync("0 of 5");

        await page.WaitForFunctionAsync(
            "n => document.getElementById('loss-chart')?.data?.[1]?.x?.length === n",
            2, new PageWaitForFunctionOptions { Timeout = 10_000 });
        double?[][] lossY = await ChartSeriesAsync<double?>(page, "loss-chart", "y");
        Assert.Equal(2, lossY.Length);
        Assert.All(lossY[0], testLoss => Assert.NotNull(testLoss));
        Assert.All(lossY[1], trainLoss => Assert.Null(trainLoss));
        Assert.Equal(2, lossY[1].Length);
        Assert.DoesNotContain("NaN", await page.Locator(".mud-main-content").InnerTextAsync(), StringComparison.Ordinal);

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task RunWithoutClientSplits_ExplainsCharts()
    {
        // Arrange: no held-out splits (client test fraction 0), and over-selection 0.4 with K = 10 and C = 0.5,
        // so the server awaits m = 5 of s = ⌈5 · 1.4⌉ = 7 selected clients. The synthetic dataset's 6,000 training
        // samples split IID give every client 600.
        const string experiment = """
            {"name": "End-to-end no client splits", "dataset": "synthetic", "model": "softmax", "clients": 10,
             "clientFraction": 0.5, "overSelection": 0.4, "clientTestFraction": 0, "rounds": 2, "seed": 3}
            """;
        string runId = await LaunchThroughApiAsync(experiment);

        // Act
        IPage page = await fixture.OpenInteractivePageAsync($"runs/{runId}");

        // Assert: the client accuracy card states that the measurement is off, whatever the run has reached.
        ILocator clientAccuracy = page.GetByTestId("client-accuracy-empty");
        await Assertions.Expect(clientAccuracy).ToContainTextAsync("Per-client accuracy is off for this run");
        ILocator partitionCharts = page.Locator("#partition-heatmap");
        await partitionCharts.WaitForAsync();
        float partitionTop = (await partitionCharts.BoundingBoxAsync())!.Y;
        await WaitForCompletedAsync(page);
        await page.WaitForFunctionAsync(
            "n => document.getElementById('accuracy-chart')?.data?.[0]?.x?.length === n",
            2, new PageWaitForFunctionOptions { Timeout = 10_000 });

        await Assertions.Expect(clientAccuracy).ToContainTextAsync("Per-client accuracy is off for this run");
        await Assertions.Expect(page.GetByTestId("aggregated-clients")).ToHaveTextAsync("5 of 5 awaited (7 selected)");

        // The partition charts stay where they were before round 1, below the round charts, and are drawn.
        Assert.Equal(partitionTop, (await partitionCharts.BoundingBoxAsync())!.Y, 1.0f);
        float roundChartsBottom = await page.EvaluateAsync<float>(
            "() => document.getElementById('simulated-time-chart').getBoundingClientRect().bottom + window.scrollY");
        Assert.True(partitionTop > roundChartsBottom, $"The partition heatmap at y = {partitionTop} should be below the round charts, which end at y = {roundChartsBottom}.");
        await Assertions.Expect(page.Locator("#partition-heatmap .heatmaplayer image")).ToHaveCountAsync(1);

        // The message leaves the y-axis title of its chart readable.
        float messageLeft = (await clientAccuracy.Locator("span").BoundingBoxAsync())!.X;
        LocatorBoundingBoxResult axisTitle = (await page.Locator("#client-accuracy-chart .ytitle").BoundingBoxAsync())!;
        Assert.True(messageLeft >= axisTitle.X + axisTitle.Width,
            $"The message starts at x = {messageLeft}, over the axis title that ends at x = {axisTitle.X + axisTitle.Width}.");

        // The up line is dashed, so that it cannot hide the down line in runs where both are equal.
        string upDash = await page.EvaluateAsync<string>("() => document.getElementById('bytes-chart').data[1].line.dash");
        Assert.Equal("dash", upDash);

        // Every client has 600 training samples, and the histogram's axis has that one tick.
        string[] ticks = [.. await page.Locator("#client-size-histogram .xtick text").AllTextContentsAsync()];
        Assert.Equal(["600"], ticks);

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PartitionMessage_StaysBelowTitles()
    {
        // Arrange: 100 clients of at least 60 of the synthetic dataset's 6,000 samples need an exactly equal split.
        // The partitioner's draws of Dirichlet(0.01) label shares practically never give one, so the run fails
        // before it stores a partition.
        const string experiment = """
            {"name": "End-to-end no partition", "dataset": "synthetic", "model": "softmax", "clients": 100,
             "partition": "dirichlet", "dirichletAlpha": 0.01, "minClientSize": 60, "rounds": 1, "seed": 5}
            """;
        string runId = await LaunchThroughApiAsync(experiment);

        // Act
        IPage page = await fixture.OpenInteractivePageAsync($"runs/{runId}");
        await Assertions.Expect(page.Locator(".run-status-chip")).ToHaveAttributeAsync("data-status", "Failed",
            new LocatorAssertionsToHaveAttributeOptions { Timeout = (float)RunTimeout.TotalMilliseconds });

        // Assert: each card's message is below its title, not drawn over it.
        ILocator messages = page.GetByTestId("partition-empty");
        await Assertions.Expect(messages).ToHaveCountAsync(2);
        await Assertions.Expect(messages.First).ToContainTextAsync("No partition statistics were stored for this run.");
        foreach (string title in new[] { "Labels per client", "Client sizes" })
        {
            ILocator card = page.Locator(".mud-paper", new PageLocatorOptions { Has = page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = title, Exact = true }) });
            LocatorBoundingBoxResult heading = (await card.GetByRole(AriaRole.Heading).BoundingBoxAsync())!;
            LocatorBoundingBoxResult message = (await card.GetByTestId("partition-empty").Locator("span").BoundingBoxAsync())!;
            Assert.True(message.Y >= heading.Y + heading.Height,
                $"The message of \"{title}\" starts at y = {message.Y}, above the end of its title at y = {heading.Y + heading.Height}.");
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task MalformedRunId_ReturnsNotFoundPage()
    {
        // Act
        using var http = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        using HttpResponseMessage response = await http.GetAsync("runs/abc");
        string body = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownRunId_ShowsRunNotFound()
    {
        // Arrange: a well-formed id that no run has.
        string runId = Guid.NewGuid().ToString();

        // Act
        IPage page = await fixture.OpenInteractivePageAsync($"runs/{runId}");

        // Assert
        await Assertions.Expect(page.GetByTestId("run-not-found")).ToContainTextAsync($"No run has the id {runId}.");

        await page.Context.CloseAsync();
    }

    // Launches an experiment file through the HTTP API and returns the run id.
    private async Task<string> LaunchThroughApiAsync(string experiment)
    {
        using var http = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        using HttpResponseMessage response = await http.PostAsync("api/runs", new StringContent(experiment, Encoding.UTF8, "application/json"));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /api/runs returned {(int)response.StatusCode}: {body}");
        using JsonDocument summary = JsonDocument.Parse(body);
        return summary.RootElement.GetProperty("id").GetString()!;
    }

    private async Task WaitForCompletedAsync(IPage page)
    {
        try
        {
            await Assertions.Expect(page.Locator(".run-status-chip")).ToHaveAttributeAsync("data-status", "Completed",
                new LocatorAssertionsToHaveAttributeOptions { Timeout = (float)RunTimeout.TotalMilliseconds });
        }
        catch (PlaywrightException)
        {
            output.WriteLine($"Run page shows: {await page.Locator(".mud-main-content").InnerTextAsync()}");
            output.WriteLine($"App output:{Environment.NewLine}{fixture.App.RecentOutput}");
            throw;
        }
    }

    [Fact]
    public async Task MovingBetweenRuns_KeepsChartsFollowing()
    {
        // Arrange: a short run that completes, and a long one (the 2NN on Fashion-MNIST) that keeps running while
        // the page moves away and back. Blazor's client-side navigation keeps the page's circuit, as a link does.
        using var http = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        string shortRun = await LaunchAsync(http, """
            {"name": "End-to-end short", "dataset": "synthetic", "model": "softmax", "clients": 10, "clientFraction": 0.5, "rounds": 2, "seed": 7}
            """);
        string longRun = await LaunchAsync(http, """
            {"name": "End-to-end long", "model": "mlp", "clients": 100, "clientFraction": 0.1, "rounds": 1000, "seed": 7}
            """);
        IPage page = await fixture.OpenInteractivePageAsync($"runs/{longRun}");
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };

        try
        {
            await WaitForAccuracyPointsAsync(page, $"/runs/{longRun}", "End-to-end long", atLeast: 1);

            // Act
            await page.EvaluateAsync("path => Blazor.navigateTo(path)", $"/runs/{shortRun}");
            await WaitForAccuracyPointsAsync(page, $"/runs/{shortRun}", "End-to-end short", atLeast: 2);
            await page.EvaluateAsync("path => Blazor.navigateTo(path)", $"/runs/{longRun}");
            int pointsOnReturn = await WaitForAccuracyPointsAsync(page, $"/runs/{longRun}", "End-to-end long", atLeast: 1);

            // Assert: the long run's chart keeps growing after the return, and no error reached the browser.
            await WaitForAccuracyPointsAsync(page, $"/runs/{longRun}", "End-to-end long", atLeast: pointsOnReturn + 5);
            Assert.Empty(errors);
            Assert.False(await page.Locator("#blazor-error-ui").IsVisibleAsync());
        }
        catch (Exception)
        {
            output.WriteLine($"Address {page.Url}; browser errors: {string.Join(" | ", errors)}");
            output.WriteLine($"Run page shows: {await page.Locator(".mud-main-content").InnerTextAsync()}");
            output.WriteLine($"App output:{Environment.NewLine}{fixture.App.RecentOutput}");
            throw;
        }
        finally
        {
            // Frees the worker for the other tests. A run that has ended already returns 409, which is fine here.
            using HttpResponseMessage cancelled = await http.PostAsync($"api/runs/{longRun}/cancel", content: null);
        }
    }

    internal static async Task<string> LaunchAsync(HttpClient http, string experiment)
    {
        using HttpResponseMessage response = await http.PostAsync("api/runs", new StringContent(experiment, Encoding.UTF8, "application/json"));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /api/runs returned {(int)response.StatusCode}: {body}");
        using JsonDocument summary = JsonDocument.Parse(body);
        return summary.RootElement.GetProperty("id").GetString()!;
    }

    // Waits until the page shows the run named name, at path, with at least atLeast points on its accuracy chart,
    // and returns how many it has. The name distinguishes the new run's chart from that of the run just left.
    private static async Task<int> WaitForAccuracyPointsAsync(IPage page, string path, string name, int atLeast)
    {
        IJSHandle points = await page.WaitForFunctionAsync(
            """
            ([path, name, atLeast]) => {
                const pointCount = document.getElementById('accuracy-chart')?.data?.[0]?.x?.length ?? 0;
                const title = document.querySelector('h1')?.textContent ?? '';
                return location.pathname === path && title.includes(name) && pointCount >= atLeast ? pointCount : false;
            }
            """,
            new object[] { path, name, atLeast },
            new PageWaitForFunctionOptions { Timeout = (float)RunTimeout.TotalMilliseconds });
        return await points.JsonValueAsync<int>();
    }

    private static async Task<T[][]> ChartSeriesAsync<T>(IPage page, string chartId, string axis)
    {
        // Plotly keeps the plotted traces on the chart's div as its data property.
        string json = await page.EvaluateAsync<string>(
            "([id, axis]) => JSON.stringify(document.getElementById(id).data.map(trace => trace[axis]))",
            new object[] { chartId, axis });
        return JsonSerializer.Deserialize<T[][]>(json)
            ?? throw new InvalidOperationException($"Chart {chartId} has no data.");
    }

    private async Task SaveScreenshotAsync(IPage page)
    {
        // A viewport as tall as the page keeps the fixed navigation drawer full height in the picture.
        await page.SetViewportSizeAsync(1400, 1250);

        // Let Plotly finish its last transition and resize so the picture shows every point.
        await page.WaitForTimeoutAsync(500);
        string path = Path.Combine(AppContext.BaseDirectory, "screenshots", "run-page.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"Screenshot saved to {path}");
    }
}
