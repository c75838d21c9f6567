using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;
using FedWorkbench.Web.Components.Runs;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace FedWorkbench.Web.Components.Pages;

/// <summary>
/// Table of the runs launched outside rooms, kept current by following every run through <see cref="IRunNotifier.SubscribeAll"/>. Its
/// checkboxes select runs for the compare page.
/// </summary>
public sealed partial class Runs : IDisposable
{
    // Several runs may report rounds at once; the table re-renders at most twice a second.
    private static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(500);

    private readonly RunListState _state = new();
    private IDisposable? _subscription;
    private RenderThrottle? _throttle;
    private DateTimeOffset _now = DateTimeOffset.UtcNow;
    private bool _disposed;

    [Inject]
    private IRunService RunService { get; set; } = default!;

    [Inject]
    private IRunNotifier Notifier { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    /// <inheritdoc />
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        // Subscribe before listing, so that no change during the load is missed; RunListState buffers it.
        _throttle = new RenderThrottle(RenderInterval, () => InvokeAsync(Refresh), DispatchExceptionAsync);
        _subscription = Notifier.SubscribeAll(OnRunEventAsync);

        IReadOnlyList<RunSummary> runs = await RunService.ListAsync();
        if (_disposed)
        {
            return;
        }

        _state.Load(runs);
        Refresh();

        // Users open run pages from this list, so load plotly.js for their charts in the meantime.
        await PlotlyPreloader.PreloadAsync(JS);
    }

    private void OpenComparison()
    {
        if (_state.CanCompare)
        {
            Navigation.NavigateTo(_state.CompareLink);
        }
    }

    private static double ProgressPercent(RunSummary run) =>
        run.TotalRounds == 0 ? 0 : 100.0 * run.CompletedRounds / run.TotalRounds;

    private string DurationText(RunSummary run) =>
        RunDisplay.RunDuration(run, _now) is TimeSpan duration ? RunDisplay.Duration(duration) : "–";

    // Called on the subscription's own thread-pool task. Errors go to the renderer, not back to the notifier.
    private async Task OnRunEventAsync(RunEvent runEvent)
    {
        try
        {
            await InvokeAsync(() =>
            {
                if (!_disposed && _state.Apply(runEvent))
                {
                    _throttle?.Request();
                }
            });
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    private void Refresh()
    {
        if (_disposed)
        {
            return;
        }

        _now = DateTimeOffset.UtcNow;
        StateHasChanged();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        _subscription?.Dispose();
        _throttle?.Dispose();
    }
}
