using FedWorkbench.Data.Evaluation;

namespace FedWorkbench.Web.Ui;

/// <summary>The evaluation of a completed run's final model as the run page loaded it from the store.</summary>
public sealed record RunEvaluationState
{
    /// <summary>The state while the report is loading.</summary>
    public static RunEvaluationState Loading { get; } = new() { IsLoading = true };

    /// <summary>The state after loading failed, for example because the database was unavailable.</summary>
    public static RunEvaluationState Failed { get; } = new() { LoadFailed = true };

    /// <summary>Whether the report is still loading.</summary>
    public bool IsLoading { get; private init; }

    /// <summary>Whether loading failed.</summary>
    public bool LoadFailed { get; private init; }

    /// <summary>
    /// Whether the run has a stored final model. Runs completed before final models were stored have none, and
    /// neither do runs whose model could not be stored.
    /// </summary>
    public bool HasStoredModel { get; private init; }

    /// <summary>The report as the page shows it, or null when there is none.</summary>
    public EvaluationView? View { get; private init; }

    /// <summary>Why a stored model has no report, or null.</summary>
    public string? ReportError { get; private init; }

    /// <summary>
    /// Creates the state from what <see cref="Runs.RunModelStore.LoadReportAsync"/> returned: null when the run has no
    /// stored model, otherwise the report or the reason it is missing.
    /// </summary>
    public static RunEvaluationState From((EvaluationReport? Report, string? Error)? stored) => stored is not { } result
        ? new RunEvaluationState()
        : new RunEvaluationState
        {
            HasStoredModel = true,
            View = result.Report is null ? null : EvaluationView.From(result.Report),
            ReportError = result.Error,
        };
}
