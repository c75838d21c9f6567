namespace FedWorkbench.Simulation.Training;

/// <summary>
/// Everything a run needs to continue after round <see cref="CompletedRounds"/> with the same results as a run that
/// was never stopped: the global model and the state that strategies, compression and adaptive clipping carry from
/// round to round. The data split, the client sampling and all randomness are recomputed from the configuration and
/// the seed, so they are not stored.
/// </summary>
/// <remarks>
/// <see cref="State"/> is an opaque, versioned binary blob. It also records a fingerprint of the configuration, so
/// resuming with another configuration fails with <see cref="ExperimentException"/> instead of silently mixing runs.
/// </remarks>
public sealed class EngineCheckpoint
{
    /// <summary>Wraps a stored checkpoint. Throws <see cref="ArgumentOutOfRangeException"/> for a negative round or time.</summary>
    public EngineCheckpoint(int completedRounds, double elapsedSeconds, byte[] state)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(completedRounds);
        ArgumentOutOfRangeException.ThrowIfNegative(elapsedSeconds);
        ArgumentNullException.ThrowIfNull(state);
        CompletedRounds = completedRounds;
        ElapsedSeconds = elapsedSeconds;
        State = state;
    }

    /// <summary>Rounds finished when the checkpoint was taken; the resumed run starts at the next round.</summary>
    public int CompletedRounds { get; }

    /// <summary>Training time spent up to the checkpoint; a resumed run's elapsed time continues from it.</summary>
    public double ElapsedSeconds { get; }

    /// <summary>The serialized engine state. Callers store it as it is and must not change it.</summary>
    public byte[] State { get; }
}

/// <summary>One finished round and the checkpoint taken right after it.</summary>
/// <param name="Result">The round's metrics.</param>
/// <param name="Checkpoint">The state after the round, or null when it was larger than <see cref="CheckpointSettings.MaxBytes"/>.</param>
/// <param name="CheckpointSkippedReason">Why <paramref name="Checkpoint"/> is null, in words for the user; null otherwise.</param>
public sealed record CheckpointedRound(RoundResult Result, EngineCheckpoint? Checkpoint, string? CheckpointSkippedReason);

/// <summary>How <see cref="FederatedSimulation.RunWithCheckpointsAsync"/> takes checkpoints.</summary>
public sealed record CheckpointSettings
{
    /// <summary>Largest checkpoint taken, in bytes; a larger state is not serialized. Default 64 MiB.</summary>
    public long MaxBytes { get; init; } = 64L * 1024 * 1024;
}
