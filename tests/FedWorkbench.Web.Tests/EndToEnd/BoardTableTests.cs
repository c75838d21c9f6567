using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FedWorkbench.Web.Tests.EndToEnd;

/// <summary>A board whose data source is the sample CSV file, from the properties panel to a completed run.</summary>
[Collection(EndToEndCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class BoardTableTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    // Failure guard only: a small model on 5 hospitals for 2 rounds, on a shared two-core machine.
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    // Distinct values of the sample's hospital column.
    private const int Hospitals = 5;

    [Fact]
    public async Task HospitalTemplate_SimulatesPerHospital()
    {
        // Arrange: the template with 2 rounds instead of 20, set in the server's properties.
        (string code, Guid boardId) = await RoomBrowser.CreateRoomAsync(fixture, "Hospital discharges", "hospital-discharges");
        IPage page = await RoomBrowser.JoinRoomAsync(fixture, code, "Ada", boardId);
        ILocator server = RoomBrowser.BoardElements(page, "server").First;
        // The element's caption lies over its hit area, so the click goes to the element's group, caption included.
        await server.ClickAsync();
        ILocator rounds = RoomBrowser.TextInput(page, "property-rounds");
        await rounds.FillAsync("2");
        await rounds.PressAsync("Tab");
        await Assertions.Expect(server).ToContainTextAsync("2 rounds", EditWait());

        // Act
        await page.GetByTestId("simulate").ClickAsync();

        // Assert: the run completes with one client per hospital.
        Guid runId = await WaitForRunAsync(page);
        using JsonDocument run = await GetRunAsync(runId);
        JsonElement config = run.RootElement.GetProperty("config");
        Assert.Equal(Hospitals, config.GetProperty("clients").GetInt32());
        Assert.Equal("natural", config.GetProperty("partition").GetString());
        Assert.Equal("hospital", config.GetProperty("table").GetProperty("ownerColumn").GetString());
        Assert.Equal(2, config.GetProperty("rounds").GetInt32());

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SampleFileWithOwner_MakesClientGroupNatural()
    {
        // Arrange: a server with 2 rounds, one client group of 10 IID clients and a Fashion-MNIST data source.
        (string code, _) = await RoomBrowser.CreateRoomAsync(fixture, "CSV on a board", template: null);
        Guid boardId = await RoomBrowser.ImportBoardAsync(fixture, code, SmallBoard());
        IPage page = await RoomBrowser.JoinRoomAsync(fixture, code, "Ada", boardId);
        ILocator group = RoomBrowser.ElementNode(page, "g1");
        ILocator dataSource = RoomBrowser.ElementNode(page, "d1");
        await Assertions.Expect(group).ToContainTextAsync("10 clients · IID");

        // Act: select the data source, use the sample file, then pick the label and the owner columns.
        await dataSource.ClickAsync();
        ILocator tableSource = page.GetByTestId("room-table-source");
        await Assertions.Expect(tableSource).ToBeVisibleAsync();
        await tableSource.GetByTestId("table-sample-button").ClickAsync();
        await Assertions.Expect(tableSource.GetByTestId("table-file-summary")).ToHaveTextAsync("hospital-discharges.csv: 2,400 rows, 11 columns");
        await tableSource.GetByText("Column types and first rows").ClickAsync();
        await Assertions.Expect(tableSource.GetByRole(AriaRole.Rowheader, new() { Name = "discharge_outcome" })).ToBeVisibleAsync();
        await Assertions.Expect(tableSource.GetByTestId("table-preview").Locator("tbody tr")).ToHaveCountAsync(10);
        await tableSource.Locator("select[data-column=prior_admissions]").SelectOptionAsync("categorical");
        await Assertions.Expect(tableSource.Locator("select[data-column=prior_admissions]")).ToHaveValueAsync("categorical", EditWaitValue());
        await FormInput.SelectAsync(page, "BoardTableLabelColumn", "discharge_outcome");
        await FormInput.SelectAsync(page, "BoardTableOwnerColumn", "hospital");

        // Assert: the data source names the file and its owner, and the client group has one client per hospital.
        await Assertions.Expect(dataSource).ToContainTextAsync("hospital-discharges.csv · by hospital", EditWait());
        await Assertions.Expect(group).ToContainTextAsync($"{Hospitals} clients · natural", EditWait());
        await Assertions.Expect(page.Locator(".mud-snackbar", new PageLocatorOptions { HasText = "The client group 'Hospitals' now has 5 clients" }))
            .ToBeVisibleAsync();

        string screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "board-csv-data-source.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        output.WriteLine($"Screenshot saved to {screenshot}");

        // Act
        await page.GetByTestId("simulate").ClickAsync();

        // Assert: the run trains the sample's discharge outcome on 5 clients, all of them in every round.
        Guid runId = await WaitForRunAsync(page);
        using JsonDocument run = await GetRunAsync(runId);
        JsonElement config = run.RootElement.GetProperty("config");
        Assert.Equal("table", config.GetProperty("dataset").GetString());
        Assert.Equal("discharge_outcome", config.GetProperty("table").GetProperty("labelColumn").GetString());
        Assert.Equal(Hospitals, config.GetProperty("clients").GetInt32());
        Assert.Equal("natural", config.GetProperty("partition").GetString());
        Assert.Equal(1.0, config.GetProperty("clientFraction").GetDouble());
        Assert.Equal(2, config.GetProperty("rounds").GetInt32());
        Assert.Equal("categorical", config.GetProperty("table").GetProperty("columnTypes").GetProperty("prior_admissions").GetString());

        await page.Context.CloseAsync();
    }

    /// <summary>Returns a board file with a server, a model, one client group and a data source, connected.</summary>
    private static JsonNode SmallBoard() => JsonNode.Parse("""
        {
          "format": "fedworkbench-board",
          "formatVersion": 1,
          "name": "CSV on a board",
          "elements": [
            { "id": "s1", "type": "server", "props": { "x": 520, "y": 60, "text": "Server", "rounds": 2 } },
            { "id": "m1", "type": "model", "props": { "x": 520, "y": 260, "model": "softmax" } },
            { "id": "g1", "type": "client-group", "props": { "x": 80, "y": 60, "text": "Hospitals", "count": 10, "partition": "iid" } },
            { "id": "d1", "type": "data-source", "props": { "x": 80, "y": 260, "w": 340, "h": 100 } },
            { "id": "c1", "type": "connector", "props": { "from": "g1", "to": "s1" } },
            { "id": "c2", "type": "connector", "props": { "from": "d1", "to": "g1" } }
          ]
        }
        """)!;

    /// <summary>Waits until the run beside the board has completed and returns its id.</summary>
    private async Task<Guid> WaitForRunAsync(IPage page)
    {
        ILocator panel = await RoomBrowser.WaitForRunCompletedAsync(fixture, page, RunTimeout, output);
        string link = (await panel.GetByLabel("Open the full run page").GetAttributeAsync("href"))!;
        return Guid.Parse(link[(link.LastIndexOf('/') + 1)..]);
    }

    private async Task<JsonDocument> GetRunAsync(Guid runId)
    {
        using var http = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        return JsonDocument.Parse(await http.GetStringAsync($"api/runs/{runId}"));
    }

    private static LocatorAssertionsToContainTextOptions EditWait() => new() { Timeout = RoomBrowser.EditTimeoutMs };

    private static LocatorAssertionsToHaveValueOptions EditWaitValue() => new() { Timeout = RoomBrowser.EditTimeoutMs };
}
