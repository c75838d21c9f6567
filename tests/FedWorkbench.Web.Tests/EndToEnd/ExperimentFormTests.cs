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

    // MudBlazor renders each input's helper or error text inside the input's own .mud-input-control.
    private static ILocator ErrorTextOf(IPage page, ILocator input) =>
        page.Locator(".mud-input-control", new PageLocatorOptions { Has = input })
            .Locator(".mud-input-helper-text.mud-input-error");
}
