using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Runs;

namespace WebRuns;

/// <summary>The app's run API (<c>/api/runs</c>) and the benchmark experiment.</summary>
internal sealed class RunApi(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>JSON settings of the API: web defaults with kebab-case enum names.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>
    /// Returns configuration (a): the FedAvg 2NN (784-200-200-10) on Fashion-MNIST, K = 100, C = 0.1, E = 1, B = 10,
    /// η = 0.05, IID, seed 42, no held-out client samples, evaluated on the test set after every round.
    /// </summary>
    public static ExperimentConfig ConfigA(string name, int rounds) => new()
    {
        Name = name,
        Dataset = DatasetKind.FashionMnist,
        Model = ModelKind.Mlp,
        HiddenLayers = [200, 200],
        Clients = 100,
        ClientFraction = 0.1,
        LocalEpochs = 1,
        BatchSize = 10,
        LearningRate = 0.05,
        Partition = PartitionKind.Iid,
        ClientTestFraction = 0,
        Rounds = rounds,
        Seed = 42,
    };

    /// <summary>Launches <paramref name="config"/> and returns the new run's id.</summary>
    public async Task<Guid> LaunchAsync(ExperimentConfig config)
    {
        using var content = new StringContent(ExperimentJson.Serialize(config), Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await _http.PostAsync("api/runs", content);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"POST /api/runs failed with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        RunSummary summary = (await response.Content.ReadFromJsonAsync<RunSummary>(JsonOptions))!;
        return summary.Id;
    }

    /// <summary>Returns the summaries of the runs not launched in a room.</summary>
    public async Task<IReadOnlyList<RunSummary>> ListAsync() =>
        await _http.GetFromJsonAsync<List<RunSummary>>("api/runs", JsonOptions)
        ?? throw new InvalidOperationException("GET /api/runs returned no list.");

    /// <summary>Returns the run with its stored rounds.</summary>
    public async Task<RunDetails> GetAsync(Guid runId) =>
        (await _http.GetFromJsonAsync<RunDetails>($"api/runs/{runId}", JsonOptions))
        ?? throw new InvalidOperationException($"GET /api/runs/{runId} returned no run.");

    /// <summary>Cancels the run if it is still queued or running.</summary>
    public async Task CancelAsync(Guid runId)
    {
        using HttpResponseMessage response = await _http.PostAsync($"api/runs/{runId}/cancel", content: null);
    }

    /// <summary>Polls the run twice a second until it has ended, and returns its last summary.</summary>
    public async Task<RunSummary> WaitUntilEndedAsync(Guid runId, TimeSpan timeout)
    {
        using var timer = new CancellationTokenSource(timeout);
        while (true)
        {
            RunSummary summary = (await GetAsync(runId)).Summary;
            if (summary.Status is not (RunStatus.Queued or RunStatus.Running))
            {
                return summary;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), timer.Token);
        }
    }

    /// <summary>Returns the readiness endpoint's status code and body.</summary>
    public async Task<(int Status, string Body)> ReadinessAsync()
    {
        using HttpResponseMessage response = await _http.GetAsync("health/ready");
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => _http.Dispose();
}
