using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using FedWorkbench.Web.Runs;

namespace FedWorkbench.Web.Tests.Integration;

/// <summary>Calls the HTTP API the way a script would, and waits for runs to reach a state.</summary>
internal static class RunApi
{
    /// <summary>Upper bound on any wait; it only turns a hang into a failure, tests never assert on time.</summary>
    public static readonly TimeSpan FailureTimeout = TimeSpan.FromSeconds(90);

    /// <summary>JSON options matching the server's: web defaults with kebab-case enum names.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = CreateJsonOptions();

    /// <summary>Returns a small synthetic experiment that trains in well under a second per round.</summary>
    public static string SyntheticExperiment(int rounds, string name = "integration test") => $$"""
        {
          "name": "{{name}}",
          "dataset": "synthetic",
          "model": "softmax",
          "clients": 10,
          "clientFraction": 0.5,
          "localEpochs": 1,
          "batchSize": 10,
          "learningRate": 0.05,
          "rounds": {{rounds}},
          "seed": 7
        }
        """;

    /// <summary>
    /// Returns a synthetic experiment whose every client update is non-finite, so each round keeps the global model
    /// and has no training loss. A 256-256 perceptron trained with η = 10 on single samples overflows within the
    /// first local epoch. A round took about 0.2 s with the command-line runner on a shared two-core machine.
    /// </summary>
    public static string DivergingExperiment(int rounds) => $$"""
        {
          "name": "diverging integration test",
          "dataset": "synthetic",
          "model": "mlp",
          "hiddenLayers": [256, 256],
          "clients": 10,
          "clientFraction": 0.5,
          "localEpochs": 1,
          "batchSize": 1,
          "learningRate": 10,
          "rounds": {{rounds}},
          "seed": 7
        }
        """;

    public static Task<HttpResponseMessage> PostExperimentAsync(HttpClient client, string json) =>
        client.PostAsync("/api/runs", new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>Launches a run and returns its id; fails the test unless the API returns 202.</summary>
    public static async Task<Guid> LaunchAsync(HttpClient client, string json)
    {
        using HttpResponseMessage response = await PostExperimentAsync(client, json);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /api/runs returned {(int)response.StatusCode}: {body}");

        RunSummary? summary = JsonSerializer.Deserialize<RunSummary>(body, JsonOptions);
        Assert.NotNull(summary);
        Assert.Equal($"/api/runs/{summary.Id}", response.Headers.Location?.OriginalString);
        return summary.Id;
    }

    public static async Task<RunDetails> GetAsync(HttpClient client, Guid runId)
    {
        RunDetails? details = await client.GetFromJsonAsync<RunDetails>($"/api/runs/{runId}", JsonOptions);
        Assert.NotNull(details);
        return details;
    }

    /// <summary>Polls the run until <paramref name="condition"/> holds; fails after <see cref="FailureTimeout"/>.</summary>
    public static async Task<RunDetails> WaitUntilAsync(HttpClient client, Guid runId, Func<RunDetails, bool> condition, string description)
    {
        using var timeout = new CancellationTokenSource(FailureTimeout);
        RunDetails details = await GetAsync(client, runId);
        while (!condition(details))
        {
            Assert.False(timeout.IsCancellationRequested,
                $"Run {runId} did not reach '{description}'; last status {details.Summary.Status}, {details.Rounds.Count} rounds, error '{details.Summary.Error}'.");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
            details = await GetAsync(client, runId);
        }

        return details;
    }

    /// <summary>Waits until the run has ended in any way.</summary>
    public static Task<RunDetails> WaitForEndAsync(HttpClient client, Guid runId) =>
        WaitUntilAsync(client, runId, d => d.Summary.Status is not (RunStatus.Queued or RunStatus.Running), "ended");

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        return options;
    }
}
