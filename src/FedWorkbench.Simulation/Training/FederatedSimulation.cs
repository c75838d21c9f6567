using System.Runtime.CompilerServices;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FedWorkbench.Simulation.Training;

/// <summary>Runs federated experiments with FedAvg and streams one <see cref="RoundResult"/> per round.</summary>
public sealed class FederatedSimulation
{
    private readonly DatasetCatalog _datasets;
    private readonly SimulationOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the engine over a shared dataset catalog.</summary>
    public FederatedSimulation(DatasetCatalog datasets, SimulationOptions? options = null, ILogger<FederatedSimulation>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        _datasets = datasets;
        _options = options ?? new SimulationOptions();
        _logger = logger ?? NullLogger<FederatedSimulation>.Instance;
    }

    /// <summary>
    /// Runs <paramref name="config"/> and yields each round's metrics as soon as the round ends. Throws
    /// <see cref="ExperimentException"/> before the first round when the configuration is invalid or the data
    /// cannot be loaded or partitioned, and <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    public async IAsyncEnumerable<RoundResult> RunAsync(
        ExperimentConfig config,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // TODO: implemented by the training work: models, local SGD, FedAvg, evaluation.
        await Task.Yield();
        _ = _datasets;
        _ = _options;
        _ = _logger;
        throw new NotImplementedException();
#pragma warning disable CS0162 // Unreachable until implemented; keeps the method an iterator.
        yield break;
#pragma warning restore CS0162
    }
}
