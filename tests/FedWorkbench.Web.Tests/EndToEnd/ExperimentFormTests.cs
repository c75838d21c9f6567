using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace FedWorkbench.Web.Tests.EndToEnd;

/// <summary>Validation on the experiment page, in a real browser.</summary>
[Collection(EndToEndCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class ExperimentFormTests(EndToEndFixture fixture)
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
    public async Task DoubleClickOnLaunch_CreatesOneRun()
    {
        // Arrange: a one-round run on synthetic data, named uniquely because other tests launch runs in this app.
        string name = $"Double click {Guid.NewGuid():N}";
        IPage page = await fixture.OpenInteractivePageAsync("experiments/new");
        await page.GetByLabel("Name").FillAsync(name);
        await SelectAsync(page, "Dataset", "Synthetic(α, β)");
        await SelectAsync(page, "Model", "Softmax regression");
        await FillAsync(page, "Clients K", "10");
        await FillAsync(page, "Rounds", "1");

        // Act
        await page.GetByTestId("launch").DblClickAsync();
        await page.WaitForURLAsync("**/runs/*");

        // A second click is handled after the first launch, so wait for its run to be stored too.
        await page.WaitForTimeoutAsync(1_000);

        // Assert
        List<string> runIds = await RunIdsNamedAsync(name);
        Assert.Single(runIds);
        Assert.EndsWith($"/runs/{runIds[0]}", page.Url, StringComparison.OrdinalIgnoreCase);

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

    private static async Task FillAsync(IPage page, string label, string value)
    {
        ILocator input = page.GetByLabel(label, new PageGetByLabelOptions { Exact = true });
        await input.FillAsync(value);
        await input.PressAsync("Tab");
    }

    private static async Task SelectAsync(IPage page, string field, string option)
    {
        await page.Locator($"[data-field={field}]").ClickAsync();
        await page.GetByRole(AriaRole.Option, new PageGetByRoleOptions { Name = option, Exact = true }).ClickAsync();
    }

    // MudBlazor renders each input's helper or error text inside the input's own .mud-input-control.
    private static ILocator ErrorTextOf(IPage page, ILocator input) =>
        page.Locator(".mud-input-control", new PageLocatorOptions { Has = input })
            .Locator(".mud-input-helper-text.mud-input-error");
}
