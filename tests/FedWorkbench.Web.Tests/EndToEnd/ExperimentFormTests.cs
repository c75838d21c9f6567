using System.Net.Http.Json;
using System.Text.Json;
using FedWorkbench.Simulation.Configuration;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FedWorkbench.Web.Tests.EndToEnd;

/// <summary>The experiment page in a real browser: validation, help texts, keyboard focus, import and export, and launch.</summary>
[Collection(EndToEndCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class ExperimentFormTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task InvalidClientFraction_ShowsMessageNextToField()
    {
        // Arrange
        IPage page = await fixture.OpenInteractivePageAsync("experiments/new");
        ILocator input = page.GetByLabel("Client fraction C");

        // Act
        await input.FillAsync("1.5");
        await input.PressAsync("Tab");

        // Assert: the validator's message is the field's own helper text, not only a summary elsewhere.
        const string expected = "Client fraction 1.5 is outside (0, 1]";
        await Assertions.Expect(ErrorTextOf(page, input)).ToContainTextAsync(expected);
        await Assertions.Expect(input).ToHaveAttributeAsync("aria-invalid", "true");
        string? describedBy = await input.GetAttributeAsync("aria-describedby");
        Assert.False(string.IsNullOrEmpty(describedBy), "The invalid input should name its message in aria-describedby.");
        await Assertions.Expect(page.Locator($"[id='{describedBy}']")).ToContainTextAsync(expected);
        await Assertions.Expect(page.GetByText("Fix 1 setting before launching.")).ToBeVisibleAsync();

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task UnparsableHiddenLayers_ShowsParseError()
    {
        // Arrange
        IPage page = await fixture.OpenInteractivePageAsync("experiments/new");

        ILocator input = page.GetByLabel("Hidden layers");

        // Act
        await input.FillAsync("200, abc");
        await input.PressAsync("Tab");

        // Assert
        await Assertions.Expect(ErrorTextOf(page, input)).ToContainTextAsync("Hidden layers: 'abc' is not a number");

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task UnparsableNumbers_KeepTextAndBlockLaunch()
    {
        // Arrange: texts that do not parse as numbers of their fields, each with its expected message.
        (string Label, string Text, string Message)[] cases =
        [
            ("Seed", "2147483648", "Seed: '2147483648' is not a whole number from −2,147,483,648 to 2,147,483,647."),
            ("Clients K", "abc", "Clients K: 'abc' is not a whole number from 1 to 10,000."),
            ("Learning rate η", "NaN", "Learning rate η: 'NaN' is not a number; enter for example 0.05."),
            ("Client fraction C", "0,5", "Client fraction C: '0,5' is not a number; use a dot as the decimal separator, for example 0.5."),
            ("Batch size B", "1e309", "Batch size B: '1e309' is not a whole number from 1 to 1,024."),
        ];
        string name = $"Unparsable {Guid.NewGuid():N}";
        IPage page = await fixture.OpenInteractivePageAsync("experiments/new");
        await page.GetByLabel("Name").FillAsync(name);

        // Act
        foreach ((string label, string text, _) in cases)
        {
            await FormInput.FillAsync(page, label, text);
        }

        await page.GetByTestId("launch").ClickAsync();

        // Assert: every field keeps its text and shows its own message, and no run starts.
        foreach ((string label, string text, string message) in cases)
        {
            ILocator input = page.GetByLabel(label, new PageGetByLabelOptions { Exact = true });
            await Assertions.Expect(input).ToHaveValueAsync(text);
            await Assertions.Expect(ErrorTextOf(page, input)).ToHaveTextAsync(message);
            await Assertions.Expect(input).ToHaveAttributeAsync("aria-invalid", "true");
        }

        await Assertions.Expect(page.GetByTestId("launch-error")).ToContainTextAsync("5 settings are invalid");
        await Assertions.Expect(page.GetByText("Fix 5 settings before launching.")).ToBeVisibleAsync();
        await SaveScreenshotAsync(page, "experiment-form-errors.png");
        await page.SetViewportSizeAsync(390, 844);
        await SaveScreenshotAsync(page, "experiment-form-errors-narrow.png");
        Assert.EndsWith("/experiments/new", page.Url, StringComparison.Ordinal);
        Assert.Empty(await RunIdsNamedAsync(name));

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task LaunchRightAfterTyping_RejectsUnparsedText()
    {
        // Arrange: no Tab after typing, so the click itself ends the edit.
        string name = $"Launch after typing {Guid.NewGuid():N}";
        IPage page = await fixture.OpenInteractivePageAsync("experiments/new");
        await page.GetByLabel("Name").FillAsync(name);
        ILocator seed = page.GetByLabel("Seed", new PageGetByLabelOptions { Exact = true });

        // Act
        await seed.FillAsync("2147483648");
        await page.GetByTestId("launch").ClickAsync();

        // Assert
        await Assertions.Expect(page.GetByTestId("launch-error")).ToContainTextAsync("1 setting is invalid");
        await Assertions.Expect(ErrorTextOf(page, seed)).ToContainTextAsync("Seed: '2147483648' is not a whole number");
        Assert.Empty(await RunIdsNamedAsync(name));

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Reset_ReplacesUnparsedTextAndMessages()
    {
        // Arrange
        IPage page = await fixture.OpenInteractivePageAsync("experiments/new");
        ILocator clients = page.GetByLabel("Clients K", new PageGetByLabelOptions { Exact = true });
        await FormInput.FillAsync(page, "Clients K", "abc");
        await Assertions.Expect(ErrorTextOf(page, clients)).ToBeVisibleAsync();

        // Act
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Reset", Exact = true }).ClickAsync();

        // Assert
        await Assertions.Expect(clients).ToHaveValueAsync("100");
        await Assertions.Expect(ErrorTextOf(page, clients)).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByText("30 rounds, about 10 of 100 clients per round.")).ToBeVisibleAsync();

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ImportThenExport_WritesParsedValues()
    {
        // Arrange: an experiment file with non-default numbers.
        string imported = """
            {
              "name": "Imported numbers",
              "clients": 20,
              "clientFraction": 0.25,
              "learningRate": 0.001,
              "seed": -9
            }
            """;
        IPage page = await fixture.OpenInteractivePageAsync("experiments/new");

        // Act: import, edit one field, export.
        await EndToEndFixture.ChooseFileAsync(page, new FilePayload
        {
            Name = "imported.experiment.json",
            MimeType = "application/json",
            Buffer = System.Text.Encoding.UTF8.GetBytes(imported),
        });
        await Assertions.Expect(page.GetByLabel("Clients K", new PageGetByLabelOptions { Exact = true })).ToHaveValueAsync("20");
        await Assertions.Expect(page.GetByLabel("Client fraction C", new PageGetByLabelOptions { Exact = true })).ToHaveValueAsync("0.25");
        await Assertions.Expect(page.GetByLabel("Learning rate η", new PageGetByLabelOptions { Exact = true })).ToHaveValueAsync("0.001");
        await Assertions.Expect(page.GetByLabel("Seed", new PageGetByLabelOptions { Exact = true })).ToHaveValueAsync("-9");

        await FormInput.FillAsync(page, "Rounds", " 12 ");
        IDownload download = await page.RunAndWaitForDownloadAsync(
            () => page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Export", Exact = true }).ClickAsync());
        string path = await download.PathAsync();
        ExperimentConfig exported = ExperimentJson.Deserialize(await File.ReadAllTextAsync(path));

        // Assert
        Assert.Equal("imported-numbers.experiment.json", download.SuggestedFilename);
        Assert.Equal("Imported numbers", exported.Name);
        Assert.Equal(20, exported.Clients);
        Assert.Equal(0.25, exported.ClientFraction);
        Assert.Equal(0.001, exported.LearningRate);
        Assert.Equal(-9, exported.Seed);
        Assert.Equal(12, exported.Rounds);

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DoubleClickOnLaunch_CreatesOneRun()
    {
        // Arrange: a one-round run on synthetic data, named uniquely because other tests launch runs in this app.
        string name = $"Double click {Guid.NewGuid():N}";
        IPage page = await fixture.OpenInteractivePageAsync("experiments/new");
        await page.GetByLabel("Name").FillAsync(name);
        await FormInput.SelectAsync(page, "Dataset", "Synthetic(α, β)");
        await FormInput.SelectAsync(page, "Model", "Softmax regression");
        await FormInput.FillAsync(page, "Clients K", "10");
        await FormInput.FillAsync(page, "Rounds", "1");

        // Act
        await page.GetByTestId("launch").DblClickAsync();
        await RunPageNavigation.WaitForRunPageAsync(page, TimeSpan.FromMinutes(1));

        // A second click is handled after the first launch, so wait for its run to be stored too.
        await page.WaitForTimeoutAsync(1_000);

        // Assert
        List<string> runIds = await RunIdsNamedAsync(name);
        Assert.Single(runIds);
        Assert.EndsWith($"/runs/{runIds[0]}", page.Url, StringComparison.OrdinalIgnoreCase);

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task LaunchRightAfterTypingName_KeepsName()
    {
        // Arrange: a one-round run on synthetic data.
        string name = $"Typed name {Guid.NewGuid():N}";
        IPage page = await fixture.OpenInteractivePageAsync("experiments/new");
        await FormInput.SelectAsync(page, "Dataset", "Synthetic(α, β)");
        await FormInput.SelectAsync(page, "Model", "Softmax regression");
        await FormInput.FillAsync(page, "Clients K", "10");
        await FormInput.FillAsync(page, "Rounds", "1");

        // Act: the input event and the click leave the browser in one task, so the click reaches the server
        // before the debounce interval ends. No blur event commits the name first. A person who clicks Launch
        // right after the last key gets the same order when the server handles the blur after the click.
        await page.GetByLabel("Name").EvaluateAsync(
            """
            (input, name) => {
                input.value = name;
                input.dispatchEvent(new Event('input', { bubbles: true }));
                document.querySelector('[data-testid=launch]').click();
            }
            """,
            name);
        await RunPageNavigation.WaitForRunPageAsync(page, TimeSpan.FromMinutes(1));

        // Assert
        List<string> runIds = await RunIdsNamedAsync(name);
        Assert.Single(runIds);
        Assert.EndsWith($"/runs/{runIds[0]}", page.Url, StringComparison.OrdinalIgnoreCase);

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PresetNotification_ClosedOnLaunch()
    {
        // Arrange: a preset, then a one-round run on synthetic data.
        IPage page = await fixture.OpenInteractivePageAsync("experiments/new");
        await page.Locator("[data-preset=unreliable-phones]").ClickAsync();
        ILocator notification = page.Locator(".mud-snackbar");
        await Assertions.Expect(notification).ToContainTextAsync("Filled the form with the preset");
        await FormInput.SelectAsync(page, "Dataset", "Synthetic(α, β)");
        await FormInput.SelectAsync(page, "Model", "Softmax regression");
        await FormInput.FillAsync(page, "Clients K", "10");
        await FormInput.FillAsync(page, "Rounds", "1");

        // Act
        await page.GetByTestId("launch").ClickAsync();
        await RunPageNavigation.WaitForRunPageAsync(page, TimeSpan.FromMinutes(1));

        // Assert: the notification about the form does not cover the run page.
        await Assertions.Expect(notification).ToHaveCountAsync(0);

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task NameCounter_UpdatesWhileTyping()
    {
        // Arrange
        IPage page = await fixture.OpenInteractivePageAsync("experiments/new");
        ILocator name = page.GetByLabel("Name");
        await Assertions.Expect(HelperTextOf(page, name)).ToContainTextAsync("0 / 100");

        // Act: type without leaving the field, so no change event commits the value.
        await name.PressSequentiallyAsync("IID base");

        // Assert
        await Assertions.Expect(HelperTextOf(page, name)).ToContainTextAsync("8 / 100");
        await Assertions.Expect(name).ToBeFocusedAsync();

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ClientsHelp_NamesDatasetSampleCount()
    {
        // Arrange
        IPage page = await fixture.OpenInteractivePageAsync("experiments/new");
        ILocator clients = page.GetByLabel("Clients K", new PageGetByLabelOptions { Exact = true });
        ILocator clientsHelp = HelperTextOf(page, clients);
        await Assertions.Expect(clientsHelp).ToContainTextAsync("Fashion-MNIST has 60,000 training samples");

        // Act
        await FormInput.SelectAsync(page, "Dataset", "Synthetic(α, β)");

        // Assert
        await Assertions.Expect(clientsHelp).ToContainTextAsync("The synthetic dataset has 6,000 training samples");

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task KeyboardFocus_ShowsPrimaryOutline()
    {
        // Arrange: the element that shows the ring of each tab stop. A select's ring is on its outlined box, and
        // the import button's on the label that follows its hidden file input.
        (string Stop, string FocusedSelector, string RingSelector)[] stops =
        [
            ("Reset", "button:has-text('Reset')", "button:has-text('Reset')"),
            ("Import", "input[type=file]", "input[type=file] + label"),
            ("Export", "button:has-text('Export')", "button:has-text('Export')"),
            ("Dataset", "[data-field=Dataset]", ".mud-input:has([data-field=Dataset])"),
        ];
        IPage page = await fixture.OpenInteractivePageAsync("experiments/new");
        string primary = await page.EvaluateAsync<string>(
            "() => getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-primary').trim()");

        foreach ((string stop, string focusedSelector, string ringSelector) in stops)
        {
            // Act
            await TabToAsync(page, focusedSelector);

            // Assert
            string[] outline = await page.Locator(ringSelector).First.EvaluateAsync<string[]>(
                "e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }");
            Assert.True(outline[0] == "solid", $"{stop} has outline style {outline[0]} when focused from the keyboard.");
            Assert.True(outline[1] == "2px", $"{stop} has outline width {outline[1]} when focused from the keyboard.");
            Assert.True(SameColor(outline[2], primary), $"{stop} has outline colour {outline[2]}, not the primary colour {primary}.");
            await SaveScreenshotAsync(page, $"focus-{stop.ToLowerInvariant()}.png");
        }

        await page.Context.CloseAsync();
    }

    private async Task<List<string>> RunIdsNamedAsync(string name)
    {
        using var http = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        using JsonDocument runs = await http.GetFromJsonAsync<JsonDocument>("api/runs")
            ?? throw new InvalidOperationException("GET /api/runs returned no body.");
        return runs.RootElement.EnumerateArray()
            .Where(run => run.GetProperty("name").GetString() == name)
            .Select(run => run.GetProperty("id").GetString()!)
            .ToList();
    }

    private async Task SaveScreenshotAsync(IPage page, string fileName)
    {
        // A viewport as tall as the page keeps the fixed app bar and drawer in place in the picture.
        int width = page.ViewportSize?.Width ?? 1400;
        int height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        await page.SetViewportSizeAsync(width, height);

        string path = Path.Combine(AppContext.BaseDirectory, "screenshots", fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"Screenshot saved to {path}");
    }

    // Presses Tab until the element matching the selector has focus; at most 40 presses.
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (int press = 0; press < 40; press++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.Locator(selector).First.EvaluateAsync<bool>("e => e === document.activeElement"))
            {
                return;
            }
        }

        throw new InvalidOperationException($"Tab did not reach {selector} within 40 presses.");
    }

    // Compares a computed colour such as "rgb(61, 90, 254)" with a theme colour such as "#3d5afe" or "rgba(61,90,254,1)".
    private static bool SameColor(string computed, string theme)
    {
        static int[] Channels(string color)
        {
            color = color.Trim();
            if (color.StartsWith('#'))
            {
                return [Convert.ToInt32(color[1..3], 16), Convert.ToInt32(color[3..5], 16), Convert.ToInt32(color[5..7], 16)];
            }

            string[] parts = color[(color.IndexOf('(') + 1)..color.IndexOf(')')].Split(',');
            return [.. parts.Take(3).Select(part => int.Parse(part.Trim(), System.Globalization.CultureInfo.InvariantCulture))];
        }

        return Channels(computed).SequenceEqual(Channels(theme));
    }

    // MudBlazor renders each input's helper text, error text and counter inside the input's own .mud-input-control.
    private static ILocator HelperTextOf(IPage page, ILocator input) =>
        page.Locator(".mud-input-control", new PageLocatorOptions { Has = input }).Locator(".mud-input-helper-text");

    // MudBlazor renders each input's helper or error text inside the input's own .mud-input-control.
    private static ILocator ErrorTextOf(IPage page, ILocator input) =>
        page.Locator(".mud-input-control", new PageLocatorOptions { Has = input })
            .Locator(".mud-input-helper-text.mud-input-error");
}
