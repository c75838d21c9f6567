using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Simulation.Partitioning;

/// <summary>Splits a training set across clients as an <see cref="ExperimentConfig"/> asks.</summary>
public static class Partitioner
{
    /// <summary>
    /// Splits samples with the given labels across <see cref="ExperimentConfig.Clients"/> clients. The result
    /// depends only on the labels, the partition settings and the seed. Throws <see cref="ExperimentException"/>
    /// when the constraints cannot be met, saying what to change.
    /// </summary>
    public static ClientPartition Split(ExperimentConfig config, ReadOnlySpan<byte> labels, int classCount)
    {
        // TODO: implemented by the data work: IID and Dirichlet label skew.
        throw new NotImplementedException();
    }
}
