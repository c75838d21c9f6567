using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Runs;
using Microsoft.Playwright;

namespace WebRuns;

/// <summary>
/// Time from the Launch click on the experiment page to the first point on the run page's accuracy chart, for
/// configuration (a). The first launch after the app starts is cold (code not yet compiled by the JIT, dataset
/// possibly not loaded); the later ones are warm. Each run is cancelled once its first point is drawn.
/// </summary>
internal static partial class FirstPointProbe
{
    /// <param name="waitForPlotly">
    /// Whether the click waits until the experiment page has loaded plotly.js; 0 on the command line measures an app
    /// that does not preload it.
    /// </param>
    public static async Task<IReadOnlyList<double>> RunAsync(Uri baseAddress, int launches, string label, bool waitForPlotly)
    {
        using var api = new RunApi(baseAddress);
        await using Browser browser = await Browser.LaunchAsync();
        var milliseconds = new List<double>();
        for (int launch = 1; launch <= launches; launch++)
        {
            IBrowserContext context = await browser.NewContextAsync();
            IPage page = await Browser.OpenInteractiveAsync(context, baseAddress, "experiments/new");
            ExperimentConfig config = RunApi.ConfigA($"First point {label} {launch}", rounds: 50);
            var onForm = Stopwatch.StartNew();
            await ImportAsync(page, config);

            // The experiment page loads plotly.js while the browser is idle. A user spends longer on the form than
            // this script does, so the click waits until plotly.js has run.
            if (waitForPlotly)
            {
                await page.WaitForFunctionAsync("() => !!window.Plotly", null, new PageWaitForFunctionOptions { PollingInterval = 10, Timeout = 60_000 });
            }

            double plotlyReady = onForm.Elapsed.TotalMilliseconds;
            await page.EvaluateAsync(MilestoneScript);

            var clock = Stopwatch.StartNew();
            await page.GetByTestId("launch").ClickAsync();
            await Browser.WaitForAccuracyPointsAsync(page, 1);
            double elapsed = clock.Elapsed.TotalMilliseconds;
            milliseconds.Add(elapsed);

            Guid runId = Guid.Parse(RunIdInUrl().Match(page.Url).Groups[1].Value);
            RunDetails details = await api.GetAsync(runId);
            Milestones browserTimes = await page.EvaluateAsync<Milestones>("() => window.__firstPoint");
            string kind = launch == 1 && label == "cold" ? "cold" : "warm";
            DateTimeOffset clicked = DateTimeOffset.FromUnixTimeMilliseconds((long)browserTimes.ClickEpoch);
            DateTimeOffset? roundOneStored = details.Summary.StartedAt + TimeSpan.FromSeconds(details.Rounds[0].ElapsedSeconds);
            Console.WriteLine(
                $"first point, {kind} launch {launch}: {elapsed:F0} ms from Launch click to the first accuracy point " +
                $"(server: queued {Milliseconds(details.Summary.CreatedAt, details.Summary.StartedAt)} ms, " +
                $"round 1 took {details.Rounds[0].RoundSeconds * 1000:F0} ms, ended {details.Rounds[0].ElapsedSeconds * 1000:F0} ms after the start)");
            if (waitForPlotly)
            {
                Console.WriteLine($"  plotly.js ready {plotlyReady:F0} ms after the experiment page was interactive");
            }

            Console.WriteLine(
                $"  after the click, browser: address {browserTimes.Address - browserTimes.Click:F0} ms, " +
                $"charts rendered {browserTimes.Charts - browserTimes.Click:F0} ms, plotly.js requested {browserTimes.ScriptRequested - browserTimes.Click:F0} ms, " +
                $"received {browserTimes.ScriptReceived - browserTimes.Click:F0} ms, run {browserTimes.PlotlyDefined - browserTimes.Click:F0} ms, " +
                $"first chart drawn {browserTimes.Plotly - browserTimes.Click:F0} ms, " +
                $"first point {browserTimes.FirstPoint - browserTimes.Click:F0} ms; server: run stored {Milliseconds(clicked, details.Summary.CreatedAt)} ms, " +
                $"started {Milliseconds(clicked, details.Summary.StartedAt)} ms, round 1 ended {Milliseconds(clicked, roundOneStored)} ms");

            await api.CancelAsync(runId);
            await api.WaitUntilEndedAsync(runId, TimeSpan.FromMinutes(2));
            await context.CloseAsync();
        }

        return milliseconds;
    }

    // Records, in the page, when each step after the Launch click happened (performance.now() in ms), by polling
    // every 2 ms: the address change to the run page, the charts' container, plotly's first draw and the first point.
    // Blazor navigates inside the circuit, so the document and this script survive the navigation.
    private const string MilestoneScript = """
        () => {
            const times = window.__firstPoint = { click: 0, clickEpoch: 0, address: 0, charts: 0, scriptRequested: 0, scriptReceived: 0, plotlyDefined: 0, plotly: 0, firstPoint: 0 };
            document.querySelector('[data-testid=launch]').addEventListener('click', () => {
                times.click = performance.now();
                times.clickEpoch = Date.now();
            }, { capture: true });
            const timer = setInterval(() => {
                if (!times.click) return;
                const now = performance.now();
                const chart = document.getElementById('accuracy-chart');
                if (!times.address && location.pathname.includes('/runs/')) times.address = now;
                if (!times.charts && chart) times.charts = now;
                if (!times.plotlyDefined && window.Plotly) times.plotlyDefined = now;
                if (!times.plotly && chart && chart._fullLayout) times.plotly = now;
                const script = performance.getEntriesByType('resource').find(entry => /plotly-[0-9.]+(\.min)?\.js/.test(entry.name));
                if (script && !times.scriptReceived) { times.scriptRequested = script.startTime; times.scriptReceived = script.responseEnd; }
                if (!times.firstPoint && (chart?.data?.[0]?.x?.length ?? 0) >= 1) { times.firstPoint = now; clearInterval(timer); }
            }, 2);
        }
        """;

    // One import left the Rounds field at its default of 30, most likely because the file input's change listener
    // was not attached yet. Import again until the form shows the file's rounds.
    private static async Task ImportAsync(IPage page, ExperimentConfig config)
    {
        ILocator rounds = page.GetByLabel("Rounds", new PageGetByLabelOptions { Exact = true });
        string expected = config.Rounds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (int attempt = 1; ; attempt++)
        {
            await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
            {
                Name = "a.experiment.json",
                MimeType = "application/json",
                Buffer = Encoding.UTF8.GetBytes(ExperimentJson.Serialize(config)),
            });
            try
            {
                await Assertions.Expect(rounds).ToHaveValueAsync(expected, new LocatorAssertionsToHaveValueOptions { Timeout = 10_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
                Console.WriteLine($"first point: the import left Rounds at {await rounds.InputValueAsync()} instead of {expected}; importing again (attempt {attempt + 1} of 3)");
            }
        }
    }

    private static string Milliseconds(DateTimeOffset from, DateTimeOffset? to) =>
        to is { } end ? $"{(end - from).TotalMilliseconds:F0}" : "?";

    // Settable properties, because Playwright creates the result through a parameterless constructor.
    private sealed class Milestones
    {
        public double Click { get; set; }

        public double ClickEpoch { get; set; }

        public double Address { get; set; }

        public double Charts { get; set; }

        public double ScriptRequested { get; set; }

        public double ScriptReceived { get; set; }

        public double PlotlyDefined { get; set; }

        public double Plotly { get; set; }

        public double FirstPoint { get; set; }
    }

    [GeneratedRegex("/runs/([0-9a-fA-F-]{36})")]
    private static partial Regex RunIdInUrl();
}
