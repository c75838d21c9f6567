using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Components.Runs;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace FedWorkbench.Web.Components.Pages;

/// <summary>
/// Live view of one run: progress, partition, charts, configuration, cancel, export and the metrics download. It follows
/// the run through <see cref="IRunNotifier"/> and merges the events with the stored history in
/// <see cref="RunLiveState"/>.
/// </summary>
public sealed partial class RunPage : IDisposable
{
    // Round events can arrive many times a second on a small experiment; the browser gets at most four updates a second.
    private static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(250);

    private readonly List<RoundMetrics> _unsentRounds = [];
    private RunLiveState _state = new();
    private IReadOnlyList<RoundMetrics> _initialRounds = [];
    private IDisposable? _subscription;
    private RenderThrottle? _throttle;
    private RunCharts? _charts;
    private PrivacyPanel? _privacy;
    private Guid? _followedRunId;
    private DateTimeOffset _now = DateTimeOffset.UtcNow;
    private bool _notFound;
    private bool _cancelling;
    private bool _rendered;
    private bool _disposed;

    /// <summary>
    /// The run id from the address. The route accepts only GUIDs, so a malformed id gets the app's 404 page, and
    /// a well-formed id of no stored run gets this page's run-not-found message.
    /// </summary>
    [Parameter]
    public Guid RunId { get; set; }

    [Inject]
    private IRunService Runs { get; set; } = default!;

    [Inject]
    private IRunNotifier Notifier { get; set; } = default!;

    [Inject]
    private FileDownloader Downloader { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ExperimentDraft Draft { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private ILogger<RunPage> Logger { get; set; } = default!;

    private string Title => _state.Summary is { } summary ? RunDisplay.Name(summary) : "Run";

    private List<BreadcrumbItem> Breadcrumbs => [new BreadcrumbItem("Runs", href: "runs"), new BreadcrumbItem(Title, href: null, disabled: true)];

    private string AggregatedText => _state is { LatestRound: { } round, Config: { } config }
        ? RunDisplay.AggregatedClients(round, config)
        : "–";

    // Highlights the card when the latest round rejected updates, next to the warning that explains why.
    private string AggregatedClass => _state.LatestRound is { RejectedClients: > 0 } ? "metric-value mud-warning-text" : "metric-value";

    private string? RejectionWarning => RejectedUpdatesWarning.Describe(_state.Rounds);

    private string? ModelKeptNote => GlobalModelKeptNote.Describe(_state.Rounds);

    /// <inheritdoc />
    protected override async Task OnParametersSetAsync()
    {
        // The router reuses this component when the address changes from one run to another.
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
            // Subscribing after the first render keeps the prerendered pass from holding a subscription.
            _rendered = true;
            await StartFollowingAsync();
            return;
        }

        // Rounds that arrived before the charts existed are sent once the charts have rendered.
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

        // Subscribe before loading, so that no round finishing during the load is missed. RunLiveState buffers
        // those events and drops rounds that the history already contains.
        _throttle = new RenderThrottle(RenderInterval, () => InvokeAsync(FlushAsync), DispatchExceptionAsync);
        _subscription = Notifier.Subscribe(runId, OnRunEventAsync);

        RunDetails? details = await Runs.GetAsync(runId);
        if (_disposed || _followedRunId != runId)
        {
            return;
        }

        if (details is null)
        {
            UiLog.RunPageNotFound(Logger, runId);
            _notFound = true;
            StopFollowing();
        }
        else
        {
            _initialRounds = [.. _state.Load(details)];
            UiLog.RunFollowStarted(Logger, runId, details.Summary.Status, details.Rounds.Count);
        }

        _now = DateTimeOffset.UtcNow;
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
            if (_privacy is not null)
            {
                await _privacy.AppendAsync(rounds);
            }
        }

        _now = DateTimeOffset.UtcNow;
        StateHasChanged();
    }

    private async Task ConfirmCancelAsync()
    {
        if (_followedRunId is not Guid runId)
        {
            return;
        }

        bool? confirmed = await Dialogs.ShowMessageBoxAsync(
            "Cancel this run?",
            "Training stops and the run cannot be resumed; the rounds finished so far are kept. To repeat the run, use Edit as new experiment on this page.",
            yesText: "Cancel run",
            cancelText: "Keep running");
        if (confirmed != true)
        {
            return;
        }

        _cancelling = true;
        try
        {
            bool cancelled = await Runs.CancelAsync(runId);
            UiLog.RunCancelRequested(Logger, runId, cancelled);
            Snackbar.Add(cancelled ? "Run cancelled." : "The run had already ended.", cancelled ? Severity.Success : Severity.Info);
        }
        finally
        {
            _cancelling = false;
        }
    }

    private async Task ExportConfigAsync()
    {
        if (_state.Config is not { } config)
        {
            return;
        }

        await Downloader.DownloadTextAsync(ExperimentFiles.FileNameFor(config), ExperimentJson.Serialize(config), ExperimentFiles.ContentType);
    }

    // The page's rounds are every stored round: the history loaded at the start plus each round published after
    // it was saved, with no gap or duplicate (see RunLiveState).
    private async Task DownloadMetricsAsync()
    {
        if (_state.Summary is not { } summary)
        {
            return;
        }

        await Downloader.DownloadTextAsync(RoundMetricsCsv.FileNameFor(summary), RoundMetricsCsv.Write(_state.Rounds, _state.Config?.ClientGroups.Count ?? 0), RoundMetricsCsv.ContentType);
    }

    private void EditAsNewExperiment()
    {
        if (_state.Config is not { } config || _state.Summary is not { } summary)
        {
            return;
        }

        string name = $"{RunDisplay.Name(summary)} (copy)";
        Draft.Set(config with { Name = name.Length <= ExperimentLimits.MaxNameLength ? name : config.Name });
        Navigation.NavigateTo("experiments/new");
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
