using FedWorkbench.Web.Components.Runs;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;

namespace FedWorkbench.Web.Components.Rooms;

/// <summary>
/// Follows one run beside the board: the run page's progress and charts in a narrow panel. It merges the stored
/// history with the live events through <see cref="RunLiveState"/>, as the run page does.
/// </summary>
public sealed partial class RoomRunPanel : IDisposable
{
    private static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(250);

    private readonly List<RoundMetrics> _unsentRounds = [];
    private RunLiveState _state = new();
    private IReadOnlyList<RoundMetrics> _initialRounds = [];
    private IDisposable? _subscription;
    private RenderThrottle? _throttle;
    private RunCharts? _charts;
    private Guid? _followedRunId;
    private DateTimeOffset _now = DateTimeOffset.UtcNow;
    private bool _notFound;
    private bool _rendered;
    private bool _disposed;

    /// <summary>The run to follow.</summary>
    [Parameter, EditorRequired]
    public Guid RunId { get; set; }

    /// <summary>Raised when the user closes the panel.</summary>
    [Parameter]
    public EventCallback Closed { get; set; }

    [Inject]
    private IRunService Runs { get; set; } = default!;

    [Inject]
    private IRunNotifier Notifier { get; set; } = default!;

    private string Title => _state.Summary is { } summary ? RunDisplay.Name(summary) : "Run";

    /// <inheritdoc />
    protected override async Task OnParametersSetAsync()
    {
        if (_rendered && RunId != _followedRunId)
        {
            await StartFollowingAsync();
        }
    }

    /// <inheritdoc />
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _rendered = true;
            await StartFollowingAsync();
            return;
        }

        if (_charts is not null && _unsentRounds.Count > 0)
        {
            _throttle?.Request();
        }
    }

    private async Task StartFollowingAsync()
    {
        StopFollowing();
        _state = new RunLiveState();
        _initialRounds = [];
        _unsentRounds.Clear();
        _notFound = false;
        Guid runId = RunId;
        _followedRunId = runId;

        // Subscribe before loading, so that no round finishing during the load is missed.
        _throttle = new RenderThrottle(RenderInterval, () => InvokeAsync(FlushAsync), DispatchExceptionAsync);
        _subscription = Notifier.Subscribe(runId, OnRunEventAsync);

        RunDetails? details = await Runs.GetAsync(runId);
        if (_disposed || _followedRunId != runId)
        {
            return;
        }

        if (details is null)
        {
            _notFound = true;
            StopFollowing();
        }
        else
        {
            _initialRounds = [.. _state.Load(details)];
        }

        _now = DateTimeOffset.UtcNow;
        StateHasChanged();
    }

    // Called on the subscription's own task; errors go to the renderer, not back to the notifier.
    private async Task OnRunEventAsync(RunEvent runEvent)
    {
        try
        {
            await InvokeAsync(() => ApplyEvent(runEvent));
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    private void ApplyEvent(RunEvent runEvent)
    {
        if (_disposed || runEvent.RunId != _followedRunId)
        {
            return;
        }

        _unsentRounds.AddRange(_state.Apply(runEvent));
        if (_state.IsLoaded)
        {
            _throttle?.Request();
        }
    }

    private async Task FlushAsync()
    {
        if (_disposed)
        {
            return;
        }

        if (_charts is not null && _unsentRounds.Count > 0)
        {
            RoundMetrics[] rounds = [.. _unsentRounds];
            _unsentRounds.Clear();
            await _charts.AppendAsync(rounds);
        }

        _now = DateTimeOffset.UtcNow;
        StateHasChanged();
    }

    private void StopFollowing()
    {
        _subscription?.Dispose();
        _subscription = null;
        _throttle?.Dispose();
        _throttle = null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        StopFollowing();
    }
}
