using FedWorkbench.Data.Baselines;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Storage;

namespace FedWorkbench.Web.Baselines;

/// <summary>One centralized baseline that a run asked for, as the run page and the HTTP API show it.</summary>
/// <param name="Kind">The baseline.</param>
/// <param name="Status">Queued, Running, Completed or Failed.</param>
/// <param name="TestAccuracy">Accuracy on the run's test split in [0, 1]; null until Completed.</param>
/// <param name="TestLogLoss">Mean cross-entropy on the test split; null until Completed, and when it was not finite.</param>
/// <param name="Description">The trainer and its hyper-parameters in one line; null until Completed.</param>
/// <param name="Seconds">Wall-clock seconds of training and scoring; null until Completed.</param>
/// <param name="Error">Why the baseline failed or was not queued, for the user; null unless Failed.</param>
/// <param name="FinishedAt">When it completed or failed; null before.</param>
public sealed record RunBaseline(
    BaselineKind Kind,
    BaselineStatus Status,
    double? TestAccuracy,
    double? TestLogLoss,
    string? Description,
    double? Seconds,
    string? Error,
    DateTimeOffset? FinishedAt)
{
    /// <summary>Converts a stored baseline row.</summary>
    internal static RunBaseline From(BaselineKind kind, BaselineEntity row) =>
        new(kind, row.Status, row.TestAccuracy, row.TestLogLoss, row.Description, row.Seconds, row.Error, row.FinishedAt);
}

/// <summary>
/// A baseline that the run asked for changed status: it started, completed or failed. Published to every run
/// waiting for that baseline, because runs with the same data and settings share one.
/// </summary>
public sealed record BaselineChanged(Guid RunId, RunBaseline Baseline) : RunEvent(RunId);
