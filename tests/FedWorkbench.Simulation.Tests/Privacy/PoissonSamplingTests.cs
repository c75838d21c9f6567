using FedWorkbench.Simulation.Randomness;
using FedWorkbench.Simulation.Training;

namespace FedWorkbench.Simulation.Tests.Privacy;

public sealed class PoissonSamplingTests
{
    [Fact]
    public void SamplePoisson_FrequencyIsC()
    {
        // Arrange: 2,000 clients over 50 rounds are 100,000 Bernoulli(0.1) draws, whose mean has std 0.00095.
        const int clients = 2_000, rounds = 50;
        const double fraction = 0.1;

        // Act
        long total = 0;
        for (int round = 1; round <= rounds; round++)
        {
            total += ClientSampler.SamplePoisson(seed: 11, round, clients, fraction).Length;
        }

        // Assert: within 5 standard deviations.
        double frequency = total / (double)(clients * rounds);
        Assert.InRange(frequency, fraction - 0.0048, fraction + 0.0048);
    }

    [Fact]
    public void SamplePoisson_UsesPerClientStream()
    {
        int[] sampled = ClientSampler.SamplePoisson(seed: 3, round: 2, clients: 200, clientFraction: 0.3);

        int[] expected = [.. Enumerable.Range(0, 200).Where(k => new SeededRandom(3, RandomStreams.PoissonSampling, 2, k).NextDouble() < 0.3)];
        Assert.Equal(expected, sampled);
        Assert.Equal(sampled.Order(), sampled);
    }

    [Fact]
    public void SamplePoisson_CanBeEmpty()
    {
        // With C·K = 0.01 most rounds sample no client.
        int empty = Enumerable.Range(1, 20).Count(round => ClientSampler.SamplePoisson(1, round, 10, 0.001).Length == 0);

        Assert.True(empty > 0, "expected at least one empty round in 20");
    }
}
