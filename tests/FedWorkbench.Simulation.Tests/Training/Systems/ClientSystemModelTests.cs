using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Training.Systems;

namespace FedWorkbench.Simulation.Tests.Training.Systems;

public sealed class ClientSystemModelTests
{
    [Fact]
    public void Create_ZeroSpreadGivesEveryClientTheMedian()
    {
        var config = new ExperimentConfig { Clients = 30, ComputeSpeedMedian = 750, ComputeSpeedSpread = 0, BandwidthMedianMbps = 8, BandwidthSpread = 0 };

        ClientSystemModel model = ClientSystemModel.Create(config);

        for (int client = 0; client < 30; client++)
        {
            Assert.Equal(750, model.ComputeSpeed(client));
            Assert.Equal(1_000_000, model.BytesPerSecond(client));
        }
    }

    [Fact]
    public void Create_LogNormalMedianMatchesConfiguredMedian()
    {
        // Arrange: for 10,000 log-normal draws with σ = 0.8, the sample median's standard error is about
        // 1.2533·σ/√K ≈ 1% of the median, so 5% is a margin of five standard errors.
        const int clients = 10_000;
        var config = new ExperimentConfig
        {
            Clients = clients, ComputeSpeedMedian = 500, ComputeSpeedSpread = 0.8, BandwidthMedianMbps = 20, BandwidthSpread = 0.8,
        };

        // Act
        ClientSystemModel model = ClientSystemModel.Create(config);

        // Assert
        double speedMedian = Median(Enumerable.Range(0, clients).Select(model.ComputeSpeed));
        double bandwidthMedian = Median(Enumerable.Range(0, clients).Select(model.BytesPerSecond));
        Assert.InRange(speedMedian, 500 * 0.95, 500 * 1.05);
        Assert.InRange(bandwidthMedian, 2.5e6 * 0.95, 2.5e6 * 1.05);
        double logStd = StandardDeviation(Enumerable.Range(0, clients).Select(client => Math.Log(model.ComputeSpeed(client))));
        Assert.InRange(logStd, 0.8 * 0.95, 0.8 * 1.05);
    }

    [Fact]
    public void Create_SameSeedGivesSameProfiles()
    {
        var config = new ExperimentConfig { Clients = 20, Seed = 9 };

        ClientSystemModel first = ClientSystemModel.Create(config);
        ClientSystemModel second = ClientSystemModel.Create(config);
        ClientSystemModel otherSeed = ClientSystemModel.Create(config with { Seed = 10 });

        Assert.Equal(first.ComputeSpeed(7), second.ComputeSpeed(7));
        Assert.Equal(first.BytesPerSecond(7), second.BytesPerSecond(7));
        Assert.NotEqual(first.ComputeSpeed(7), otherSeed.ComputeSpeed(7));
    }

    [Fact]
    public void UpdateSeconds_AddsDownloadTrainingAndUpload()
    {
        var config = new ExperimentConfig { Clients = 5, Seed = 2 };
        ClientSystemModel model = ClientSystemModel.Create(config);
        double speed = model.ComputeSpeed(3);
        double bandwidth = model.BytesPerSecond(3);

        double seconds = model.UpdateSeconds(3, trainedSamples: 1200, bytesDown: 800_000, bytesUp: 200_000);

        double expected = (800_000 / bandwidth) + (1200 / speed) + (200_000 / bandwidth);
        Assert.Equal(expected, seconds, 1e-12);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    public void DropsOut_FrequencyMatchesProbability(double probability)
    {
        // 20,000 draws give a binomial standard error of at most √(0.25/20,000) ≈ 0.0035; 0.02 is over five of them.
        int drops = 0;
        int draws = 0;
        for (int round = 1; round <= 200; round++)
        {
            for (int client = 0; client < 100; client++)
            {
                draws++;
                if (ClientReliability.DropsOut(7, round, client, probability))
                {
                    drops++;
                }
            }
        }

        Assert.InRange((double)drops / draws, probability - 0.02, probability + 0.02);
    }

    [Fact]
    public void DropsOut_ZeroProbabilityNeverDrops()
    {
        Assert.DoesNotContain(Enumerable.Range(0, 1000), client => ClientReliability.DropsOut(1, 1, client, 0));
    }

    [Fact]
    public void DropsOut_IsDeterministic()
    {
        bool[] first = Enumerable.Range(0, 100).Select(client => ClientReliability.DropsOut(3, 4, client, 0.3)).ToArray();
        bool[] second = Enumerable.Range(0, 100).Select(client => ClientReliability.DropsOut(3, 4, client, 0.3)).ToArray();
        bool[] otherRound = Enumerable.Range(0, 100).Select(client => ClientReliability.DropsOut(3, 5, client, 0.3)).ToArray();

        Assert.Equal(first, second);
        Assert.NotEqual(first, otherRound);
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double StandardDeviation(IEnumerable<double> values)
    {
        double[] array = values.ToArray();
        double mean = array.Average();
        return Math.Sqrt(array.Sum(value => (value - mean) * (value - mean)) / (array.Length - 1));
    }
}
