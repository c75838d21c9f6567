using System.Runtime.CompilerServices;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Partitioning;
using FedWorkbench.Simulation.Training;
using FedWorkbench.Web.Runs;

namespace FedWorkbench.Web.Tests.Integration;

/// <summary>
/// Holds each round of every run until the test releases it, so that a test can act between two rounds
/// (follow mid-run, cancel a running run, fill the queue) without depending on how fast training is.
/// </summary>
internal sealed class RoundGate
{
    private readonly SemaphoreSlim _permits = new(0);

    /// <summary>Lets <paramref name="rounds"/> more rounds be stored, over all runs.</summary>
    public void Release(int rounds) => _permits.Release(rounds);

    /// <summary>Waits for one permit; cancelled with the run.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _permits.WaitAsync(cancellationToken);
}

/// <summary>Wraps the real engine and waits at <see cref="RoundGate"/> before handing each round to the worker.</summary>
internal sealed class GatedExperimentRunner(IExperimentRunner inner, RoundGate gate) : IExperimentRunner
{
    public async IAsyncEnumerable<CheckpointedRound> RunWithCheckpointsAsync(
        ExperimentConfig config,
        EngineCheckpoint? resumeFrom,
        CheckpointSettings settings,
        Func<PartitionStatistics, CancellationToken, Task>? partitioned,
        Func<FedWorkbench.Simulation.Models.TrainedModel, CancellationToken, Task>? completed,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (CheckpointedRound round in inner.RunWithCheckpointsAsync(config, resumeFrom, settings, partitioned, completed, cancellationToken)
            .WithCancellation(cancellationToken))
        {
            await gate.WaitAsync(cancellationToken);
            yield return round;
        }
    }
}
