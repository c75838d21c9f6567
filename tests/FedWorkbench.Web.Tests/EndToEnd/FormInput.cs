using Microsoft.Playwright;

namespace FedWorkbench.Web.Tests.EndToEnd;

/// <summary>Fills the experiment form's fields as a person would: type, then leave the field.</summary>
internal static class FormInput
{
    /// <summary>Types <paramref name="value"/> into the field labelled <paramref name="label"/> and tabs out of it.</summary>
    public static async Task FillAsync(IPage page, string label, string value)
    {
        ILocator input = page.GetByLabel(label, new PageGetByLabelOptions { Exact = true });
        await input.FillAsync(value);
        await input.PressAsync("Tab");
    }

    /// <summary>Opens the select whose <c>data-field</c> is <paramref name="field"/> and picks <paramref name="option"/>.</summary>
    public static async Task SelectAsync(IPage page, string field, string option)
    {
        await page.Locator($"[data-field={field}]").ClickAsync();
        await page.GetByRole(AriaRole.Option, new PageGetByRoleOptions { Name = option, Exact = true }).ClickAsync();
    }

    /// <summary>
    /// Opens the collapsible form section whose <c>data-section</c> is <paramref name="section"/> from the keyboard:
    /// focus its header, then press Enter. Does nothing when it is already open.
    /// </summary>
    public static async Task OpenSectionAsync(IPage page, string section)
    {
        ILocator header = SectionHeader(page, section);
        if (await header.GetAttributeAsync("aria-expanded") == "true")
        {
            return;
        }

        await header.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(header).ToHaveAttributeAsync("aria-expanded", "true");
    }

    /// <summary>Returns the clickable header of the collapsible form section whose <c>data-section</c> is <paramref name="section"/>.</summary>
    public static ILocator SectionHeader(IPage page, string section) =>
        page.Locator($"[data-section={section}] .mud-expand-panel-header");

    /// <summary>Returns the error text of <paramref name="input"/>, which MudBlazor renders inside the input's own .mud-input-control.</summary>
    public static ILocator ErrorTextOf(IPage page, ILocator input) =>
        page.Locator(".mud-input-control", new PageLocatorOptions { Has = input })
            .Locator(".mud-input-helper-text.mud-input-error");

    /// <summary>Returns the helper text of <paramref name="input"/>.</summary>
    public static ILocator HelperTextOf(IPage page, ILocator input) =>
        page.Locator(".mud-input-control", new PageLocatorOptions { Has = input }).Locator(".mud-input-helper-text");
}
