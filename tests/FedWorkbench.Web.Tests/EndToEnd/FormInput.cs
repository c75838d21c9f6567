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

    /// <summary>
    /// Opens the select whose <c>data-field</c> is <paramref name="field"/>, picks <paramref name="option"/>, and
    /// waits until the select shows it: the option's text up to its first ": ", as the selects name their values.
    /// </summary>
    /// <remarks>
    /// In one full test run a pick left the old value in place: the list closed and the value stayed. The cause is
    /// not known, so a pick that does not show within 5 seconds is made once more.
    /// </remarks>
    public static async Task SelectAsync(IPage page, string field, string option)
    {
        ILocator select = page.Locator($"[data-field={field}]");
        int nameEnd = option.IndexOf(": ", StringComparison.Ordinal);
        string expectedText = nameEnd < 0 ? option : option[..nameEnd];
        for (int attempt = 1; ; attempt++)
        {
            await select.ClickAsync();
            ILocator item = page.GetByRole(AriaRole.Option, new PageGetByRoleOptions { Name = option, Exact = true });
            await item.ClickAsync();
            await Assertions.Expect(item).ToBeHiddenAsync();
            try
            {
                // MudSelect shows a value formatted by ToStringFunc in a read-only input, and an item's own content in a div.
                if (await select.EvaluateAsync<bool>("e => e instanceof HTMLInputElement"))
                {
                    await Assertions.Expect(select).ToHaveValueAsync(expectedText, new LocatorAssertionsToHaveValueOptions { Timeout = 5_000 });
                }
                else
                {
                    await Assertions.Expect(select).ToHaveTextAsync(expectedText, new LocatorAssertionsToHaveTextOptions { Timeout = 5_000 });
                }

                return;
            }
            catch (PlaywrightException) when (attempt == 1)
            {
                // Picked once more below. A second miss fails with the value the select shows.
            }
        }
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
