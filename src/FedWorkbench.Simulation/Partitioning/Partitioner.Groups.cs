using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Randomness;
using FedWorkbench.Simulation.Training;

namespace FedWorkbench.Simulation.Partitioning;

public static partial class Partitioner
{
    /// <summary>
    /// Deals the training set out to the client groups, then splits each group's samples across its clients with
    /// the group's own partition settings.
    /// </summary>
    /// <remarks>
    /// The sample indices are shuffled with <c>SeededRandom(seed, RandomStreams.GroupShares)</c>, and group g takes
    /// the next ⌊s_g·N⌋ of them, in ascending order. Group 0 then partitions its samples with the run's partition
    /// stream <c>SeededRandom(seed, RandomStreams.Partition)</c> and group g ≥ 1 with
    /// <c>SeededRandom(seed, RandomStreams.Partition, g)</c>, so one group with share 1 gives exactly the partition
    /// of the same settings without groups.
    /// </remarks>
    private static int[][] SplitGroups(ExperimentConfig config, ReadOnlySpan<byte> labels, int classCount)
    {
        ClientPopulation population = ClientPopulation.Create(config);
        int sampleCount = labels.Length;
        int[] order = Enumerable.Range(0, sampleCount).ToArray();
        new SeededRandom(config.Seed, RandomStreams.GroupShares).Shuffle(order.AsSpan());

        var clientIndices = new int[population.ClientCount][];
        int start = 0;
        for (int group = 0; group < population.Groups.Count; group++)
        {
            ClientGroupConfig settings = population.Groups[group];
            string groupName = ClientPopulation.Describe(group, settings);
            if (!(settings.DataShare > 0 && settings.DataShare <= 1))
            {
                throw new ExperimentException(
                    $"{groupName}: data share {Format(settings.DataShare)} is outside (0, 1]; enter for example 0.2 for 20% of the training set.");
            }

            int size = ClientPopulation.GroupSampleCount(settings.DataShare, sampleCount);
            if (size > sampleCount - start)
            {
                throw new ExperimentException(
                    $"{groupName}: the data shares of the client groups add up to more than 1; lower them so that their sum is at most 1.");
            }

            int[] samples = order[start..(start + size)];
            start += size;
            Array.Sort(samples);
            byte[] groupLabels = new byte[size];
            for (int i = 0; i < size; i++)
            {
                groupLabels[i] = labels[samples[i]];
            }

            SeededRandom random = group == 0
                ? new SeededRandom(config.Seed, RandomStreams.Partition)
                : new SeededRandom(config.Seed, RandomStreams.Partition, group);
            int[][] local;
            try
            {
                local = SplitClients(ClientPopulation.WithGroupSettings(config, settings), groupLabels, classCount, ref random);
            }
            catch (ExperimentException exception)
            {
                throw new ExperimentException($"{groupName}: {exception.Message}", exception);
            }

            // The group's partitioner indexes into the group's samples, so map its indices back to the training set.
            int first = population.FirstClientOf(group);
            for (int client = 0; client < local.Length; client++)
            {
                int[] indices = local[client];
                for (int i = 0; i < indices.Length; i++)
                {
                    indices[i] = samples[indices[i]];
                }

                clientIndices[first + client] = indices;
            }
        }

        return clientIndices;
    }
}
