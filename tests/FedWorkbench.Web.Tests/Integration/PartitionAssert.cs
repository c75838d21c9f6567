using FedWorkbench.Simulation.Partitioning;

namespace FedWorkbench.Web.Tests.Integration;

/// <summary>Compares partition statistics by value, because the record's own equality compares its arrays by reference.</summary>
internal static class PartitionAssert
{
    public static void Equal(PartitionStatistics expected, PartitionStatistics? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.ClassCount, actual.ClassCount);
        Assert.Equal(expected.ClientSizes, actual.ClientSizes);
        Assert.Equal(expected.HeldOutSizes, actual.HeldOutSizes);
        Assert.Equal(expected.LabelCounts.Length, actual.LabelCounts.Length);
        for (int client = 0; client < expected.LabelCounts.Length; client++)
        {
            Assert.Equal(expected.LabelCounts[client], actual.LabelCounts[client]);
        }

        Assert.Equal(expected.LabelSkew, actual.LabelSkew);
    }
}
