using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Training;

namespace FedWorkbench.Simulation.Tests.Training;

public sealed class RoundMetricsTests
{
    [Theory]
    // none: 4·P.
    [InlineData(CompressionKind.None, 0.01, 1_000, 0, 4_000)]
    // q8: P bytes of values + 8 bytes (float32 minimum and maximum) for each of ⌈1000/512⌉ = 2 buckets.
    [InlineData(CompressionKind.Q8, 0.01, 1_000, 0, 1_000 + 16)]
    // q4: ⌈4·P/8⌉ bytes of values + 8 per bucket; P = 1001 has an odd number of half bytes.
    [InlineData(CompressionKind.Q4, 0.01, 1_000, 0, 500 + 16)]
    [InlineData(CompressionKind.Q4, 0.01, 1_001, 0, 501 + 16)]
    // topk: k = ⌈0.01·1000⌉ = 10 values of 8 bytes (int32 index + float32 value).
    [InlineData(CompressionKind.TopK, 0.01, 1_000, 0, 80)]
    // topk keeps at least one value: ⌈0.0001·1000⌉ = 1.
    [InlineData(CompressionKind.TopK, 0.0001, 1_000, 0, 8)]
    // SCAFFOLD sends Δc_i uncompressed besides its update: 4·P more.
    [InlineData(CompressionKind.None, 0.01, 1_000, 1, 8_000)]
    [InlineData(CompressionKind.Q8, 0.01, 1_000, 1, 1_016 + 4_000)]
    public void BytesUpPerClient_FollowsEncoding(CompressionKind compression, double topKFraction, int parameters, int extraVectors, long expected)
    {
        // Act
        long bytes = RoundMetrics.BytesUpPerClient(compression, topKFraction, parameters, extraVectors);

        // Assert
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData(1_000, 0, 4_000)]
    // SCAFFOLD also sends the server control variate c: 4·P·2.
    [InlineData(1_000, 1, 8_000)]
    public void BytesDownPerClient_CountsExtraVectors(int parameters, int extraVectors, long expected)
    {
        // Act
        long bytes = RoundMetrics.BytesDownPerClient(parameters, extraVectors);

        // Assert
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void SummarizeClientAccuracy_FourClients()
    {
        // Arrange: mean 0.625, squared deviations 0.015625 + 0.015625 + 0.140625 + 0.140625 = 0.3125.
        double[] accuracies = [0.5, 0.75, 1.0, 0.25];

        // Act
        ClientAccuracySummary? summary = RoundMetrics.SummarizeClientAccuracy(accuracies);

        // Assert: the worst ⌈10% of 4⌉ = 1 client is the one at 0.25.
        Assert.NotNull(summary);
        Assert.Equal(4, summary.Clients);
        Assert.Equal(0.625, summary.Mean, 1e-12);
        Assert.Equal(Math.Sqrt(0.3125 / 4), summary.StandardDeviation, 1e-12);
        Assert.Equal(0.25, summary.Worst10Percent, 1e-12);
    }

    [Fact]
    public void SummarizeClientAccuracy_WorstTenPercentRoundsUp()
    {
        // Arrange: 11 clients, so the worst ⌈1.1⌉ = 2 count: 0.3 and 0.4.
        double[] accuracies = [0.9, 0.5, 0.7, 0.6, 0.8, 1.0, 0.4, 0.3, 0.95, 0.85, 0.65];
        double mean = accuracies.Sum() / accuracies.Length;
        double std = Math.Sqrt(accuracies.Sum(a => (a - mean) * (a - mean)) / accuracies.Length);

        // Act
        ClientAccuracySummary? summary = RoundMetrics.SummarizeClientAccuracy(accuracies);

        // Assert
        Assert.NotNull(summary);
        Assert.Equal(11, summary.Clients);
        Assert.Equal(mean, summary.Mean, 1e-12);
        Assert.Equal(std, summary.StandardDeviation, 1e-12);
        Assert.Equal(0.35, summary.Worst10Percent, 1e-12);
    }

    [Fact]
    public void SummarizeClientAccuracy_NoClientsIsNull()
    {
        // Act
        ClientAccuracySummary? summary = RoundMetrics.SummarizeClientAccuracy([]);

        // Assert
        Assert.Null(summary);
    }
}
