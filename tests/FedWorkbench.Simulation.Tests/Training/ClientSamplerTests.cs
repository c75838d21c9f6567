using FedWorkbench.Simulation.Training;

namespace FedWorkbench.Simulation.Tests.Training;

public sealed class ClientSamplerTests
{
    [Theory]
    [InlineData(100, 0.1, 10)]
    [InlineData(100, 0.29, 29)]
    [InlineData(100, 0.005, 1)]
    [InlineData(7, 0.5, 3)]
    [InlineData(3, 1.0, 3)]
    [InlineData(1, 0.1, 1)]
    public void ClientsPerRound_FloorsCTimesK(int clients, double fraction, int expected)
    {
        // Act
        int count = ClientSampler.ClientsPerRound(clients, fraction);

        // Assert
        Assert.Equal(expected, count);
    }

    [Fact]
    public void Sample_DistinctSortedAndSeeded()
    {
        // Act
        int[] first = ClientSampler.Sample(seed: 42, round: 3, clients: 100, clientFraction: 0.1);
        int[] again = ClientSampler.Sample(seed: 42, round: 3, clients: 100, clientFraction: 0.1);
        int[] nextRound = ClientSampler.Sample(seed: 42, round: 4, clients: 100, clientFraction: 0.1);

        // Assert
        Assert.Equal(10, first.Length);
        Assert.Equal(first.Length, first.Distinct().Count());
        Assert.Equal(first.Order(), first);
        Assert.All(first, c => Assert.InRange(c, 0, 99));
        Assert.Equal(first, again);
        Assert.NotEqual(first, nextRound);
    }

    [Fact]
    public void Sample_CoversClientsUniformly()
    {
        // Arrange
        var counts = new int[20];

        // Act: 2,000 rounds of 5 out of 20 clients, so each client is expected 500 times.
        for (int round = 1; round <= 2_000; round++)
        {
            foreach (int client in ClientSampler.Sample(seed: 1, round, clients: 20, clientFraction: 0.25))
            {
                counts[client]++;
            }
        }

        // Assert: the binomial standard deviation is √(2000·0.25·0.75) ≈ 19, so ±100 is over 5 σ.
        Assert.All(counts, count => Assert.InRange(count, 400, 600));
    }

    [Fact]
    public void Sample_CountOfMIsFractionDraw()
    {
        // Arrange: the draw of Sample(42, 3, 100, 0.1) before the count overload existed.
        int[] recorded = RecordedDraw;

        // Act
        int[] byCount = ClientSampler.Sample(seed: 42, round: 3, clients: 100, count: 10);
        int[] byFraction = ClientSampler.Sample(seed: 42, round: 3, clients: 100, clientFraction: 0.1);

        // Assert
        Assert.Equal(recorded, byCount);
        Assert.Equal(recorded, byFraction);
    }

    [Fact]
    public void Sample_OverSelectionContainsDraw()
    {
        // Act
        int[] awaited = ClientSampler.Sample(seed: 42, round: 3, clients: 100, count: 10);
        int[] overSelected = ClientSampler.Sample(seed: 42, round: 3, clients: 100, count: 13);

        // Assert
        Assert.Equal(13, overSelected.Length);
        Assert.Equal(overSelected.Order(), overSelected);
        Assert.Subset(overSelected.ToHashSet(), awaited.ToHashSet());
    }

    [Theory]
    [InlineData(100, 10, 0.0, 10)]
    // 10·1.1 is 11.000000000000002 in float64; the tolerance keeps it at 11.
    [InlineData(100, 10, 0.1, 11)]
    [InlineData(100, 10, 0.25, 13)]
    [InlineData(100, 3, 0.5, 5)]
    // s never exceeds K.
    [InlineData(12, 10, 0.5, 12)]
    public void ClientsSelected_CeilsMTimesOnePlusO(int clients, int clientsPerRound, double overSelection, int expected)
    {
        // Act
        int selected = ClientSampler.ClientsSelected(clients, clientsPerRound, overSelection);

        // Assert
        Assert.Equal(expected, selected);
    }

    private static int[] RecordedDraw => [8, 19, 34, 50, 62, 63, 70, 79, 87, 99];
}
