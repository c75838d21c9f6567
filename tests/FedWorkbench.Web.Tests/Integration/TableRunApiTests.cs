using System.Net;
using System.Text.Json;
using FedWorkbench.Data;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FedWorkbench.Web.Tests.Integration;

public sealed class TableRunApiTests
{
    [Fact]
    public async Task Launch_TableNotStored()
    {
        // Arrange: a well-formed table whose file was never uploaded.
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();
        string id = new('a', 64);
        string experiment = $$"""
            {
              "dataset": "table",
              "table": { "id": "{{id}}", "fileName": "sites.csv", "labelColumn": "class" },
              "model": "softmax",
              "clients": 3,
              "rounds": 1
            }
            """;

        // Act
        using HttpResponseMessage response = await RunApi.PostExperimentAsync(client, experiment);

        // Assert
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using JsonDocument problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(
            "The file sites.csv is not stored on this instance, perhaps because newer uploads needed its room. Upload it again.",
            problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Launch_NaturalClientsDiffer()
    {
        // Arrange: a stored file of three sites, and a natural partition with four clients.
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();
        string experiment = SitesExperiment(await UploadSitesAsync(client), clients: 4);

        // Act
        using HttpResponseMessage response = await RunApi.PostExperimentAsync(client, experiment);

        // Assert
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using JsonDocument problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(
            "Column 'site' of sites.csv names 3 owners, so the natural partition needs 3 clients, one per owner, not 4; set the number of clients to 3.",
            problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Launch_MarksFileUsedAndRejectsRemovedFile()
    {
        // Arrange
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();
        string id = await UploadSitesAsync(client);
        IDbContextFactory<FedWorkbenchDbContext> contexts = factory.Services.GetRequiredService<IDbContextFactory<FedWorkbenchDbContext>>();
        DateTimeOffset uploaded = await LastUsedAsync(contexts, id);

        // Act: the first launch uses the file; the second comes after the file left the store but not the cache.
        using HttpResponseMessage first = await RunApi.PostExperimentAsync(client, SitesExperiment(id, clients: 3));
        DateTimeOffset launched = await LastUsedAsync(contexts, id);
        await using (FedWorkbenchDbContext context = await contexts.CreateDbContextAsync())
        {
            await context.DataTables.Where(t => t.Id == id).ExecuteDeleteAsync();
        }

        using HttpResponseMessage second = await RunApi.PostExperimentAsync(client, SitesExperiment(id, clients: 3));

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.True(launched > uploaded, $"The launch left the file's last use at {launched:O}, its upload time {uploaded:O}.");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        using JsonDocument problem = JsonDocument.Parse(await second.Content.ReadAsStringAsync());
        Assert.Equal(
            "The file sites.csv is not stored on this instance, perhaps because newer uploads needed its room. Upload it again.",
            problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Launch_BaselinesQuery()
    {
        // Arrange
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();

        // Act
        using var body = new StringContent(RunApi.SyntheticExperiment(rounds: 1), System.Text.Encoding.UTF8, "application/json");
        using HttpResponseMessage launched = await client.PostAsync("/api/runs?baselines=engine", body);
        using var badBody = new StringContent(RunApi.SyntheticExperiment(rounds: 1), System.Text.Encoding.UTF8, "application/json");
        using HttpResponseMessage rejected = await client.PostAsync("/api/runs?baselines=engine,forest", badBody);

        // Assert: the run lists the one baseline it asked for, and an unknown name launches nothing.
        Assert.Equal(HttpStatusCode.Accepted, launched.StatusCode);
        using JsonDocument summary = JsonDocument.Parse(await launched.Content.ReadAsStringAsync());
        string runId = summary.RootElement.GetProperty("id").GetString()!;
        using JsonDocument baselines = JsonDocument.Parse(await client.GetStringAsync($"/api/runs/{runId}/baselines"));
        Assert.Equal(["engine"], baselines.RootElement.EnumerateArray().Select(b => b.GetProperty("kind").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Contains("baselines='engine,forest' is invalid", await rejected.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Launch_TableFieldErrorsCamelCase()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();
        string experiment = $$"""
            { "dataset": "table", "table": { "id": "{{new string('c', 64)}}", "labelColumn": "class", "testFraction": 0.9 }, "rounds": 1 }
            """;

        using HttpResponseMessage response = await RunApi.PostExperimentAsync(client, experiment);

        // The keys are the file's property names, segment by segment, as for top-level settings.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using JsonDocument problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("table.testFraction", out _), problem.RootElement.ToString());
    }

    [Fact]
    public async Task TableRun_ModelTakesRawColumns()
    {
        // Arrange: a stored file of three sites with a number and a category.
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();
        var csv = new System.Text.StringBuilder("site,x,color,class\n");
        for (int row = 0; row < 60; row++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{(row % 3 == 0 ? "north" : row % 3 == 1 ? "south" : "east")},{row % 7},{(row % 4 == 0 ? "red" : "blue")},{(row % 2 == 0 ? "a" : "b")}\n");
        }

        using var upload = new StringContent(csv.ToString(), System.Text.Encoding.UTF8, "text/csv");
        using HttpResponseMessage stored = await client.PostAsync("/api/tables?fileName=sites.csv", upload);
        using JsonDocument table = JsonDocument.Parse(await stored.Content.ReadAsStringAsync());
        string id = table.RootElement.GetProperty("id").GetString()!;
        Guid runId = await RunApi.LaunchAsync(client, $$"""
            {
              "dataset": "table",
              "table": { "id": "{{id}}", "fileName": "sites.csv", "labelColumn": "class", "ownerColumn": "site" },
              "partition": "natural", "clients": 3, "clientFraction": 1, "model": "softmax", "rounds": 2
            }
            """);
        await RunApi.WaitForEndAsync(client, runId);

        // Act
        byte[] onnx = await client.GetByteArrayAsync($"/api/runs/{runId}/model.onnx");

        // Assert: x is one standardized number and color two indicators, in feature order.
        using var session = new InferenceSession(onnx);
        using JsonDocument recipes = JsonDocument.Parse(session.ModelMetadata.CustomMetadataMap["featurization"]);
        Assert.Equal(
            ["x:numeric", "color:category:blue", "color:category:red"],
            recipes.RootElement.EnumerateArray().Select(r =>
                $"{r.GetProperty("column").GetString()}:{r.GetProperty("kind").GetString()}" +
                (r.TryGetProperty("category", out JsonElement category) ? $":{category.GetString()}" : string.Empty)));

        // Assert: the file takes the raw columns, and scores rows with a missing number, a missing category and a
        // category not seen in training.
        Assert.Equal(["x", "color"], session.InputNames);
        Assert.Equal(TensorElementType.Float, session.InputMetadata["x"].ElementDataType);
        Assert.Equal(TensorElementType.String, session.InputMetadata["color"].ElementDataType);
        using OrtValue x = OrtValue.CreateTensorValueFromMemory([3f, float.NaN, 5f], [3, 1]);
        using OrtValue color = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, [3, 1]);
        string[] colors = ["red", "NA", "purple"];
        for (int row = 0; row < colors.Length; row++)
        {
            color.StringTensorSetElementAt(colors[row].AsSpan(), row);
        }

        using var runOptions = new Microsoft.ML.OnnxRuntime.RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(
            runOptions, new Dictionary<string, OrtValue> { ["x"] = x, ["color"] = color }, ["probabilities", "label"]);
        Assert.All(outputs[1].GetTensorDataAsSpan<long>().ToArray(), label => Assert.InRange(label, 0, 1));
        float[] probabilities = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        Assert.All(probabilities.Chunk(2), pair => Assert.Equal(1f, pair.Sum(), 1e-6f));

        // Assert: the recipes are stored with the model, so the export keeps these inputs after the file is evicted.
        StoredRunModel model = (await factory.Services.GetRequiredService<RunModelStore>().LoadAsync(runId, CancellationToken.None))!;
        Assert.Equal(
            recipes.RootElement.EnumerateArray().Select(r => r.GetProperty("column").GetString()),
            model.FeatureRecipes!.Select(r => r.Column));
        Assert.Equal(["blue", "red"], model.FeatureRecipes!.Where(r => r.Kind == FeatureRecipe.CategoryKind).Select(r => r.Category));
    }

    [Fact]
    public async Task Launch_TableWithoutFile()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage response = await RunApi.PostExperimentAsync(client, """{ "dataset": "table", "model": "softmax", "rounds": 1 }""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using JsonDocument problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("The table dataset needs a table: upload a CSV file and choose its label column.", problem.RootElement.GetProperty("detail").GetString());
    }

    /// <summary>Uploads sites.csv: 30 rows at three sites, with a number and a two-class label, and returns its id.</summary>
    private static async Task<string> UploadSitesAsync(HttpClient client)
    {
        var csv = new System.Text.StringBuilder("site,x,class\n");
        for (int row = 0; row < 30; row++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{(row % 3 == 0 ? "north" : row % 3 == 1 ? "south" : "east")},{row},{(row % 2 == 0 ? "a" : "b")}\n");
        }

        using var upload = new StringContent(csv.ToString(), System.Text.Encoding.UTF8, "text/csv");
        using HttpResponseMessage stored = await client.PostAsync("/api/tables?fileName=sites.csv", upload);
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        using JsonDocument table = JsonDocument.Parse(await stored.Content.ReadAsStringAsync());
        return table.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>A one-round natural-partition experiment on sites.csv with <paramref name="clients"/> clients.</summary>
    private static string SitesExperiment(string id, int clients) => $$"""
        {
          "dataset": "table",
          "table": { "id": "{{id}}", "fileName": "sites.csv", "labelColumn": "class", "ownerColumn": "site" },
          "partition": "natural",
          "model": "softmax",
          "clients": {{clients}},
          "clientFraction": 1,
          "rounds": 1
        }
        """;

    private static async Task<DateTimeOffset> LastUsedAsync(IDbContextFactory<FedWorkbenchDbContext> contexts, string id)
    {
        await using FedWorkbenchDbContext context = await contexts.CreateDbContextAsync();
        return await context.DataTables.Where(t => t.Id == id).Select(t => t.LastUsedAt).SingleAsync();
    }
}
