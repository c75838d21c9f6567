using FedWorkbench.Simulation.Partitioning;

namespace FedWorkbench.Simulation.Tests.Partitioning;

internal static class PartitionAssert
{
    /// <summary>Returns labels 0, 1, …, classCount − 1, 0, 1, … of the given length.</summary>
    public static byte[] CyclicLabels(int count, int classCount) =>
        Enumerable.Range(0, count).Select(i => (byte)(i % classCount)).ToArray();

    /// <summary>Asserts that every index in [0, sampleCount) belongs to exactly one client.</summary>
    public static void IsDisjointCover(ClientPartition partition, int sampleCount)
    {
        int[] owners = new int[sampleCount];
        Array.Fill(owners, -1);
        for (int client = 0; client < partition.ClientCount; client++)
        {
            foreach (int index in partition.IndicesOf(client))
            {
                Assert.InRange(index, 0, sampleCount - 1);
                Assert.True(owners[index] == -1, $"Sample {index} belongs to clients {owners[index]} and {client}.");
                owners[index] = client;
            }
        }

        int unassigned = Array.IndexOf(owners, -1);
        Assert.True(unassigned == -1, $"Sample {unassigned} belongs to no client.");
    }
}
