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
    public static async Task<IReadOnlyList<double>> RunAsync(Uri baseAddress, int launches, string label)
    {
        using var api = new RunApi(baseAddress);
        await using Browser browser = await Browser.LaunchAsync();
        var milliseconds = new List<double>();
        for (int launch = 1; launch <= launches; launch++)
        {
            IBrowserContext context = await browser.NewContextAsync();
            IPage page = await Browser.OpenInteractiveAsync(context, baseAddress, "experiments/new");
            ExperimentConfig config = RunApi.ConfigA($"First point {label} {launch}", rounds: 50);
            await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
            {
                Name = "a.experiment.json",
                MimeType = "application/json",
                Buffer = Encoding.UTF8.GetBytes(ExperimentJson.Serialize(config)),
            });
            await Assertions.Expect(page.GetByLabel("Rounds", new PageGetByLabelOptions { Exact = true })).ToHaveValueAsync("50");

            var clock = Stopwatch.StartNew();
            await page.GetByTestId("launch").ClickAsync();
            await Browser.WaitForAccuracyPointsAsync(page, 1);
            double elapsed = clock.Elapsed.TotalMilliseconds;
            milliseconds.Add(elapsed);

            Guid runId = Guid.Parse(RunIdInUrl().Match(page.Url).Groups[1].Value);
            RunDetails details = await api.GetAsync(runId);
            string kind = launch == 1 && label == "cold" ? "cold" : "warm";
            Console.WriteLine(
                $"first point, {kind} launch {launch}: {elapsed:F0} ms from Launch click to the first accuracy point " +
                $"(server: queued {Milliseconds(details.Summary.CreatedAt, details.Summary.StartedAt)} ms, " +
                $"round 1 took {details.Rounds[0].RoundSeconds * 1000:F0} ms, ended {details.Rounds[0].ElapsedSeconds * 1000:F0} ms after the start)");

            await api.CancelAsync(runId);
            await api.WaitUntilEndedAsync(runId, TimeSpan.FromMinutes(2));
            await context.CloseAsync();
        }

        return milliseconds;
    }

    private static string Milliseconds(DateTimeOffset from, DateTimeOffset? to) =>
        to is { } end ? $"{(end - from).TotalMilliseconds:F0}" : "?";

    [GeneratedRegex("/runs/([0-9a-fA-F-]{36})")]
    private static partial Regex RunIdInUrl();
}
