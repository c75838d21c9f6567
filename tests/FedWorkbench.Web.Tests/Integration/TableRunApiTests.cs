using System.Net;
using System.Text.Json;

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
            "The file sites.csv is not stored on this instance, perhaps because it was unused for too long. Upload it again.",
            problem.RootElement.GetProperty("detail").GetString());
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
}
