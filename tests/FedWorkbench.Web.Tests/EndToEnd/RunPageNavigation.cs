using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace FedWorkbench.Web.Tests.EndToEnd;

/// <summary>Waits for the browser to show a run page after a launch.</summary>
internal static partial class RunPageNavigation
{
    /// <summary>
    /// Waits until the address is <c>/runs/{id}</c>. Blazor routes with history.pushState, which
    /// <see cref="IPage.WaitForURLAsync(string, PageWaitForURLOptions?)"/> can miss while it waits for a load
    /// event that never comes, so this polls the address instead.
    /// </summary>
    public static Task WaitForRunPageAsync(IPage page, TimeSpan failureTimeout) =>
        Assertions.Expect(page).ToHaveURLAsync(
            RunPageAddress(),
            new PageAssertionsToHaveURLOptions { Timeout = (float)failureTimeout.TotalMilliseconds });

    /// <summary>
    /// Waits until the run page's status chip shows Completed. On a timeout writes the page's text and the app's
    /// recent output to <paramref name="output"/>, then rethrows.
    /// </summary>
    public static async Task WaitForCompletedAsync(IPage page, TimeSpan failureTimeout, Xunit.Abstractions.ITestOutputHelper output, Func<string> appOutput)
    {
        try
        {
            await Assertions.Expect(page.Locator(".run-status-chip")).ToHaveAttributeAsync("data-status", "Completed",
                new LocatorAssertionsToHaveAttributeOptions { Timeout = (float)failureTimeout.TotalMilliseconds });
        }
        catch (PlaywrightException)
        {
            output.WriteLine($"Run page shows: {await page.Locator(".mud-main-content").InnerTextAsync()}");
            output.WriteLine($"App output:{Environment.NewLine}{appOutput()}");
            throw;
        }
    }

    [GeneratedRegex("/runs/[0-9a-fA-F-]{36}$")]
    private static partial Regex RunPageAddress();
}
