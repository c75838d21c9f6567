using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Randomness;
using FedWorkbench.Simulation.Training.Compression;

namespace FedWorkbench.Simulation.Tests.Training.Compression;

public sealed class UpdateCompressorTests
{
    [Fact]
    public void None_KeepsValuesAndCountsFourBytesEach()
    {
        UpdateCompressor compressor = UpdateCompressor.Create(new ExperimentConfig { Compression = CompressionKind.None }, 1000, 4);
        float[] delta = RandomValues(1000, seed: 1);
        float[] original = (float[])delta.Clone();

        long bytes = compressor.Compress(delta, 1, 1, 0);

        Assert.Equal(4000, bytes);
        Assert.Equal(original, delta);
    }

    [Theory]
    [InlineData(CompressionKind.Q8, 8, 1000)]
    [InlineData(CompressionKind.Q4, 4, 1000)]
    [InlineData(CompressionKind.Q4, 4, 1025)]
    [InlineData(CompressionKind.Q8, 8, 1)]
    public void Quantizer_CountsLevelBytesPlusBucketRange(CompressionKind kind, int bits, int length)
    {
        UpdateCompressor compressor = UpdateCompressor.Create(new ExperimentConfig { Compression = kind }, length, 4);

        long bytes = compressor.Compress(RandomValues(length, seed: 2), 1, 1, 0);

        // ⌈P·b/8⌉ bytes of levels plus a float32 min and max per bucket of 512.
        long expected = (long)Math.Ceiling(length * bits / 8.0) + (8 * (long)Math.Ceiling(length / 512.0));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData(CompressionKind.Q8, 255)]
    [InlineData(CompressionKind.Q4, 15)]
    public void Quantizer_ValuesStayOnBucketGrid(CompressionKind kind, int steps)
    {
        // Arrange: two full buckets and a partial one, with different ranges.
        UpdateCompressor compressor = UpdateCompressor.Create(new ExperimentConfig { Compression = kind }, 1300, 4);
        float[] original = RandomValues(1300, seed: 3);
        for (int i = 512; i < 1024; i++)
        {
            original[i] *= 100;
        }

        float[] delta = (float[])original.Clone();

        // Act
        compressor.Compress(delta, 5, 2, 1);

        // Assert
        for (int start = 0; start < delta.Length; start += 512)
        {
            int length = Math.Min(512, delta.Length - start);
            float min = original.AsSpan(start, length).ToArray().Min();
            float max = original.AsSpan(start, length).ToArray().Max();
            double step = ((double)max - min) / steps;
            for (int i = start; i < start + length; i++)
            {
                Assert.InRange(delta[i], min, max);
                double level = (delta[i] - (double)min) / step;
                Assert.True(Math.Abs(level - Math.Round(level)) < 1e-3, $"Value {delta[i]} at {i} is {level} steps above the bucket min, not on the grid.");
                Assert.True(Math.Abs(delta[i] - original[i]) <= step * (1 + 1e-6), $"Value {delta[i]} at {i} is more than one step from {original[i]}.");
            }
        }
    }

    [Theory]
    [InlineData(CompressionKind.Q8, 255)]
    [InlineData(CompressionKind.Q4, 15)]
    public void Quantizer_IsUnbiased(CompressionKind kind, int steps)
    {
        // Arrange
        const int length = 512;
        const int trials = 4000;
        UpdateCompressor compressor = UpdateCompressor.Create(new ExperimentConfig { Compression = kind }, length, 1);
        float[] original = RandomValues(length, seed: 4);
        double[] sum = new double[length];

        // Act: average the decoded values over independent rounds.
        for (int round = 1; round <= trials; round++)
        {
            float[] delta = (float[])original.Clone();
            compressor.Compress(delta, 9, round, 0);
            for (int i = 0; i < length; i++)
            {
                sum[i] += delta[i];
            }
        }

        // Assert: each decoded value is Bernoulli over two grid points h apart, so its standard deviation is at
        // most h/2 and the mean over n trials is within 5·h/(2√n) of the input except with negligible probability.
        double step = ((double)original.Max() - original.Min()) / steps;
        double tolerance = 5 * step / (2 * Math.Sqrt(trials));
        for (int i = 0; i < length; i++)
        {
            double mean = sum[i] / trials;
            Assert.True(Math.Abs(mean - original[i]) <= tolerance, $"Coordinate {i}: mean {mean} differs from {original[i]} by more than {tolerance}.");
        }
    }

    [Fact]
    public void Quantizer_IsSeeded()
    {
        UpdateCompressor compressor = UpdateCompressor.Create(new ExperimentConfig { Compression = CompressionKind.Q4 }, 600, 4);
        float[] original = RandomValues(600, seed: 5);
        float[] first = (float[])original.Clone();
        float[] second = (float[])original.Clone();
        float[] otherClient = (float[])original.Clone();

        compressor.Compress(first, 1, 3, 2);
        compressor.Compress(second, 1, 3, 2);
        compressor.Compress(otherClient, 1, 3, 1);

        Assert.Equal(first, second);
        Assert.NotEqual(first, otherClient);
    }

