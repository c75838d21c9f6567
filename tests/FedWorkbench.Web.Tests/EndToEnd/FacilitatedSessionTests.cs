using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace FedWorkbench.Web.Tests.EndToEnd;

/// <summary>A facilitator and a participant, each in their own browser context, in one facilitated session.</summary>
[Collection(EndToEndCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed partial class FacilitatedSessionTests(EndToEndFixture fixture)
{
    // Failure guards only: a shared two-core machine can take seconds to relay a change to the other browser.
    private const float EditTimeoutMs = 30_000;

    private const string PhaseTitle = "Design";
    private const int PhaseMinutes = 10;
    private const int VotesPerPerson = 3;

    [Fact]
    public async Task ParticipantSeesCountdownAndVote()
    {
        // Arrange: the facilitator opens the facilitator link of a new room and adds a note.
        (string code, string facilitatorPath) = await CreateRoomAsync();
        IPage fiona = await JoinRoomAsync(facilitatorPath, "Fiona");
        await Assertions.Expect(fiona.GetByTestId("facilitate-toggle")).ToBeVisibleAsync(VisibleWait());
        Assert.DoesNotContain("facilitate=", fiona.Url, StringComparison.Ordinal);

        await fiona.GetByTestId("palette-note").ClickAsync();
        ILocator fionaNote = BoardElements(fiona, "note");
        await Assertions.Expect(fionaNote).ToHaveCountAsync(1, CountWait());
        string noteId = (await fionaNote.GetAttributeAsync("data-id"))!;

        // Act: an agenda of one phase, its countdown, and a vote. Opening the panel moves the focus into it.
        await fiona.GetByTestId("facilitate-toggle").ClickAsync();
        await Assertions.Expect(fiona.Locator("[data-testid=facilitate-panel] :focus")).ToHaveCountAsync(1, CountWait());
        await fiona.GetByTestId("agenda-add").ClickAsync();
        await TextInput(fiona, "agenda-title").FillAsync(PhaseTitle);
        await TextInput(fiona, "agenda-minutes").FillAsync(PhaseMinutes.ToString(CultureInfo.InvariantCulture));
        await fiona.GetByTestId("agenda-save").ClickAsync();
        await Assertions.Expect(fiona.GetByTestId("agenda-start").First).ToBeEnabledAsync(EnabledWait());
        await fiona.GetByTestId("agenda-start").First.ClickAsync();
        await fiona.GetByTestId("vote-start").ClickAsync();
        await Assertions.Expect(fiona.GetByTestId("vote-end")).ToBeVisibleAsync(VisibleWait());

        // Escape closes the panel and gives the focus back to the button that opened it.
        await fiona.Keyboard.PressAsync("Escape");
        await Assertions.Expect(fiona.GetByTestId("facilitate-toggle")).ToBeFocusedAsync(FocusWait());

        IPage ben = await JoinRoomAsync($"rooms/{code}", "Ben");

        // Assert: Ben sees the phase's countdown, and it counts down.
        ILocator chip = ben.GetByTestId("countdown-chip");
        await Assertions.Expect(chip).ToContainTextAsync(PhaseTitle, ContainWait());
        await Assertions.Expect(ben.GetByTestId("room-agenda")).ToContainTextAsync($"1. {PhaseTitle} · {PhaseMinutes} min", ContainWait());
        string firstText = await chip.InnerTextAsync();
        int firstSeconds = ParseSeconds(firstText);
        Assert.True(firstSeconds <= PhaseMinutes * 60, $"The countdown \"{firstText}\" should start at {PhaseMinutes} minutes or less.");
        await Assertions.Expect(chip).Not.ToHaveTextAsync(firstText, TextWait());
        string laterText = await chip.InnerTextAsync();
        Assert.True(ParseSeconds(laterText) < firstSeconds, $"The countdown went from \"{firstText}\" to \"{laterText}\", which is not lower.");

        // Ben votes once on the note from the keyboard, and sees one vote fewer and his dot.
        ILocator votesLeft = ben.GetByTestId("votes-left");
        await Assertions.Expect(votesLeft).ToHaveTextAsync($"Voting: {VotesPerPerson} votes left.", TextWait());
        ILocator voteButton = ben.GetByTestId("board-host").Locator($"g.fwb-vote-button[data-vote=\"{noteId}\"]");
        await Assertions.Expect(voteButton).ToHaveAttributeAsync("aria-label", "Vote for note: (no text)", AttributeWait());
        await voteButton.FocusAsync();
        await ben.Keyboard.PressAsync("Enter");
        await Assertions.Expect(votesLeft).ToHaveTextAsync($"Voting: {VotesPerPerson - 1} votes left.", TextWait());
        await Assertions.Expect(ben.GetByTestId("board-host").Locator($"g.fwb-own-votes[data-votes-for=\"{noteId}\"]"))
            .ToHaveAttributeAsync("data-votes", "1", AttributeWait());

        // The facilitator ends the vote, and Ben sees the results in the list and on the board.
        await fiona.GetByTestId("facilitate-toggle").ClickAsync();
        await fiona.GetByTestId("vote-end").ClickAsync();
        await Assertions.Expect(ben.GetByTestId("vote-results")).ToContainTextAsync("1 person voted", ContainWait());
        await Assertions.Expect(ben.GetByTestId("vote-result")).ToHaveCountAsync(1, CountWait());
        await Assertions.Expect(ben.GetByTestId("vote-result")).ToContainTextAsync("1 vote", ContainWait());
        await Assertions.Expect(ben.GetByTestId("board-host").Locator($"g.fwb-vote-totals[data-votes-for=\"{noteId}\"]"))
            .ToHaveAttributeAsync("data-votes", "1", AttributeWait());
        await Assertions.Expect(ben.GetByTestId("vote-banner")).ToHaveCountAsync(0, CountWait());

        // The facilitator's Markdown summary names the phase.
        IDownload download = await fiona.RunAndWaitForDownloadAsync(() => fiona.GetByTestId("summary-markdown").ClickAsync());
        string summary = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Contains(PhaseTitle, summary, StringComparison.Ordinal);

        await fiona.Context.CloseAsync();
        await ben.Context.CloseAsync();
    }

    [Fact]
    public async Task LockedElement_StaysForParticipant()
    {
        // Arrange: the facilitator adds a note and locks it.
        (string code, string facilitatorPath) = await CreateRoomAsync();
        IPage fiona = await JoinRoomAsync(facilitatorPath, "Fiona");
        await fiona.GetByTestId("palette-note").ClickAsync();
        ILocator fionaNote = BoardElements(fiona, "note");
        await Assertions.Expect(fionaNote).ToHaveCountAsync(1, CountWait());
        string noteId = (await fionaNote.GetAttributeAsync("data-id"))!;

        // The new note is selected, which "Lock selected" applies to.
        await fiona.GetByTestId("facilitate-toggle").ClickAsync();
        await Assertions.Expect(fiona.GetByTestId("lock-selection")).ToBeEnabledAsync(EnabledWait());
        await fiona.GetByTestId("lock-selection").ClickAsync();
        await ClosePanelAsync(fiona);

        IPage ben = await JoinRoomAsync($"rooms/{code}", "Ben");
        ILocator benNote = ElementNode(ben, noteId);
        await Assertions.Expect(benNote).ToHaveCountAsync(1, CountWait());
        await Assertions.Expect(ben.GetByTestId("board-host").Locator($"g.fwb-lock-badge[data-lock=\"{noteId}\"]"))
            .ToHaveCountAsync(1, CountWait());
        string before = (await benNote.GetAttributeAsync("transform"))!;

        // Act: Ben tries to drag the locked note.
        await DragAsync(ben, noteId, 160, 100);

        // Assert: the note stays, and a message names the lock. The note has no text, so it is "this note".
        await Assertions.Expect(ben.GetByText("The facilitator locked this note").First).ToBeVisibleAsync(VisibleWait());
        Assert.Equal(before, await benNote.GetAttributeAsync("transform"));
        Assert.Equal(before, await ElementNode(fiona, noteId).GetAttributeAsync("transform"));

        await fiona.Context.CloseAsync();
        await ben.Context.CloseAsync();
    }

    /// <summary>Creates a room through the API and returns its code and the facilitator link's app-relative path.</summary>
    private async Task<(string Code, string FacilitatorPath)> CreateRoomAsync()
    {
        using var http = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        using HttpResponseMessage response = await http.PostAsJsonAsync("api/rooms", new { name = "Facilitated room" });
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /api/rooms returned {(int)response.StatusCode}: {body}");
        using JsonDocument room = JsonDocument.Parse(body);
        string facilitatorUrl = room.RootElement.GetProperty("facilitatorUrl").GetString()!;
        Assert.Contains("#facilitate=", facilitatorUrl, StringComparison.Ordinal);
        return (room.RootElement.GetProperty("code").GetString()!, facilitatorUrl.TrimStart('/'));
    }

    /// <summary>Opens a room path in a new browser context, enters the display name and waits for the board.</summary>
    private async Task<IPage> JoinRoomAsync(string path, string displayName)
    {
        IPage page = await fixture.OpenInteractivePageAsync(path);
        await TextInput(page, "display-name").FillAsync(displayName);
        await page.GetByTestId("join-room").ClickAsync();
        await Assertions.Expect(page.GetByTestId("palette-note")).ToBeEnabledAsync(EnabledWait());
        await Assertions.Expect(page.GetByTestId("board-host").Locator("svg").First).ToBeVisibleAsync(VisibleWait());
        return page;
    }

    private static Task ClosePanelAsync(IPage page) =>
        page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Close the Facilitate panel" }).ClickAsync();

    /// <summary>Drags the element by its visible shape, by (dx, dy) CSS pixels, in small pointer steps.</summary>
    private static async Task DragAsync(IPage page, string elementId, float dx, float dy)
    {
        LocatorBoundingBoxResult box = (await ElementNode(page, elementId).Locator(".fwb-hit").First.BoundingBoxAsync())!;
        float startX = box.X + (box.Width / 2);
        float startY = box.Y + (box.Height / 2);
        await page.Mouse.MoveAsync(startX, startY);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(startX + dx, startY + dy, new MouseMoveOptions { Steps = 10 });
        await page.Mouse.UpAsync();
    }

    /// <summary>Reads the seconds left from a chip text such as "Design · 09:58".</summary>
    private static int ParseSeconds(string chipText)
    {
        Match match = CountdownPattern().Match(chipText);
        Assert.True(match.Success, $"The countdown chip shows \"{chipText}\", which has no mm:ss time.");
        return (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * 60) + int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
    }

    private static ILocator BoardElements(IPage page, string type) => page.GetByTestId("board-host").Locator($"g.fwb-el.fwb-type-{type}");

    private static ILocator ElementNode(IPage page, string elementId) =>
        page.GetByTestId("board-host").Locator($"g.fwb-el[data-id=\"{elementId}\"]");

    /// <summary>Returns the input of a MudBlazor field, whichever element carries its <c>data-testid</c>.</summary>
    private static ILocator TextInput(IPage page, string testId) =>
        page.Locator($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea").First;

    private static LocatorAssertionsToHaveCountOptions CountWait() => new() { Timeout = EditTimeoutMs };

    private static LocatorAssertionsToHaveTextOptions TextWait() => new() { Timeout = EditTimeoutMs };

    private static LocatorAssertionsToContainTextOptions ContainWait() => new() { Timeout = EditTimeoutMs };

    private static LocatorAssertionsToHaveAttributeOptions AttributeWait() => new() { Timeout = EditTimeoutMs };

    private static LocatorAssertionsToBeVisibleOptions VisibleWait() => new() { Timeout = EditTimeoutMs };

    private static LocatorAssertionsToBeEnabledOptions EnabledWait() => new() { Timeout = EditTimeoutMs };

    private static LocatorAssertionsToBeFocusedOptions FocusWait() => new() { Timeout = EditTimeoutMs };

    [GeneratedRegex(@"(\d{2}):(\d{2})")]
    private static partial Regex CountdownPattern();
}
