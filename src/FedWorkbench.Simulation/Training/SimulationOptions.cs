namespace FedWorkbench.Simulation.Training;

/// <summary>Process-level settings of the engine that do not change a run's results.</summary>
public sealed record SimulationOptions
{
    /// <summary>
    /// Threads used to train the clients of a round and to evaluate, at least 1. Results do not depend on it.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Scheduler that runs data loading, each round and the parallel loops inside a round, for example a
    /// <see cref="DedicatedThreadTaskScheduler"/>; null runs them on the .NET thread pool. Results do not depend on
    /// it. Parallel loops use at most its <see cref="System.Threading.Tasks.TaskScheduler.MaximumConcurrencyLevel"/>
    /// threads. The caller owns the scheduler and disposes it after the last run.
    /// </summary>
    public TaskScheduler? TaskScheduler { get; init; }
}
