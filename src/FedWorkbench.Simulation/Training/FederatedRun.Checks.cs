using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Partitioning;

namespace FedWorkbench.Simulation.Training;

/// <summary>Checks of the data and the partition, run once before round 1.</summary>
internal sealed partial class FederatedRun
{
    private static void CheckDataset(Dataset dataset)
    {
        if (dataset.ClassCount < 2 || dataset.ClassCount > byte.MaxValue + 1)
        {
            throw new ExperimentException($"Dataset {dataset.Name} has {dataset.ClassCount} classes, but the engine needs between 2 and 256.");
        }

        if (dataset.Train.Count == 0 || dataset.Test.Count == 0)
        {
            throw new ExperimentException(
                $"Dataset {dataset.Name} has {dataset.Train.Count} training and {dataset.Test.Count} test samples, but both splits need at least one.");
        }

        CheckLabels(dataset, dataset.Train, "training");
        CheckLabels(dataset, dataset.Test, "test");
    }

    private static void CheckLabels(Dataset dataset, DataSplit split, string splitName)
    {
        ReadOnlySpan<byte> labels = split.Labels;
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= dataset.ClassCount)
            {
                throw new ExperimentException(
                    $"Dataset {dataset.Name}: {splitName} sample {i} has label {labels[i]}, but there are only {dataset.ClassCount} classes. The data files may be corrupt.");
            }
        }
    }

    private static void CheckPartition(ClientPartition partition, int clients, int trainCount)
    {
        if (partition.ClientCount != clients)
        {
            throw new ExperimentException($"The partition has {partition.ClientCount} clients, but the experiment is configured for {clients}.");
        }

        var seen = new bool[trainCount];
        for (int client = 0; client < clients; client++)
        {
            ReadOnlySpan<int> indices = partition.IndicesOf(client);
            if (indices.IsEmpty)
            {
                throw new ExperimentException($"Client {client} received no training samples. Use fewer clients or a larger Dirichlet α.");
            }

            foreach (int index in indices)
            {
                if ((uint)index >= (uint)trainCount || seen[index])
                {
                    throw new ExperimentException(
                        $"The partition gives client {client} training sample {index}, which is out of range [0, {trainCount}) or already held by another client.");
                }

                seen[index] = true;
            }
        }

        // Held-out samples must be in range and held by no one else, training included, or a client's accuracy
        // would be measured on samples some client trained on.
        for (int client = 0; client < clients; client++)
        {
            foreach (int index in partition.HeldOutOf(client))
            {
                if ((uint)index >= (uint)trainCount || seen[index])
                {
                    throw new ExperimentException(
                        $"The partition holds out training sample {index} for client {client}, but it is out of range [0, {trainCount}) or already used for training or by another client.");
                }

                seen[index] = true;
            }
        }
    }
}
