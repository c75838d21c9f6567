using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Models;
using FedWorkbench.Simulation.Partitioning;
using FedWorkbench.Simulation.Training;

namespace FedWorkbench.Web.Runs;

/// <summary>Executes an experiment and yields its rounds; the run worker's only link to the engine.</summary>
/// <remarks>Integration tests wrap the real engine through this interface to pause a run between rounds.</remarks>
public interface IExperimentRunner
{
    /// <summary>
    /// Runs <paramref name="config"/>, or continues it from <paramref name="resumeFrom"/>, and yields each round as
    /// it ends with a checkpoint of the engine state after it. Throws <see cref="ExperimentException"/> with a user
    /// message when the experiment cannot run or the checkpoint does not fit the configuration, and
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <param name="config">The experiment to run.</param>
    /// <param name="resumeFrom">The checkpoint to continue from, or null to start at round 1.</param>
    /// <param name="settings">How checkpoints are taken, including their maximum size.</param>
    /// <param name="partitioned">
    /// Awaited once with the partition statistics after the data is split, before the first round, also on resume.
    /// Null skips it. An exception it throws ends the run.
    /// </param>
    /// <param name="completed">
    /// Awaited once with a copy of the final global model after the last round, before the enumeration ends. Null
    /// skips it. An exception it throws ends the run.
    /// </param>
    /// <param name="cancellationToken">Stops the run at the engine's next cancellation check.</param>
    IAsyncEnumerable<CheckpointedRound> RunWithCheckpointsAsync(
        ExperimentConfig config,
        EngineCheckpoint? resumeFrom,
        CheckpointSettings settings,
        Func<PartitionStatistics, CancellationToken, Task>? partitioned,
        Func<TrainedModel, CancellationToken, Task>? completed,
        CancellationToken cancellationToken);
}

/// <summary>Runs experiments with the process's <see cref="FederatedSimulation"/>.</summary>
internal sealed class SimulationExperimentRunner(FederatedSimulation simulation) : IExperimentRunner
{
    /// <inheritdoc />
    public IAsyncEnumerable<CheckpointedRound> RunWithCheckpointsAsync(
        ExperimentConfig config,
        EngineCheckpoint? resumeFrom,
        CheckpointSettings settings,
        Func<PartitionStatistics, CancellationToken, Task>? partitioned,
        Func<TrainedModel, CancellationToken, Task>? completed,
        CancellationToken cancellationToken) =>
        simulation.RunWithCheckpointsAsync(config, resumeFrom, settings, partitioned, completed, cancellationToken);
}
