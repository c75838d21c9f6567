using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;

namespace FedWorkbench.Web.Components.Runs;

/// <summary>
/// A component that follows one run live: the run page and the run beside the board. It subscribes to the
/// run's events, loads the stored history, merges both in <see cref="RunLiveState"/> without gap or duplicate,
/// and hands new rounds to the derived component's charts at most four times a second.
/// </summary>
public abstract class RunFollowingComponent : ComponentBase, IDisposable
{
    // Round events can arrive many times a second on a small experiment, so the browser gets at most four updates a second.
    private static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(250);

    private readonly List<RoundMetrics> _unsentRounds = [];
    private IDisposable? _subscription;
    private RenderThrottle? _throttle;
    private bool _rendered;

    /// <summary>The run to follow.</summary>
    [Parameter]
    public Guid RunId { get; set; }

    /// <summary>The run's stored history merged with its live events.</summary>
    protected RunLiveState State { get; private set; } = new();

    /// <summary>The rounds loaded with the history, which the charts draw first.</summary>
    protected IReadOnlyList<RoundMetrics> InitialRounds { get; private set; } = [];

    /// <summary>The run being followed. The charts are keyed by it so that they start over for another run.</summary>
    protected Guid? FollowedRunId { get; private set; }

    /// <summary>Whether no run with <see cref="RunId"/> is stored.</summary>
    protected bool NotFound { get; private set; }

    /// <summary>The time of the last update, for the elapsed time shown while a run is active.</summary>
    protected DateTimeOffset Now { get; private set; } = DateTimeOffset.UtcNow;

    /// <summary>Whether the component has been disposed.</summary>
    protected bool IsDisposed { get; private set; }

    [Inject]
    private IRunService Runs { get; set; } = default!;

    [Inject]
    private IRunNotifier Notifier { get; set; } = default!;

    /// <summary>Whether the charts have rendered and can take new rounds.</summary>
    protected abstract bool ChartsReady { get; }

    /// <summary>Appends rounds that finished since the last call to the charts.</summary>
    protected abstract Task AppendRoundsAsync(RoundMetrics[] rounds);

    /// <summary>Runs once the history of <paramref name="runId"/> is loaded, with null details when no such run is stored.</summary>
    protected virtual void OnRunLoaded(Guid runId, RunDetails? details)
    {
    }

    /// <inheritdoc />
    protected override async Task OnParametersSetAsync()
    {
        // The router reuses a page when the address changes from one run to another.
        if (_rendered && RunId != FollowedRunId)
        {
            await StartFollowingAsync();
        }
    }

    /// <inheritdoc />
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            // Subscribing after the first render keeps the prerendered pass from holding a subscription.
            _rendered = true;
            await StartFollowingAsync();
            return;
        }

        // Rounds that arrived before the charts existed are sent once the charts have rendered.
        if (ChartsReady && _unsentRounds.Count > 0)
        {
            _throttle?.Request();
        }
    }

    private async Task StartFollowingAsync()
    {
        StopFollowing();
        State = new RunLiveState();
        InitialRounds = [];
        _unsentRounds.Clear();
        NotFound = false;
        Guid runId = RunId;
        FollowedRunId = runId;

        // Subscribe before loading, so that no round finishing during the load is missed. RunLiveState buffers
        // those events and drops rounds that the history already contains.
        // The first round after a quiet spell goes out at once, so the first chart point does not wait an interval.
        _throttle = new RenderThrottle(RenderInterval, () => InvokeAsync(FlushAsync), DispatchExceptionAsync, flushAtOnceWhenIdle: true);
        _subscription = Notifier.Subscribe(runId, OnRunEventAsync);

        RunDetails? details = await Runs.GetAsync(runId);
        if (IsDisposed || FollowedRunId != runId)
        {
            return;
        }

        if (details is null)
        {
            NotFound = true;
            StopFollowing();
        }
        else
        {
            InitialRounds = [.. State.Load(details)];
        }

        OnRunLoaded(runId, details);
        Now = DateTimeOffset.UtcNow;
        StateHasChanged();
    }

    // Called on the subscription's own thread-pool task. Errors go to the renderer, not back to the notifier.
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
        if (IsDisposed || runEvent.RunId != FollowedRunId)
        {
            return;
        }

        _unsentRounds.AddRange(State.Apply(runEvent));
        if (State.IsLoaded)
        {
            _throttle?.Request();
        }
    }

    private async Task FlushAsync()
    {
        if (IsDisposed)
        {
            return;
        }

        if (ChartsReady && _unsentRounds.Count > 0)
        {
            RoundMetrics[] rounds = [.. _unsentRounds];
            _unsentRounds.Clear();
            await AppendRoundsAsync(rounds);
        }

        Now = DateTimeOffset.UtcNow;
        RenderAfterFlush();
    }

    /// <summary>Renders what a flush changed. By default that is the whole component; the run page renders less.</summary>
    protected virtual void RenderAfterFlush() => StateHasChanged();

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
        IsDisposed = true;
        StopFollowing();
        GC.SuppressFinalize(this);
    }
}
