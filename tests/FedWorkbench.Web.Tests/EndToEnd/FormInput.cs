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
}
