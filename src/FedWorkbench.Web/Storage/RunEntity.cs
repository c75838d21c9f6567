using FedWorkbench.Web.Runs;

namespace FedWorkbench.Web.Storage;

/// <summary>A stored run: status, times and progress of one execution of an experiment.</summary>
public sealed class RunEntity
{
    /// <summary>Primary key; the run id clients use.</summary>
    public Guid Id { get; set; }

    /// <summary>Foreign key of the experiment this run executes.</summary>
    public Guid ExperimentId { get; set; }

    /// <summary>The experiment this run executes.</summary>
    public ExperimentEntity Experiment { get; set; } = null!;

    /// <summary>Life-cycle status, stored as its name.</summary>
    public RunStatus Status { get; set; }

    /// <summary>When the run was launched.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When a worker started the run; null while it is queued.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>When the run ended in any way; null while it is queued or running.</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Number of rounds the experiment requests.</summary>
    public int TotalRounds { get; set; }

    /// <summary>Rounds stored so far.</summary>
    public int CompletedRounds { get; set; }

    /// <summary>Highest test accuracy over the stored rounds; null before the first round.</summary>
    public double? BestAccuracy { get; set; }

    /// <summary>Message for the user when the run failed; null otherwise.</summary>
    public string? Error { get; set; }

    /// <summary>The room whose board launched the run; null for runs launched elsewhere or whose room was deleted.</summary>
    public Guid? RoomId { get; set; }

    /// <summary>The room whose board launched the run.</summary>
    public RoomEntity? Room { get; set; }

    /// <summary>The board the run was compiled from; null for runs launched elsewhere.</summary>
    public Guid? BoardId { get; set; }

    /// <summary>Display name of the person who launched the run from a board (at most 40 characters).</summary>
    public string? LaunchedBy { get; set; }

    /// <summary>Stored rounds of this run.</summary>
    public List<RoundEntity> Rounds { get; set; } = [];

    /// <summary>How the run's data is spread over its clients. Null until the engine has split it.</summary>
    public RunPartitionEntity? Partition { get; set; }

    /// <summary>
    /// The centralized baselines the launcher asked for, as their names separated by commas (for example
    /// "engine,maximum-entropy"), or null for none.
    /// </summary>
    public string? BaselineKinds { get; set; }
}
