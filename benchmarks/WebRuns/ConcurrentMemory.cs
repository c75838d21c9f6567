using FedWorkbench.Web.Runs;

namespace WebRuns;

/// <summary>
/// Peak resident set of the app: idle, idle with Fashion-MNIST loaded, during one run of configuration (a), and
/// during ten concurrent runs of it. The app must allow ten concurrent runs (Runs:MaxConcurrentRuns).
/// </summary>
internal static class ConcurrentMemory
{
    public sealed record Figures(double IdleMiB, double DatasetLoadedMiB, double OneRunPeakMiB, double ConcurrentPeakMiB, int ConcurrentRuns);

    public static async Task<Figures> RunAsync(Uri baseAddress, AppProcess app, int concurrentRuns, int rounds)
    {
        using var api = new RunApi(baseAddress);
        double idle = app.Memory().RssMiB;

        // The app loads the dataset in the background at start-up and reports it in readiness.
        await WaitForDatasetAsync(api);
        double loaded = app.Memory().RssMiB;

        double onePeak = await PeakWhileAsync(app, async () =>
        {
            Guid runId = await api.LaunchAsync(RunApi.ConfigA("Memory, one run", rounds));
            await ExpectCompletedAsync(api, runId);
        });

        double concurrentPeak = await PeakWhileAsync(app, async () =>
        {
            var runIds = new List<Guid>();
            for (int i = 1; i <= concurrentRuns; i++)
            {
                runIds.Add(await api.LaunchAsync(RunApi.ConfigA($"Memory, concurrent run {i}", rounds)));
            }

            await ExpectRunningTogetherAsync(api, runIds);
            foreach (Guid runId in runIds)
            {
                await ExpectCompletedAsync(api, runId);
            }
        });

        return new Figures(idle, loaded, onePeak, concurrentPeak, concurrentRuns);
    }

    private static async Task WaitForDatasetAsync(RunApi api)
    {
        for (int attempt = 0; attempt < 600; attempt++)
        {
            (int status, string body) = await api.ReadinessAsync();
            if (status == 200 && body.Contains("loaded", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("The readiness endpoint did not report Fashion-MNIST as loaded within 60 s.");
    }

    // VmHWM only grows, so the peak of one phase is sampled from VmRSS every 50 ms while it lasts.
    private static async Task<double> PeakWhileAsync(AppProcess app, Func<Task> phase)
    {
        double peak = app.Memory().RssMiB;
        Task work = phase();
        while (!work.IsCompleted)
        {
            peak = Math.Max(peak, app.Memory().RssMiB);
            await Task.WhenAny(work, Task.Delay(50));
        }

        await work;
        return Math.Max(peak, app.Memory().RssMiB);
    }

    // Proves that the runs overlapped: all of them must be running at one moment.
    private static async Task ExpectRunningTogetherAsync(RunApi api, List<Guid> runIds)
    {
        for (int attempt = 0; attempt < 600; attempt++)
        {
            RunSummary[] summaries = await Task.WhenAll(runIds.Select(async id => (await api.GetAsync(id)).Summary));
            if (summaries.All(summary => summary.Status == RunStatus.Running))
            {
                return;
            }

            if (summaries.Any(summary => summary.Status is not (RunStatus.Queued or RunStatus.Running)))
            {
                throw new InvalidOperationException("A run ended before all ten were running; raise the rounds per run or check Runs:MaxConcurrentRuns.");
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"The {runIds.Count} runs were never running at the same time; check Runs:MaxConcurrentRuns.");
    }

    private static async Task ExpectCompletedAsync(RunApi api, Guid runId)
    {
        RunSummary summary = await api.WaitUntilEndedAsync(runId, TimeSpan.FromMinutes(30));
        if (summary.Status != RunStatus.Completed)
        {
            throw new InvalidOperationException($"Run {runId} ended as {summary.Status}: {summary.Error ?? "no error given"}.");
        }
    }
}
