using Microsoft.JSInterop;

namespace FedWorkbench.Web.Ui;

/// <summary>
/// Appends new points to a run page's charts through the <c>js/run-charts.js</c> module, all charts in one call.
/// Scoped: one instance per circuit, because it holds that circuit's module reference, which outlives the run
/// pages of the circuit, so a call still in flight when the page moves to another run is not cut off.
/// </summary>
public sealed class RunChartsModule(IJSRuntime js) : IAsyncDisposable
{
    private Task<IJSObjectReference>? _import;
    private IJSObjectReference? _module;

    /// <summary>
    /// Imports the module unless it was imported before or is being imported. A run page starts this when its
    /// charts first render, so that the first new point does not wait for the module's download.
    /// </summary>
    public async Task ImportAsync()
    {
        if (_import is null || _import.IsFaulted || _import.IsCanceled)
        {
            // The import map written by <ImportMap /> resolves this path to the fingerprinted file.
            _import = js.InvokeAsync<IJSObjectReference>("import", "./js/run-charts.js").AsTask();
        }

        _module = await _import;
    }

    /// <summary>
    /// Extends each chart's traces and completes once the browser has drawn the new points. The call leaves for
    /// the browser before this method first yields when <see cref="ImportAsync"/> has completed before.
    /// </summary>
    public async Task ExtendChartsAsync(IReadOnlyList<ChartExtension> extensions)
    {
        ArgumentNullException.ThrowIfNull(extensions);
        await ImportAsync();
        await _module!.InvokeVoidAsync("extendCharts", extensions);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => JSModuleReference.ReleaseAsync(_module);
}

/// <summary>New points for one chart: its element id, and per trace the rounds, the values and the trace's index.</summary>
public sealed record ChartExtension(string Id, object[][] X, object[][] Y, int[] Indices);
