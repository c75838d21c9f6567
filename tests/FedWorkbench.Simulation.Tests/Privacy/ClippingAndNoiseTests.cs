using FedWorkbench.Simulation.Privacy;
using FedWorkbench.Simulation.Randomness;

namespace FedWorkbench.Simulation.Tests.Privacy;

/// <summary>Clipping, the server's noisy mean, adaptive clipping and local noise, checked against their formulas.</summary>
public sealed class ClippingAndNoiseTests
{
    [Fact]
    public void ClipInPlace_ScalesToClipNorm()
    {
        // Arrange: ‖(3, 4, 0)‖ = 5, so S = 1 gives the factor 1/5.
        float[] update = [3f, 4f, 0f];

        // Act
        double norm = UpdateClipping.ClipInPlace(update, clipNorm: 1.0);

        // Assert
        Assert.Equal(5.0, norm, 12);
        Assert.Equal(0.6f, update[0], 6);
        Assert.Equal(0.8f, update[1], 6);
        Assert.Equal(0f, update[2]);
        Assert.Equal(1.0, UpdateClipping.L2Norm(update), 6);
    }

    [Fact]
    public void ClipInPlace_KeepsShortUpdate()
    {
        float[] update = [3f, 4f];

        double norm = UpdateClipping.ClipInPlace(update, clipNorm: 10.0);

        Assert.Equal(5.0, norm, 12);
        Assert.Equal([3f, 4f], update);
    }

    [Theory]
    [InlineData(5.0, 1.0, 0.2)]
    [InlineData(2.0, 2.0, 1.0)]
    [InlineData(0.5, 2.0, 1.0)]
    [InlineData(0.0, 1.0, 1.0)]
    public void ClipFactor_IsMinOfOneAndRatio(double norm, double clipNorm, double expected)
    {
        Assert.Equal(expected, UpdateClipping.ClipFactor(norm, clipNorm), 12);
    }

    [Fact]
    public void WriteNoisyMean_DividesByExpectedClients()
    {
        // Arrange: without noise the result is Σ Δ_k / (q·K), however many clients reported.
        double[] sum = [6.0, -3.0, 0.0];
        var destination = new float[3];

        // Act
        CentralPrivacy.WriteNoisyMean(sum, noiseStd: 0, expectedClients: 3, seed: 1, round: 1, destination);

        // Assert
        Assert.Equal([2f, -1f, 0f], destination);
    }

    [Fact]
    public void WriteNoisyMean_NoiseStdMatchesFormula()
    {
        // Arrange: z = 1.5, S = 2 and q·K = 4 give a per-coordinate std of z·S/(q·K) = 0.75 after division.
        const int length = 40_000;
        const double z = 1.5, clipNorm = 2.0, expectedClients = 4.0;
        var destination = new float[length];

        // Act
        CentralPrivacy.WriteNoisyMean(new double[length], z * clipNorm, expectedClients, seed: 5, round: 2, destination);

        // Assert: the sample std has a relative standard error of 1/√(2n) ≈ 0.35%, so 2% is about 6 standard errors.
        double mean = destination.Average(v => (double)v);
        double std = Math.Sqrt(destination.Average(v => (v - mean) * (v - mean)));
        double expectedStd = z * clipNorm / expectedClients;
        Assert.InRange(std, expectedStd * 0.98, expectedStd * 1.02);
        Assert.InRange(mean, -6 * expectedStd / Math.Sqrt(length), 6 * expectedStd / Math.Sqrt(length));
    }

    [Fact]
    public void WriteNoisyMean_SeededByRound()
    {
        var first = new float[100];
        var again = new float[100];
        var otherRound = new float[100];

        CentralPrivacy.WriteNoisyMean(new double[100], 1.0, 2.0, seed: 3, round: 4, first);
        CentralPrivacy.WriteNoisyMean(new double[100], 1.0, 2.0, seed: 3, round: 4, again);
        CentralPrivacy.WriteNoisyMean(new double[100], 1.0, 2.0, seed: 3, round: 5, otherRound);

        Assert.Equal(first, again);
        Assert.NotEqual(first, otherRound);
    }

    [Theory]
    [InlineData(0.8, 0.5, 0.2)]
    [InlineData(0.1, 0.5, 0.2)]
    [InlineData(0.5, 0.5, 1.0)]
    public void NextClipNorm_GeometricStep(double unclippedFraction, double quantile, double learningRate)
    {
        // C ← C·exp(−η_C·(b̄ − γ)): more unclipped updates than γ shrink C, fewer grow it.
        double next = AdaptiveClipping.NextClipNorm(2.0, unclippedFraction, quantile, learningRate);

        Assert.Equal(2.0 * Math.Exp(-learningRate * (unclippedFraction - quantile)), next, 12);
    }

    [Fact]
    public void NextClipNorm_HandMadeBits()
    {
        // Arrange: bits b = (1, 1, 0, 1, 0) of 5 clients, q·K = 5, so σ_b = 5/20 = 0.25.
        int[] bits = [1, 1, 0, 1, 0];
        const double expectedClients = 5, clipNorm = 1.5, quantile = 0.5, learningRate = 0.2;
        double countNoise = 0.25 * new SeededRandom(9, RandomStreams.PrivacyNoise, 3, 1).NextGaussian();
        double unclippedFraction = (bits.Sum() + countNoise) / expectedClients;

        // Act
        double next = AdaptiveClipping.NextClipNorm(clipNorm, bits.Sum(), expectedClients, quantile, learningRate, seed: 9, round: 3);

        // Assert
        Assert.Equal(clipNorm * Math.Exp(-learningRate * (unclippedFraction - quantile)), next, 12);
    }

    [Fact]
    public void UpdateNoiseMultiplier_SplitsBudget()
    {
        // z = 1 and σ_b = 1: z_Δ = (1 − 1/4)^(−1/2) = 2/√3.
        Assert.Equal(2 / Math.Sqrt(3), AdaptiveClipping.UpdateNoiseMultiplier(1.0, 1.0)!.Value, 12);
        Assert.Equal(0.0, AdaptiveClipping.UpdateNoiseMultiplier(0.0, 1.0));
        Assert.Null(AdaptiveClipping.UpdateNoiseMultiplier(2.0, 1.0));
        Assert.Null(AdaptiveClipping.UpdateNoiseMultiplier(3.0, 1.0));
    }

    [Fact]
    public void Perturb_ClipsThenAddsNoiseOfSigma()
    {
        // Arrange: all mass on the first coordinate, ‖Δ‖ = 10, clipped to S = 1.
        const int length = 40_000;
        const double sigma = 0.3;
        var update = new float[length];
        update[0] = 10f;
        var random = new SeededRandom(4, RandomStreams.LocalPrivacyNoise, 2, 7);
        double firstNoise = sigma * random.NextGaussian();

        // Act
        double norm = LocalPrivacy.Perturb(update, clipNorm: 1.0, sigma, seed: 4, round: 2, client: 7);

        // Assert: the first value is the clipped 1 plus the stream's first draw; the rest have std σ within 2%.
        Assert.Equal(10.0, norm, 12);
        Assert.Equal(1.0 + firstNoise, update[0], 5);
        double std = Math.Sqrt(update.Skip(1).Average(v => (double)v * v));
        Assert.InRange(std, sigma * 0.98, sigma * 1.02);
    }
}
