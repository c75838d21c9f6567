using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Partitioning;
using FedWorkbench.Simulation.Training;

namespace FedWorkbench.Web.Runs;

/// <summary>Executes an experiment and yields its rounds; the run worker's only link to the engine.</summary>
/// <remarks>Integration tests wrap the real engine through this interface to pause a run between rounds.</remarks>
public interface IExperimentRunner
{
    /// <summary>
    /// Runs <paramref name="config"/> and yields each round as it ends. Throws <see cref="ExperimentException"/>
    /// with a user message when the experiment cannot run, and <see cref="OperationCanceledException"/> when
    /// <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <param name="partitioned">
    /// Awaited once with the partition statistics after the data is split, before round 1 starts. Null skips it.
    /// An exception it throws ends the run.
    /// </param>
    IAsyncEnumerable<RoundResult> RunAsync(
        ExperimentConfig config,
        Func<PartitionStatistics, CancellationToken, Task>? partitioned,
        CancellationToken cancellationToken);
}

/// <summary>Runs experiments with the process's <see cref="FederatedSimulation"/>.</summary>
internal sealed class SimulationExperimentRunner(FederatedSimulation simulation) : IExperimentRunner
{
    /// <inheritdoc />
    public IAsyncEnumerable<RoundResult> RunAsync(
        ExperimentConfig config,
        Func<PartitionStatistics, CancellationToken, Task>? partitioned,
        CancellationToken cancellationToken) =>
        simulation.RunAsync(config, partitioned, cancellationToken);
}
