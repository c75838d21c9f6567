namespace FedWorkbench.Web.Storage;

/// <summary>
/// One centralized baseline, trained once per dataset and settings and shared by every run that requests it:
/// its key is <see cref="Data.Baselines.BaselineKey"/>'s hash.
/// </summary>
public sealed class BaselineEntity
{
    /// <summary>Primary key: the hash of the baseline's dataset, kind and settings.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>The canonical text the key hashes, for display and debugging.</summary>
    public string KeyText { get; set; } = string.Empty;

    /// <summary>The baseline's kind, as its experiment-file name.</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>Queued, Running, Completed or Failed.</summary>
    public BaselineStatus Status { get; set; }

    /// <summary>Accuracy on the test set in [0, 1], once completed.</summary>
    public double? TestAccuracy { get; set; }

    /// <summary>Mean cross-entropy on the test set, once completed, when finite.</summary>
    public double? TestLogLoss { get; set; }

    /// <summary>The trainer and its settings, in one line.</summary>
    public string? Description { get; set; }

    /// <summary>Seconds the training took.</summary>
    public double? Seconds { get; set; }

    /// <summary>Why the baseline failed, for the user.</summary>
    public string? Error { get; set; }

    /// <summary>When the baseline was first requested.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the baseline finished, or null.</summary>
    public DateTimeOffset? FinishedAt { get; set; }
}

/// <summary>Where a baseline is in its life.</summary>
public enum BaselineStatus
{
    /// <summary>Waiting for the baseline worker.</summary>
    Queued,

    /// <summary>Training.</summary>
    Running,

    /// <summary>Trained; the accuracy is stored.</summary>
    Completed,

    /// <summary>Training failed; the error is stored.</summary>
    Failed,
}
