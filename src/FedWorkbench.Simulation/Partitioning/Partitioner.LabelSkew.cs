using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Randomness;

namespace FedWorkbench.Simulation.Partitioning;

public static partial class Partitioner
{
    /// <summary>
    /// Pathological non-IID split of McMahan et al. 2017 ("Communication-Efficient Learning of Deep Networks from
    /// Decentralized Data"): sort the samples by label, cut them into K·s shards of consecutive samples, shuffle the
    /// shards and deal s of them to each client.
    /// </summary>
    /// <remarks>
    /// Shard sizes differ by at most one, so that no sample is lost when K·s does not divide N: the first N mod K·s
    /// shards hold ⌊N/(K·s)⌋ + 1 samples. A shard that crosses a label boundary gives its client one more label.
    /// </remarks>
    private static int[][] SplitShards(ExperimentConfig config, ReadOnlySpan<byte> labels, int classCount, ref SeededRandom random)
    {
        int clientCount = config.Clients;
        int shardsPerClient = config.ShardsPerClient;
        int sampleCount = labels.Length;

        if (shardsPerClient < 1)
        {
            throw new ExperimentException(
                $"Shards per client {shardsPerClient} must be at least 1; McMahan et al. 2017 use 2.");
        }

        long shardCount = (long)clientCount * shardsPerClient;
        if (shardCount > sampleCount)
        {
            throw new ExperimentException(
                $"The shards partition cannot cut {Number(sampleCount)} training samples into {Number(clientCount)} clients × " +
                $"{Number(shardsPerClient)} shards = {Number(shardCount)} shards of at least one sample. " +
                "Use fewer clients or fewer shards per client.");
        }

        // GroupByClass lists each label's indices in ascending order, so the concatenation is a sort by label that
        // is stable by index.
        int[] sortedByLabel = GroupByClass(labels, classCount).SelectMany(indices => indices).ToArray();

        int shards = (int)shardCount;
        int[] shardOrder = Enumerable.Range(0, shards).ToArray();
        random.Shuffle(shardOrder.AsSpan());

        int baseSize = sampleCount / shards;
        int largerCount = sampleCount % shards;
        var clientIndices = new int[clientCount][];
        for (int client = 0; client < clientCount; client++)
        {
            var indices = new List<int>(shardsPerClient * (baseSize + 1));
            for (int dealt = 0; dealt < shardsPerClient; dealt++)
            {
                // Shard j starts after j shards of ⌊N/S⌋ samples and after the min(j, N mod S) larger shards before it.
                int shard = shardOrder[client * shardsPerClient + dealt];
                int start = shard * baseSize + Math.Min(shard, largerCount);
                int size = baseSize + (shard < largerCount ? 1 : 0);
                indices.AddRange(new ArraySegment<int>(sortedByLabel, start, size));
            }

            clientIndices[client] = indices.ToArray();
        }

        return clientIndices;
    }

    /// <summary>
    /// Label-quantity skew #C=k of NIID-Bench (Li et al. 2022, "Federated Learning on Non-IID Data Silos: An
    /// Experimental Study"): client i gets label i mod C and k − 1 other distinct labels drawn with the seed, and
    /// each label's shuffled samples are split as evenly as possible among the clients that drew it.
    /// </summary>
    /// <remarks>
    /// As in NIID-Bench, samples of a label that no client drew stay unused, which happens when K·k is small
    /// compared with C. Throws when a label has fewer samples than clients holding it, because such a client would
    /// end up with fewer than k labels.
    /// </remarks>
    private static int[][] SplitClasses(ExperimentConfig config, ReadOnlySpan<byte> labels, int classCount, ref SeededRandom random)
    {
        int clientCount = config.Clients;
        int classesPerClient = config.ClassesPerClient;

        if (classesPerClient < 1 || classesPerClient > classCount)
        {
            throw new ExperimentException(
                $"Classes per client {classesPerClient} is outside [1, {classCount}], where {classCount} is the number of " +
                $"labels of the dataset; enter a number from 1 to {classCount}.");
        }

        var holders = new List<int>[classCount];
        for (int label = 0; label < classCount; label++)
        {
            holders[label] = [];
        }

        int[] others = new int[classCount - 1];
        for (int client = 0; client < clientCount; client++)
        {
            int first = client % classCount;
            holders[first].Add(client);

            // A partial Fisher–Yates shuffle of the other labels draws k − 1 distinct ones.
            int filled = 0;
            for (int label = 0; label < classCount; label++)
            {
                if (label != first)
                {
                    others[filled++] = label;
                }
            }

            for (int drawn = 0; drawn < classesPerClient - 1; drawn++)
            {
                int pick = drawn + random.NextInt(others.Length - drawn);
                (others[drawn], others[pick]) = (others[pick], others[drawn]);
                holders[others[drawn]].Add(client);
            }
        }

        int[][] classIndices = GroupByClass(labels, classCount);
        var clientLists = new List<int>[clientCount];
        for (int client = 0; client < clientCount; client++)
        {
            clientLists[client] = [];
        }

        for (int label = 0; label < classCount; label++)
        {
            int[] indices = classIndices[label];
            int holderCount = holders[label].Count;
            if (holderCount == 0)
            {
                continue;
            }

            if (indices.Length < holderCount)
            {
                throw new ExperimentException(
                    $"The classes partition gives label {label} to {Number(holderCount)} clients, but the training set holds " +
                    $"only {Number(indices.Length)} {Samples(indices.Length)} of it, so some client would hold fewer than {classesPerClient} labels. " +
                    $"Use fewer clients than {Number(clientCount)}" +
                    (classesPerClient > 1 ? $" or fewer classes per client than {classesPerClient}." : "."));
            }

            // The first (n mod m) holders get ⌊n/m⌋ + 1 samples of the label, the rest ⌊n/m⌋.
            random.Shuffle(indices.AsSpan());
            int baseSize = indices.Length / holderCount;
            int largerCount = indices.Length % holderCount;
            int start = 0;
            for (int holder = 0; holder < holderCount; holder++)
            {
                int size = baseSize + (holder < largerCount ? 1 : 0);
                clientLists[holders[label][holder]].AddRange(new ArraySegment<int>(indices, start, size));
                start += size;
            }
        }

        return clientLists.Select(list => list.ToArray()).ToArray();
    }
}
