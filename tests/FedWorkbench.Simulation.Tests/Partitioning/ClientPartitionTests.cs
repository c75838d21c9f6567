using FedWorkbench.Simulation.Partitioning;

namespace FedWorkbench.Simulation.Tests.Partitioning;

public sealed class ClientPartitionTests
{
    [Fact]
    public void CountLabels_CountsPerClientAndClass()
    {
        // Arrange
        byte[] labels = [0, 1, 1, 2, 2, 2];
        var partition = new ClientPartition([[0, 3], [1, 2, 4, 5]]);

        // Act
        int[][] counts = partition.CountLabels(labels, 3);

        // Assert
        Assert.Equal([1, 0, 1], counts[0]);
        Assert.Equal([0, 2, 2], counts[1]);
    }

    [Fact]
    public void LabelSkew_OneClassPerClient_IsNineTenths()
    {
        // Arrange: 10 clients, each holding 5 samples of its own class.
        byte[] labels = Enumerable.Range(0, 50).Select(i => (byte)(i / 5)).ToArray();
        int[][] indices = Enumerable.Range(0, 10).Select(client => Enumerable.Range(client * 5, 5).ToArray()).ToArray();
        var partition = new ClientPartition(indices);

        // Act
        double skew = partition.LabelSkew(labels, 10);

        // Assert: ½·(|1 − 0.1| + 9·|0 − 0.1|) = 0.9 for every client.
        Assert.Equal(0.9, skew, 1e-12);
    }

    [Fact]
    public void LabelSkew_SameMixEverywhere_IsZero()
    {
        // Arrange: both clients hold one sample of each of 4 classes.
        byte[] labels = [0, 1, 2, 3, 0, 1, 2, 3];
        var partition = new ClientPartition([[0, 1, 2, 3], [4, 5, 6, 7]]);

        // Act
        double skew = partition.LabelSkew(labels, 4);

        // Assert
        Assert.Equal(0, skew, 1e-12);
    }
}
