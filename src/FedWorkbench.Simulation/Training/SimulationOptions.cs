namespace FedWorkbench.Simulation.Training;

/// <summary>Process-level settings of the engine that do not change a run's results.</summary>
public sealed record SimulationOptions
{
    /// <summary>
    /// Threads used to train the clients of a round and to evaluate, at least 1. Results do not depend on it.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}
