using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FedWorkbench.Web.Tests.EndToEnd;

/// <summary>Rooms for browser tests: created and imported through the API, then joined in a browser.</summary>
internal static class RoomBrowser
{
    /// <summary>
    /// Failure guard for an edit to reach the board or another browser: a shared two-core machine can take seconds
    /// to relay an edit, and Playwright's 5 s default was reached there once, by a palette click.
    /// </summary>
    public const float EditTimeoutMs = 30_000;

    /// <summary>Creates a room through the API, empty or from a template, and returns its code and first board.</summary>
    public static async Task<(string Code, Guid BoardId)> CreateRoomAsync(EndToEndFixture fixture, string name, string? template)
    {
        using var http = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        using HttpResponseMessage response = await http.PostAsJsonAsync("api/rooms", new { name, template });
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /api/rooms returned {(int)response.StatusCode}: {body}");
        using JsonDocument room = JsonDocument.Parse(body);
        return (room.RootElement.GetProperty("code").GetString()!, room.RootElement.GetProperty("boardId").GetGuid());
    }

    /// <summary>Returns the board as its export file.</summary>
    public static async Task<JsonNode> ExportBoardAsync(EndToEndFixture fixture, string code, Guid boardId)
    {
        using var http = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        return JsonNode.Parse(await http.GetStringAsync($"api/rooms/{code}/boards/{boardId}"))!;
    }

    /// <summary>Imports <paramref name="document"/> as a new board of the room and returns its id.</summary>
    public static async Task<Guid> ImportBoardAsync(EndToEndFixture fixture, string code, JsonNode document)
    {
        using var http = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        using HttpResponseMessage response = await http.PostAsJsonAsync($"api/rooms/{code}/boards", document);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Importing the board returned {(int)response.StatusCode}: {body}");
        using JsonDocument board = JsonDocument.Parse(body);
        return board.RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>Opens the room in a new browser context, enters the display name and waits for the board.</summary>
    public static async Task<IPage> JoinRoomAsync(EndToEndFixture fixture, string code, string displayName, Guid? boardId = null)
    {
        string path = boardId is Guid id ? $"rooms/{code}?board={id}" : $"rooms/{code}";
        IPage page = await fixture.OpenInteractivePageAsync(path);
        await TextInput(page, "display-name").FillAsync(displayName);
        await page.GetByTestId("join-room").ClickAsync();

        // The palette is enabled once the board module has mounted. Edits made before it joins wait as pending.
        await Assertions.Expect(page.GetByTestId("palette-note")).ToBeEnabledAsync(
            new LocatorAssertionsToBeEnabledOptions { Timeout = EditTimeoutMs });
        await Assertions.Expect(page.GetByTestId("board-host").Locator("svg").First).ToBeVisibleAsync(
            new LocatorAssertionsToBeVisibleOptions { Timeout = EditTimeoutMs });
        return page;
    }

    /// <summary>
    /// Waits until the run beside the board shows Completed and returns its panel. On a timeout writes the room's text
    /// and the app's recent output to <paramref name="output"/>, then rethrows.
    /// </summary>
    public static async Task<ILocator> WaitForRunCompletedAsync(EndToEndFixture fixture, IPage page, TimeSpan failureTimeout, ITestOutputHelper output)
    {
        ILocator panel = page.GetByTestId("room-run-panel");
        try
        {
            await Assertions.Expect(panel).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = EditTimeoutMs });
            await Assertions.Expect(panel.Locator(".run-status-chip")).ToHaveAttributeAsync("data-status", "Completed",
                new LocatorAssertionsToHaveAttributeOptions { Timeout = (float)failureTimeout.TotalMilliseconds });
        }
        catch (PlaywrightException)
        {
            output.WriteLine($"The room shows: {await page.GetByTestId("room-page").InnerTextAsync()}");
            output.WriteLine($"App output:{Environment.NewLine}{fixture.App.RecentOutput}");
            throw;
        }

        return panel;
    }

    /// <summary>
    /// Returns the SVG groups of the elements of one type. The board module draws one group per element, with the
    /// classes <c>fwb-el fwb-type-{type}</c> and the element's id in <c>data-id</c>.
    /// </summary>
    public static ILocator BoardElements(IPage page, string type) => page.GetByTestId("board-host").Locator($"g.fwb-el.fwb-type-{type}");

    /// <summary>Returns the input or text area of a MudBlazor text field, whichever element carries its <c>data-testid</c>.</summary>
    public static ILocator TextInput(IPage page, string testId) =>
        page.Locator($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea").First;

    /// <summary>Returns the SVG group of the element with <paramref name="elementId"/>.</summary>
    public static ILocator ElementNode(IPage page, string elementId) =>
        page.GetByTestId("board-host").Locator($"g.fwb-el[data-id=\"{elementId}\"]");
}