    [Fact]
    public void Quantizer_ConstantBucketIsExact()
    {
        UpdateCompressor compressor = UpdateCompressor.Create(new ExperimentConfig { Compression = CompressionKind.Q4 }, 10, 1);
        float[] delta = Enumerable.Repeat(0.3f, 10).ToArray();

        compressor.Compress(delta, 1, 1, 0);

        Assert.All(delta, value => Assert.Equal(0.3f, value));
    }

    [Fact]
    public void TopK_KeepsExactlyTheLargestMagnitudes()
    {
        // Arrange: f = 0.25 of 12 coordinates gives k = 3; the largest |values| are −9, 8 and 7.
        var config = new ExperimentConfig { Compression = CompressionKind.TopK, TopKFraction = 0.25 };
        UpdateCompressor compressor = UpdateCompressor.Create(config, 12, 2);
        float[] delta = [1, -9, 2, 0.5f, 8, -3, 7, 0, -6.5f, 4, 5, -2];

        // Act
        long bytes = compressor.Compress(delta, 1, 1, 0);

        // Assert
        Assert.Equal(8 * 3, bytes);
        Assert.Equal([0, -9, 0, 0, 8, 0, 7, 0, 0, 0, 0, 0], delta);
    }

    [Fact]
    public void TopK_TiesKeepLowerIndices()
    {
        var config = new ExperimentConfig { Compression = CompressionKind.TopK, TopKFraction = 0.5 };
        UpdateCompressor compressor = UpdateCompressor.Create(config, 6, 1);
        float[] delta = [1, -2, 2, 2, -2, 1];

        compressor.Compress(delta, 1, 1, 0);

        Assert.Equal([0, -2, 2, 2, 0, 0], delta);
    }

    [Fact]
    public void TopK_KeepsAtLeastOneCoordinate()
    {
        var config = new ExperimentConfig { Compression = CompressionKind.TopK, TopKFraction = 1e-9 };
        UpdateCompressor compressor = UpdateCompressor.Create(config, 5, 1);
        float[] delta = [1, 2, -3, 0, 0];

        long bytes = compressor.Compress(delta, 1, 1, 0);

        Assert.Equal(8, bytes);
        Assert.Equal([0, 0, -3, 0, 0], delta);
    }

    [Fact]
    public void TopK_ErrorFeedbackLosesNothing()
    {
        // Arrange: integer inputs keep every float32 sum exact, so sent plus residual must equal the input sum exactly.
        const int length = 40;
        const int rounds = 25;
        var config = new ExperimentConfig { Compression = CompressionKind.TopK, TopKFraction = 0.1 };
        var compressor = (TopKSparsifier)UpdateCompressor.Create(config, length, 3);
        var random = new SeededRandom(6, 1);
        double[] inputSum = new double[length];
        double[] sentSum = new double[length];

        // Act
        for (int round = 1; round <= rounds; round++)
        {
            float[] delta = Enumerable.Range(0, length).Select(_ => (float)(random.NextInt(41) - 20)).ToArray();
            for (int i = 0; i < length; i++)
            {
                inputSum[i] += delta[i];
            }

            compressor.Compress(delta, 1, round, 2);
            Assert.Equal(4, delta.Count(value => value != 0));
            for (int i = 0; i < length; i++)
            {
                sentSum[i] += delta[i];
            }
        }

        // Assert
        ReadOnlySpan<float> residual = compressor.Residual(2);
        for (int i = 0; i < length; i++)
        {
            Assert.Equal(inputSum[i], sentSum[i] + residual[i]);
        }

        Assert.True(compressor.Residual(0).IsEmpty);
    }

    [Fact]
    public void TopK_DistinctClientsKeepSeparateResiduals()
    {
        var config = new ExperimentConfig { Compression = CompressionKind.TopK, TopKFraction = 0.5 };
        var compressor = (TopKSparsifier)UpdateCompressor.Create(config, 4, 2);

        compressor.Compress(new float[] { 4, 3, 2, 1 }, 1, 1, 0);
        compressor.Compress(new float[] { 1, 2, 3, 4 }, 1, 1, 1);

        Assert.Equal([0, 0, 2, 1], compressor.Residual(0).ToArray());
        Assert.Equal([1, 2, 0, 0], compressor.Residual(1).ToArray());
    }

    private static float[] RandomValues(int length, int seed)
    {
        var random = new SeededRandom(seed, 1);
        return Enumerable.Range(0, length).Select(_ => (float)random.NextGaussian()).ToArray();
    }
}
