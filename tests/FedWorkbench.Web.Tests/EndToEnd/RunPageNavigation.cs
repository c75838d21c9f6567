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

    [GeneratedRegex("/runs/[0-9a-fA-F-]{36}$")]
    private static partial Regex RunPageAddress();
}
