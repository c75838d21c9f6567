using Microsoft.JSInterop;

namespace FedWorkbench.Web.Components.Runs;

/// <summary>
/// Loads plotly.js in the browser before a page with charts opens. Plotly.Blazor otherwise loads the 4.8 MB script
/// when its first chart renders, which delayed the first chart point after Launch by about 1.5 s.
/// </summary>
/// <remarks>
/// The paths and element id are the ones Plotly.Blazor 7.2.0 uses internally. The script must go through
/// Plotly.Blazor's own loader, because that loader marks plotly.js ready only for scripts it loaded itself.
/// </remarks>
public static class PlotlyPreloader
{
    /// <summary>Plotly.Blazor version whose internal paths are below; a test fails when the package changes.</summary>
    public const string PlotlyBlazorVersion = "7.2.0";

    /// <summary>Plotly.Blazor's interop module, relative to the document's base address.</summary>
    public const string InteropPath = "./_content/Plotly.Blazor/plotly-interop-7.2.0.js";

    /// <summary>Id of the script element that Plotly.Blazor creates for plotly.js.</summary>
    public const string ScriptElementId = "plotly-import";

    /// <summary>The full plotly.js bundle as Plotly.Blazor passes it. The basic bundle lacks the run page's heatmap.</summary>
    public const string ScriptPath = "./_content/Plotly.Blazor/plotly-3.7.0.min.js";

    private const string ModulePath = "./js/plotly-preload.js";

    /// <summary>
    /// Starts loading plotly.js while the browser is idle and returns without waiting for it. Call it after the
    /// first interactive render of a page from which users open run pages.
    /// </summary>
    public static async Task PreloadAsync(IJSRuntime js)
    {
        ArgumentNullException.ThrowIfNull(js);
        await using IJSObjectReference module = await js.InvokeAsync<IJSObjectReference>("import", ModulePath);
        await module.InvokeVoidAsync("preloadPlotly", InteropPath, ScriptElementId, ScriptPath);
    }
}
