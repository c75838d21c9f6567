using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Partitioning;
using FedWorkbench.Web.Components.Runs;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace FedWorkbench.Web.Components.Pages;

/// <summary>
/// Live view of one run: progress, partition, charts, configuration, cancel, export, the metrics and model downloads,
/// and the evaluation report once the run has completed. It follows the run through <see cref="IRunNotifier"/> and
/// merges the events with the stored history in <see cref="RunLiveState"/>.
/// </summary>
public sealed partial class RunPage : RunFollowingComponent
{
    private RunCharts? _charts;
    private PrivacyPanel? _privacy;
    private RunLiveSection? _live;
    private PageShape? _renderedShape;
    private bool _cancelling;
    private Guid? _evaluationRunId;
    private RunEvaluationState? _evaluation;

    [Inject]
    private IRunService Runs { get; set; } = default!;

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
    private RunModelStore Models { get; set; } = default!;

    [Inject]
    private ILogger<RunPage> Logger { get; set; } = default!;

    private string Title => State.Summary is { } summary ? RunDisplay.Name(summary) : "Run";

    private List<BreadcrumbItem> Breadcrumbs => [new BreadcrumbItem("Runs", href: "runs"), new BreadcrumbItem(Title, href: null, disabled: true)];

    // The evaluation of the run on the page; null until it is requested for this run.
    private RunEvaluationState? CurrentEvaluation => _evaluationRunId == FollowedRunId ? _evaluation : null;

    private bool HasStoredModel => CurrentEvaluation is { HasStoredModel: true };

    private string? ModelDownloadPath => FollowedRunId is Guid runId ? RunModelFile.PathFor(runId) : null;

    private string? ModelFileName => State.Summary is { } summary ? RunModelFile.FileNameFor(summary) : null;

    /// <inheritdoc />
    protected override bool ChartsReady => _charts is not null;

    /// <inheritdoc />
    /// <remarks>
    /// Loads the evaluation report once the run is shown as Completed. The worker stores the report before it marks
    /// the run Completed, so the report is there when the status arrives.
    /// </remarks>
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        await base.OnAfterRenderAsync(firstRender);
        if (State.Summary?.Status != RunStatus.Completed || FollowedRunId is not Guid runId || _evaluationRunId == runId)
        {
            return;
        }

        _evaluationRunId = runId;
        _evaluation = RunEvaluationState.Loading;
        RunEvaluationState loaded;
        try
        {
            loaded = RunEvaluationState.From(await Models.LoadReportAsync(runId, CancellationToken.None));
        }
        catch (Exception ex)
        {
            // A database error or a stored report that no longer reads back. The rest of the page stays usable.
            UiLog.EvaluationLoadFailed(Logger, ex, runId);
            loaded = RunEvaluationState.Failed;
        }

        if (IsDisposed || _evaluationRunId != runId)
        {
            return;
        }

        _evaluation = loaded;
        StateHasChanged();
    }

    /// <inheritdoc />
    protected override async Task AppendRoundsAsync(RoundMetrics[] rounds)
    {
        await _charts!.AppendAsync(rounds);
        if (_privacy is not null)
        {
            await _privacy.AppendAsync(rounds);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Most flushes bring only rounds, which change the live section alone. Rendering just that section keeps the
    /// cost of many pages watching one run low. The whole page renders when something else it shows has changed.
    /// </remarks>
    protected override void RenderAfterFlush()
    {
        if (_live is not null && CurrentShape() == _renderedShape)
        {
            _live.Refresh(Now);
            return;
        }

        StateHasChanged();
    }

    // Called by the markup at the start of every render.
    private void RememberRenderedShape() => _renderedShape = CurrentShape();

    private PageShape CurrentShape() => new(
        FollowedRunId,
        NotFound,
        State.IsLoaded,
        State.Summary?.Status,
        State.Summary?.QueuePosition,
        State.Summary?.StartedAt,
        State.Summary?.FinishedAt,
        State.TotalRounds,
        State.Rounds.Count > 0,
        State.Config,
        State.Partition,
        CurrentEvaluation,
        _cancelling);

    /// <inheritdoc />
    protected override void OnRunLoaded(Guid runId, RunDetails? details)
    {
        if (details is null)
        {
            UiLog.RunPageNotFound(Logger, runId);
        }
        else
        {
            UiLog.RunFollowStarted(Logger, runId, details.Summary.Status, details.Rounds.Count);
        }
    }

    private async Task ConfirmCancelAsync()
    {
        if (FollowedRunId is not Guid runId)
        {
            return;
        }

        string consequence = State.Summary?.Status == RunStatus.Queued
            ? "The run leaves the queue and never starts. To launch it later, use Edit as new experiment on this page."
            : "Training stops and the run cannot be resumed; the rounds finished so far are kept. To repeat the run, use Edit as new experiment on this page.";
        bool? confirmed = await Dialogs.ShowMessageBoxAsync(
            "Cancel this run?",
            consequence,
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
        if (State.Config is not { } config)
        {
            return;
        }

        await Downloader.DownloadTextAsync(ExperimentFiles.FileNameFor(config), ExperimentJson.Serialize(config), ExperimentFiles.ContentType);
    }

    // The page's rounds are every stored round: the history loaded at the start plus each round published after
    // it was saved, with no gap or duplicate (see RunLiveState).
    private async Task DownloadMetricsAsync()
    {
        if (State.Summary is not { } summary)
        {
            return;
        }

        await Downloader.DownloadTextAsync(RoundMetricsCsv.FileNameFor(summary), RoundMetricsCsv.Write(State.Rounds, State.Config?.ClientGroups.Count ?? 0), RoundMetricsCsv.ContentType);
    }

    private async Task DownloadMetricsJsonAsync()
    {
        if (State.Summary is not { } summary)
        {
            return;
        }

        await Downloader.DownloadTextAsync(RoundMetricsJson.FileNameFor(summary), RoundMetricsJson.Write(State.Rounds), RoundMetricsJson.ContentType);
    }

    private void EditAsNewExperiment()
    {
        if (State.Config is not { } config || State.Summary is not { } summary)
        {
            return;
        }

        string name = $"{RunDisplay.Name(summary)} (copy)";
        Draft.Set(config with { Name = name.Length <= ExperimentLimits.MaxNameLength ? name : config.Name });
        Navigation.NavigateTo("experiments/new");
    }

    // The values the page shows outside the live section. A flush that leaves them unchanged renders only that section.
    private sealed record PageShape(
        Guid? RunId,
        bool NotFound,
        bool Loaded,
        RunStatus? Status,
        int? QueuePosition,
        DateTimeOffset? StartedAt,
        DateTimeOffset? FinishedAt,
        int TotalRounds,
        bool HasRounds,
        ExperimentConfig? Config,
        PartitionStatistics? Partition,
        RunEvaluationState? Evaluation,
        bool Cancelling);
}
