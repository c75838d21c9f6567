namespace FedWorkbench.Web.Storage;

/// <summary>
/// The engine checkpoint of a run after its last stored round, one row per run, replaced in the same transaction
/// that stores each round. Resuming an interrupted run starts from it.
/// </summary>
public sealed class RunCheckpointEntity
{
    /// <summary>Primary key, and foreign key of the run.</summary>
    public Guid RunId { get; set; }

    /// <summary>The run this checkpoint belongs to.</summary>
    public RunEntity Run { get; set; } = null!;

    /// <summary>Rounds finished when the checkpoint was taken.</summary>
    public int CompletedRounds { get; set; }

    /// <summary>Training seconds spent up to the checkpoint.</summary>
    public double ElapsedSeconds { get; set; }

    /// <summary>The engine's serialized <see cref="Simulation.Training.EngineCheckpoint.State"/>.</summary>
    public byte[] State { get; set; } = [];

    /// <summary>When the checkpoint was stored.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
