using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FedWorkbench.Data.Evaluation;
using FedWorkbench.Data.Onnx;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Models;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML.OnnxRuntime;

namespace FedWorkbench.Web.Tests.Integration;

/// <summary>
/// One app with one completed synthetic run, shared by the tests of its results. Tests that need a run in another
/// state launch their own in the same app.
/// </summary>
public sealed class CompletedRunFixture : IAsyncLifetime
{
    private readonly TestDataFolder _folder = new();
    private FedWorkbenchFactory? _factory;

    internal FedWorkbenchFactory Factory => _factory ?? throw new InvalidOperationException("The fixture has not started.");

    public HttpClient Client { get; private set; } = null!;

    public RunDetails Run { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _factory = new FedWorkbenchFactory(_folder.Path);
        Client = _factory.CreateClient();
        Guid runId = await RunApi.LaunchAsync(Client, RunApi.SyntheticExperiment(rounds: 3, name: "Results test"));
        Run = await RunApi.WaitForEndAsync(Client, runId);
        Assert.Equal(RunStatus.Completed, Run.Summary.Status);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        _folder.Dispose();
    }
}

public sealed class RunResultApiTests(CompletedRunFixture fixture) : IClassFixture<CompletedRunFixture>
{
    [Fact]
    public async Task Evaluation_MatchesLastRound()
    {
        // Act
        using HttpResponseMessage response = await fixture.Client.GetAsync($"/api/runs/{fixture.Run.Summary.Id}/evaluation");

        // Assert
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET evaluation returned {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        EvaluationReport report = EvaluationReport.FromJson(body);

        // The report ranks the logits as the engine's evaluation does, so its accuracy equals the last round's exactly.
        Assert.Equal(fixture.Run.Rounds[^1].TestAccuracy, report.Accuracy);
        Assert.Equal(SyntheticDataset.TestCount, report.SampleCount);
        Assert.Equal(SyntheticDataset.TestCount, report.ConfusionMatrix.Sum(row => row.Sum()));
        Assert.Equal(SyntheticDataset.ClassNames, report.ClassNames);
        Assert.Equal(SyntheticDataset.ClassCount, report.ConfusionMatrix.Count);
        Assert.All(report.ConfusionMatrix, row => Assert.Equal(SyntheticDataset.ClassCount, row.Count));
    }

    [Fact]
    public async Task ModelOnnx_PredictsLikeEngine()
    {
        // Arrange
        Guid runId = fixture.Run.Summary.Id;
        StoredRunModel? stored = await fixture.Factory.Services.GetRequiredService<RunModelStore>().LoadAsync(runId, CancellationToken.None);
        Assert.NotNull(stored);
        DataSplit test = fixture.Factory.Services.GetRequiredService<DatasetCatalog>().Get(fixture.Run.Config).Test;
        Assert.Equal(SyntheticDataset.TestCount, test.Count);

        // Act
        using HttpResponseMessage response = await fixture.Client.GetAsync($"/api/runs/{runId}/model.onnx");

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("results-test.onnx", response.Content.Headers.ContentDisposition?.FileName);
        byte[] onnx = await response.Content.ReadAsByteArrayAsync();

        using var session = new InferenceSession(onnx);
        Assert.Equal("[\"Class 0\",\"Class 1\",\"Class 2\",\"Class 3\",\"Class 4\",\"Class 5\",\"Class 6\",\"Class 7\",\"Class 8\",\"Class 9\"]",
            session.ModelMetadata.CustomMetadataMap[OnnxModelWriter.ClassNamesKey]);
        float[] features = test.Features.ToArray();
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(features, [test.Count, test.FeatureCount]);
        using var runOptions = new Microsoft.ML.OnnxRuntime.RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(
            runOptions,
            new Dictionary<string, OrtValue> { [OnnxModelWriter.FeaturesInputName] = input },
            [OnnxModelWriter.LabelOutputName]);
        long[] onnxLabels = outputs[0].GetTensorDataAsSpan<long>().ToArray();
        int[] engineLabels = ModelScorer.Predict(stored.Model, test);
        Assert.Equal(engineLabels.Select(label => (long)label), onnxLabels);
    }

    [Fact]
    public async Task MetricsJson_ListsEveryRound()
    {
        // Act
        using HttpResponseMessage response = await fixture.Client.GetAsync($"/api/runs/{fixture.Run.Summary.Id}/metrics.json");

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        string body = await response.Content.ReadAsStringAsync();
        Assert.Equal(FedWorkbench.Web.Ui.RoundMetricsJson.Write(fixture.Run.Rounds), body);

        using JsonDocument document = JsonDocument.Parse(body);
        JsonElement[] rounds = [.. document.RootElement.EnumerateArray()];
        Assert.Equal([1, 2, 3], rounds.Select(round => round.GetProperty("round").GetInt32()));
        Assert.All(rounds, round => Assert.Equal(JsonValueKind.Number, round.GetProperty("testAccuracy").ValueKind));
        Assert.All(rounds, round => Assert.Equal(JsonValueKind.Null, round.GetProperty("epsilon").ValueKind));
        Assert.All(rounds, round => Assert.Equal(JsonValueKind.False, round.GetProperty("epsilonUnbounded").ValueKind));

        RoundMetrics[]? parsed = JsonSerializer.Deserialize<RoundMetrics[]>(body, RunApi.JsonOptions);
        Assert.Equal(fixture.Run.Rounds, parsed);
    }

    [Theory]
    [InlineData("evaluation")]
    [InlineData("model.onnx")]
    [InlineData("metrics.json")]
    public async Task UnknownRun_Returns404Problem(string result)
    {
        var runId = Guid.NewGuid();

        using HttpResponseMessage response = await fixture.Client.GetAsync($"/api/runs/{runId}/{result}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        ProblemDetails problem = await ReadProblemAsync(response);
        Assert.Equal("The run was not found.", problem.Title);
        Assert.Contains(runId.ToString(), problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("evaluation")]
    [InlineData("model.onnx")]
    [InlineData("metrics.json")]
    public async Task OtherMethod_Returns405(string result)
    {
        using HttpResponseMessage response = await fixture.Client.PostAsync($"/api/runs/{fixture.Run.Summary.Id}/{result}", content: null);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET"], response.Content.Headers.Allow);
    }

    [Theory]
    [InlineData("evaluation", "The run has no evaluation report.")]
    [InlineData("model.onnx", "The run has no final model.")]
    public async Task CompletedRunWithoutModel_Returns404Problem(string result, string title)
    {
        // Arrange: a run completed by an older version has no stored model, as this one after its row is deleted.
        Guid runId = await RunApi.LaunchAsync(fixture.Client, RunApi.SyntheticExperiment(rounds: 1, name: "Older run"));
        Assert.Equal(RunStatus.Completed, (await RunApi.WaitForEndAsync(fixture.Client, runId)).Summary.Status);
        var contexts = fixture.Factory.Services.GetRequiredService<IDbContextFactory<FedWorkbenchDbContext>>();
        await using (FedWorkbenchDbContext context = await contexts.CreateDbContextAsync())
        {
            Assert.Equal(1, await context.RunModels.Where(m => m.RunId == runId).ExecuteDeleteAsync());
        }

        // Act
        using HttpResponseMessage response = await fixture.Client.GetAsync($"/api/runs/{runId}/{result}");

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        ProblemDetails problem = await ReadProblemAsync(response);
        Assert.Equal(title, problem.Title);
        Assert.Contains("finished before final models and evaluation reports were stored", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonFiniteModel_Returns409Problems()
    {
        // Arrange: a stored model with a NaN weight can neither be evaluated nor exported.
        Guid runId = await RunApi.LaunchAsync(fixture.Client, RunApi.SyntheticExperiment(rounds: 1, name: "NaN model"));
        RunDetails details = await RunApi.WaitForEndAsync(fixture.Client, runId);
        RunModelStore store = fixture.Factory.Services.GetRequiredService<RunModelStore>();
        StoredRunModel? stored = await store.LoadAsync(runId, CancellationToken.None);
        Assert.NotNull(stored);
        float[] parameters = [.. stored.Model.Parameters];
        parameters[7] = float.NaN;
        await store.StoreAsync(runId, details.Config, new TrainedModel(stored.Model.Layout, parameters, stored.Model.ClassNames), CancellationToken.None);

        // Act
        using HttpResponseMessage onnxResponse = await fixture.Client.GetAsync($"/api/runs/{runId}/model.onnx");
        using HttpResponseMessage evaluationResponse = await fixture.Client.GetAsync($"/api/runs/{runId}/evaluation");

        // Assert
        Assert.Equal(HttpStatusCode.Conflict, onnxResponse.StatusCode);
        ProblemDetails onnxProblem = await ReadProblemAsync(onnxResponse);
        Assert.Equal("The model cannot be exported as ONNX.", onnxProblem.Title);
        Assert.Contains("parameter 7", onnxProblem.Detail, StringComparison.Ordinal);
        Assert.Contains("NaN", onnxProblem.Detail, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Conflict, evaluationResponse.StatusCode);
        ProblemDetails evaluationProblem = await ReadProblemAsync(evaluationResponse);
        Assert.Equal("The run has no evaluation report.", evaluationProblem.Title);
        Assert.Contains("could not be evaluated", evaluationProblem.Detail, StringComparison.Ordinal);
    }

    private static async Task<ProblemDetails> ReadProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        string body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        ProblemDetails? problem = JsonSerializer.Deserialize<ProblemDetails>(body, RunApi.JsonOptions);
        Assert.NotNull(problem);
        return problem;
    }
}

/// <summary>A run that has not completed yet has no final model, and the problem detail states when it will have one.</summary>
public sealed class RunningRunResultTests
{
    [Theory]
    [InlineData("evaluation", "The run has no evaluation report.")]
    [InlineData("model.onnx", "The run has no final model.")]
    public async Task RunningRun_Returns404UntilCompleted(string result, string title)
    {
        // Arrange: the gate keeps round 1 back, so the run stays running.
        using var folder = new TestDataFolder();
        var gate = new RoundGate();
        await using var factory = new FedWorkbenchFactory(folder.Path, gate);
        using HttpClient client = factory.CreateClient();
        Guid runId = await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 1));
        await RunApi.WaitUntilAsync(client, runId, d => d.Summary.Status == RunStatus.Running, "running");

        // Act
        using HttpResponseMessage running = await client.GetAsync($"/api/runs/{runId}/{result}");
        gate.Release(1);
        await RunApi.WaitForEndAsync(client, runId);
        using HttpResponseMessage completed = await client.GetAsync($"/api/runs/{runId}/{result}");

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, running.StatusCode);
        ProblemDetails? problem = await running.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.NotNull(problem);
        Assert.Equal(title, problem.Title);
        Assert.Equal($"Run {runId} is running. Its final model and evaluation report are stored when it completes.", problem.Detail);
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
    }
}
