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

    // RunLaunchLimits checks the limits below when a run is launched from the form, a board or the API.
    // A resume is checked too; each default is documented in docs/deploy.md.

    /// <summary>
    /// Runs queued or running at once per room. Default 4, so that in a busy room the facilitator can still
    /// launch a run while two or three participants' runs wait.
    /// </summary>
    [Range(1, 1_000, ErrorMessage = "Runs:MaxRunsPerRoom must be between {1} and {2}.")]
    public int MaxRunsPerRoom { get; set; } = 4;

    /// <summary>Clients (K) per run. Default 10,000, the engine's own limit.</summary>
    [Range(1, 10_000, ErrorMessage = "Runs:MaxClients must be between {1} and {2}.")]
    public int MaxClients { get; set; } = 10_000;

    /// <summary>Rounds per run. Default 1,000, the engine's own limit.</summary>
    [Range(1, 1_000, ErrorMessage = "Runs:MaxRounds must be between {1} and {2}.")]
    public int MaxRounds { get; set; } = 1_000;

    /// <summary>Model parameters per run. Default 5,000,000.</summary>
    [Range(1_000, 100_000_000, ErrorMessage = "Runs:MaxModelParameters must be between {1} and {2}.")]
    public int MaxModelParameters { get; set; } = 5_000_000;

    /// <summary>
    /// Training samples a run may process in total, estimated as rounds × C × E × training-set size (the part of
    /// the dataset each round trains, over all rounds). Default 30,000,000, 100 times the 50-round 2NN benchmark.
    /// </summary>
    [Range(1_000, 10_000_000_000, ErrorMessage = "Runs:MaxTrainedSamples must be between {1} and {2}.")]
    public long MaxTrainedSamples { get; set; } = 30_000_000;

    /// <summary>
    /// Training work a run may take in total, in floating-point operations, estimated as rounds × C × E × training-set
    /// size × 6 × model parameters (forward and backward pass of one sample). Unlike <see cref="MaxTrainedSamples"/>
    /// it grows with the model size. Default 3 × 10^13; the 50-round 2NN benchmark takes about 3.6 × 10^11.
    /// </summary>
    [Range(1e9, 1e18, ErrorMessage = "Runs:MaxTrainingFlops must be between {1} and {2}.")]
    public double MaxTrainingFlops { get; set; } = 3e13;

    /// <summary>
    /// Largest engine checkpoint stored per round, in bytes. A run whose state is larger keeps training but cannot
    /// be resumed after an interruption. Default 64 MiB.
    /// </summary>
    [Range(1_048_576, 1_073_741_824, ErrorMessage = "Runs:MaxCheckpointBytes must be between {1} and {2}.")]
    public long MaxCheckpointBytes { get; set; } = 64L * 1024 * 1024;
}
