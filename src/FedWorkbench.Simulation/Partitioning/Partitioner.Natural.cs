using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Data;

namespace FedWorkbench.Simulation.Partitioning;

public static partial class Partitioner
{
    /// <summary>
    /// Splits the training set of <paramref name="dataset"/> across the clients: by owner under the
    /// <see cref="PartitionKind.Natural"/> partition, else from the labels as
    /// <see cref="Split(ExperimentConfig, ReadOnlySpan{byte}, int)"/> does.
    /// </summary>
    public static ClientPartition Split(ExperimentConfig config, Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(dataset);
        return config.Partition == PartitionKind.Natural
            ? SplitByOwner(config, dataset)
            : Split(config, dataset.Train.Labels, dataset.ClassCount);
    }

    /// <summary>
    /// Makes client i of the training samples of owner i, then holds out each client's test fraction as every
    /// partition does. Throws <see cref="ExperimentException"/> when the data names no owners, when the client
    /// count differs from the owner count, or when an owner has no training sample.
    /// </summary>
    private static ClientPartition SplitByOwner(ExperimentConfig config, Dataset dataset)
    {
        CheckClientTestFraction(config);
        SampleOwners owners = dataset.Owners ?? throw new ExperimentException(
            $"The natural partition makes one client per owner, and {dataset.Name} names no owners; " +
            "choose the column that names each row's owner, or another partition.");
        if (config.ClientGroups.Count > 0)
        {
            throw new ExperimentException(
                "The natural partition makes one client per owner, so it cannot be combined with client groups; " +
                "remove the groups or choose another partition.");
        }

        if (config.Clients != owners.Count)
        {
            throw new ExperimentException(
                $"The data has {Number(owners.Count)} owners, so the natural partition needs {Number(owners.Count)} clients, " +
                $"one per owner, not {Number(config.Clients)}; set clients to {Number(owners.Count)}.");
        }

        var sizes = new int[owners.Count];
        foreach (int owner in owners.Train)
        {
            sizes[owner]++;
        }

        int empty = Array.IndexOf(sizes, 0);
        if (empty >= 0)
        {
            throw new ExperimentException(
                $"Owner \"{owners.Names[empty]}\" has no training sample, so its client could not train; " +
                "add rows for it or leave it out of the file.");
        }

        int[][] clientIndices = sizes.Select(size => new int[size]).ToArray();
        var filled = new int[owners.Count];
        ReadOnlySpan<int> trainOwners = owners.Train;
        for (int sample = 0; sample < trainOwners.Length; sample++)
        {
            int owner = trainOwners[sample];
            clientIndices[owner][filled[owner]++] = sample;
        }

        return HoldOut(clientIndices, config);
    }
}
