using System.Reflection;
using System.Text.Json;
using Microsoft.JSInterop;
using Plotly.Blazor;
using Plotly.Blazor.Traces;

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
    /// Prepares a run chart's line trace, layout and configuration, a heatmap and a histogram for JavaScript interop
    /// the way Plotly.Blazor does before it sends a chart, and discards the results. The first preparation of each
    /// type builds its JSON metadata and compiles its code: in a new process about 270 ms for a line trace, a layout
    /// and a configuration, which otherwise delayed the first run page's first chart.
    /// </summary>
    /// <remarks>
    /// It goes through Plotly.Blazor's internal serializer options and preparation method (version
    /// <see cref="PlotlyBlazorVersion"/>), because System.Text.Json keeps its metadata per options instance.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The Plotly.Blazor version lacks the internal members used here.</exception>
    public static void WarmUpInteropSerialization()
    {
        var options = typeof(PlotlyJsInterop).GetField("SerializerOptions", BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null) as JsonSerializerOptions
            ?? throw new InvalidOperationException($"Plotly.Blazor has no internal field PlotlyJsInterop.SerializerOptions. Check the warm-up against the version in use (written for {PlotlyBlazorVersion}).");
        MethodInfo prepare = typeof(PlotlyChart).Assembly.GetType("Plotly.Blazor.Extensions")?.GetMethod("PrepareJsInterop", BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException($"Plotly.Blazor has no method Extensions.PrepareJsInterop. Check the warm-up against the version in use (written for {PlotlyBlazorVersion}).");

        Scatter line = ChartTraces.Line("Warm-up", "#3d5afe", "%{y}", 6);
        line.X.Add(1);
        line.Y.Add(0.5);
        Prepare(prepare, options, line);
        Prepare(prepare, options, RunCharts.CreateLayout(10, new Plotly.Blazor.LayoutLib.YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "Accuracy" } }));
        Prepare(prepare, options, ChartConfig.Create());
        Prepare(prepare, options, new HeatMap { Z = [new List<object> { 1, 2 }], X = [0, 1], Y = ["Client 1"] });
        Prepare(prepare, options, new Histogram { X = [540, 600] });
    }

    private static void Prepare<T>(MethodInfo prepare, JsonSerializerOptions options, T value) =>
        prepare.MakeGenericMethod(typeof(T)).Invoke(null, [value, options]);

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
