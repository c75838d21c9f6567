using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Runs;
using Microsoft.AspNetCore.Mvc;

namespace FedWorkbench.Web.Tests.Integration;

public sealed class RunApiTests
{
    [Fact]
    public async Task SyntheticRun_CompletesWithEveryRoundStored()
    {
        // Arrange
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();

        // Act
        Guid runId = await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 4));
        RunDetails details = await RunApi.WaitForEndAsync(client, runId);

        // Assert
        Assert.Equal(RunStatus.Completed, details.Summary.Status);
        Assert.Null(details.Summary.Error);
        Assert.Equal(4, details.Summary.TotalRounds);
        Assert.Equal(4, details.Summary.CompletedRounds);
        Assert.Equal([1, 2, 3, 4], details.Rounds.Select(r => r.Round));
        Assert.Equal(details.Rounds.Max(r => r.TestAccuracy), details.Summary.BestAccuracy);
        Assert.Equal("integration test", details.Summary.Name);
        Assert.Equal(DatasetKind.Synthetic, details.Config.Dataset);
        Assert.NotNull(details.Summary.StartedAt);
        Assert.NotNull(details.Summary.FinishedAt);

        IReadOnlyList<RunSummary>? list = await client.GetFromJsonAsync<IReadOnlyList<RunSummary>>("/api/runs", RunApi.JsonOptions);
        Assert.NotNull(list);
        Assert.Equal(runId, Assert.Single(list).Id);
    }

    [Fact]
    public async Task InvalidSetting_Returns400NamingField()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage response = await RunApi.PostExperimentAsync(client, """{"dataset": "synthetic", "clientFraction": 2}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        ValidationProblemDetails? problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>();
        Assert.NotNull(problem);
        string message = Assert.Single(Assert.Contains("clientFraction", problem.Errors));
        Assert.Contains("Client fraction 2", message, StringComparison.Ordinal);

        IReadOnlyList<RunSummary>? list = await client.GetFromJsonAsync<IReadOnlyList<RunSummary>>("/api/runs", RunApi.JsonOptions);
        Assert.Empty(list!);
    }

    [Fact]
    public async Task MalformedValue_Returns400NamingPath()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage response = await RunApi.PostExperimentAsync(client, """{"rounds": "many"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        ValidationProblemDetails? problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>();
        Assert.NotNull(problem);
        Assert.Contains("$.rounds", problem.Errors.Keys);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OversizedMultibyteBody_Returns413(bool chunked)
    {
        // 60,000 three-byte characters: under the limit in characters, 180,000 bytes over it.
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();
        byte[] body = Encoding.UTF8.GetBytes($"{{\"name\": \"{new string('€', 60_000)}\"}}");
        using var content = new StreamContent(new MemoryStream(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = content };
        if (chunked)
        {
            request.Headers.TransferEncodingChunked = true;
        }
        else
        {
            content.Headers.ContentLength = body.Length;
        }

        using HttpResponseMessage response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        ProblemDetails? problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal("The experiment is too large.", problem?.Title);
        IReadOnlyList<RunSummary>? list = await client.GetFromJsonAsync<IReadOnlyList<RunSummary>>("/api/runs", RunApi.JsonOptions);
        Assert.Empty(list!);
    }

    [Fact]
    public async Task CancelRunning_StopsRunAndKeepsRounds()
    {
        using var folder = new TestDataFolder();
        var gate = new RoundGate();
        await using var factory = new FedWorkbenchFactory(folder.Path, gate);
        using HttpClient client = factory.CreateClient();
        Guid runId = await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 20));
        gate.Release(2);
        await RunApi.WaitUntilAsync(client, runId, d => d.Rounds.Count == 2, "2 rounds stored");

        using HttpResponseMessage response = await client.PostAsync($"/api/runs/{runId}/cancel", content: null);
        RunDetails details = await RunApi.WaitForEndAsync(client, runId);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(RunStatus.Cancelled, details.Summary.Status);
        Assert.Equal([1, 2], details.Rounds.Select(r => r.Round));
        Assert.Equal(2, details.Summary.CompletedRounds);
        Assert.NotNull(details.Summary.FinishedAt);
    }

    [Fact]
    public async Task CancelQueued_RemovesRunAndMovesNextForward()
    {
        using var folder = new TestDataFolder();
        var gate = new RoundGate();
        await using var factory = new FedWorkbenchFactory(folder.Path, gate);
        using HttpClient client = factory.CreateClient();
        Guid running = await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 3, name: "running"));
        await RunApi.WaitUntilAsync(client, running, d => d.Summary.Status == RunStatus.Running, "running");
        Guid first = await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 3, name: "first"));
        Guid second = await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 3, name: "second"));
        Assert.Equal(1, (await RunApi.GetAsync(client, first)).Summary.QueuePosition);
        Assert.Equal(2, (await RunApi.GetAsync(client, second)).Summary.QueuePosition);

        using HttpResponseMessage response = await client.PostAsync($"/api/runs/{first}/cancel", content: null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        RunDetails cancelled = await RunApi.GetAsync(client, first);
        Assert.Equal(RunStatus.Cancelled, cancelled.Summary.Status);
        Assert.Null(cancelled.Summary.QueuePosition);
        Assert.Null(cancelled.Summary.StartedAt);
        Assert.Equal(1, (await RunApi.GetAsync(client, second)).Summary.QueuePosition);

        // The cancelled run must never start: the next run after the running one is the second.
        gate.Release(6);
        Assert.Equal(RunStatus.Completed, (await RunApi.WaitForEndAsync(client, running)).Summary.Status);
        Assert.Equal(RunStatus.Completed, (await RunApi.WaitForEndAsync(client, second)).Summary.Status);
        Assert.Equal(RunStatus.Cancelled, (await RunApi.GetAsync(client, first)).Summary.Status);
    }

    [Fact]
    public async Task ConcurrentCancelsOfQueuedRun_AllReturn202()
    {
        // Arrange: a gated run keeps the worker busy, so the second run stays queued.
        using var folder = new TestDataFolder();
        var gate = new RoundGate();
        await using var factory = new FedWorkbenchFactory(folder.Path, gate);
        using HttpClient client = factory.CreateClient();
        Guid running = await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 2, name: "running"));
        await RunApi.WaitUntilAsync(client, running, d => d.Summary.Status == RunStatus.Running, "running");
        Guid queued = await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 2, name: "queued"));

        // Act
        HttpResponseMessage[] responses = await Task.WhenAll(
            Enumerable.Range(0, 8).Select(_ => client.PostAsync($"/api/runs/{queued}/cancel", content: null)));
        using HttpResponseMessage again = await client.PostAsync($"/api/runs/{queued}/cancel", content: null);

        // Assert
        foreach (HttpResponseMessage response in responses.Append(again))
        {
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"Cancel returned {(int)response.StatusCode}: {body}");
            RunSummary? summary = JsonSerializer.Deserialize<RunSummary>(body, RunApi.JsonOptions);
            Assert.Equal(RunStatus.Cancelled, summary?.Status);
            response.Dispose();
        }

        Assert.Equal(RunStatus.Cancelled, (await RunApi.GetAsync(client, queued)).Summary.Status);
        gate.Release(2);
        Assert.Equal(RunStatus.Completed, (await RunApi.WaitForEndAsync(client, running)).Summary.Status);
    }

    [Fact]
    public async Task FullQueue_Returns503AndStoresNothing()
    {
        using var folder = new TestDataFolder();
        var gate = new RoundGate();
        var settings = new Dictionary<string, string> { ["Runs:QueueCapacity"] = "1" };
        await using var factory = new FedWorkbenchFactory(folder.Path, gate, settings);
        using HttpClient client = factory.CreateClient();
        Guid running = await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 2));
        await RunApi.WaitUntilAsync(client, running, d => d.Summary.Status == RunStatus.Running, "running");
        await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 2));

        using HttpResponseMessage response = await RunApi.PostExperimentAsync(client, RunApi.SyntheticExperiment(rounds: 2));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        ProblemDetails? problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal("The run queue is full (1 runs waiting); try again when a run finishes.", problem?.Detail);
        IReadOnlyList<RunSummary>? list = await client.GetFromJsonAsync<IReadOnlyList<RunSummary>>("/api/runs", RunApi.JsonOptions);
        Assert.Equal(2, list!.Count);
        gate.Release(4);
    }

    [Fact]
    public async Task CancelEndedOrUnknownRun_Rejected()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();
        Guid runId = await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 1));
        await RunApi.WaitForEndAsync(client, runId);

        using HttpResponseMessage ended = await client.PostAsync($"/api/runs/{runId}/cancel", content: null);
        using HttpResponseMessage unknown = await client.PostAsync($"/api/runs/{Guid.NewGuid()}/cancel", content: null);
        using HttpResponseMessage unknownGet = await client.GetAsync($"/api/runs/{Guid.NewGuid()}");
        using HttpResponseMessage unknownPath = await client.GetAsync("/api/no-such-endpoint");

        Assert.Equal(HttpStatusCode.Conflict, ended.StatusCode);
        ProblemDetails? endedProblem = await ended.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal($"Run {runId} is completed, so it cannot be cancelled. Only queued or running runs can be cancelled.", endedProblem?.Detail);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownGet.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownPath.StatusCode);
        Assert.Equal("application/problem+json", unknownPath.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("DELETE", "/api/runs", "GET, POST")]
    [InlineData("PUT", "/api/runs/{id}", "GET")]
    [InlineData("HEAD", "/api/runs/{id}", "GET")]
    [InlineData("GET", "/api/runs/{id}/cancel", "POST")]
    [InlineData("PATCH", "/api/experiments/defaults", "GET")]
    public async Task WrongMethod_Returns405WithAllow(string method, string path, string allow)
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", Guid.NewGuid().ToString(), StringComparison.Ordinal));

        using HttpResponseMessage response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
        if (method != "HEAD")
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            ProblemDetails? problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
            Assert.Equal(405, problem?.Status);
        }
    }

    [Fact]
    public async Task Defaults_ReturnDefaultExperimentFile()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();

        string json = await client.GetStringAsync("/api/experiments/defaults");

        ExperimentConfig config = ExperimentJson.Deserialize(json);
        Assert.Equal(ExperimentJson.Serialize(new ExperimentConfig()), ExperimentJson.Serialize(config));
        using JsonDocument document = JsonDocument.Parse(json);
        Assert.Equal("fashion-mnist", document.RootElement.GetProperty("dataset").GetString());
    }
}
