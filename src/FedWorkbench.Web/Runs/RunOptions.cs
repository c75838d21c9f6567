using System.ComponentModel.DataAnnotations;

namespace FedWorkbench.Web.Runs;

/// <summary>Limits of the run queue and worker. Bound from the <c>Runs</c> configuration section.</summary>
public sealed class RunOptions
{
    /// <summary>Configuration section the options are bound from.</summary>
    public const string SectionName = "Runs";

    /// <summary>
    /// Runs that may wait in the queue; launching one more is rejected until a run starts or is cancelled.
    /// Default 16.
    /// </summary>
    [Range(1, 10_000, ErrorMessage = "Runs:QueueCapacity must be between {1} and {2}.")]
    public int QueueCapacity { get; set; } = 16;

    /// <summary>
    /// Runs executed at the same time. Default 1, because one run already trains its clients on every core
    /// the engine is given.
    /// </summary>
    [Range(1, 64, ErrorMessage = "Runs:MaxConcurrentRuns must be between {1} and {2}.")]
    public int MaxConcurrentRuns { get; set; } = 1;
}
