using FedWorkbench.Simulation.Partitioning;
using FedWorkbench.Simulation.Randomness;

namespace FedWorkbench.Simulation.Tests.Partitioning;

public sealed class GammaSamplerTests
{
    [Theory]
    [InlineData(0.05)]
    [InlineData(0.3)]
    [InlineData(1.0)]
    [InlineData(2.5)]
    [InlineData(40.0)]
    public void NextLogGamma_MatchesGammaMoments(double shape)
    {
        // Arrange
        const int Draws = 200_000;
        var random = new SeededRandom(123, 7);

        // Act
        double sum = 0, sumOfSquares = 0;
        for (int i = 0; i < Draws; i++)
        {
            double value = Math.Exp(GammaSampler.NextLogGamma(ref random, shape));
            sum += value;
            sumOfSquares += value * value;
        }

        double mean = sum / Draws;
        double variance = sumOfSquares / Draws - mean * mean;

        // Assert: Gamma(a, 1) has mean a and variance a. The sample mean has standard error √(a/n); the sample
        // variance has standard error about a·√((2 + 6/a)/n), because the excess kurtosis is 6/a. Both checks
        // allow 5 standard errors.
        Assert.Equal(shape, mean, 5 * Math.Sqrt(shape / Draws));
        Assert.Equal(shape, variance, 5 * shape * Math.Sqrt((2 + 6 / shape) / Draws));
    }

    [Fact]
    public void NextLogGamma_TinyShape_StaysFinite()
    {
        // Arrange: at a = 0.01 a draw of U^(1/a) = U^100 underflows to 0 in double for U below about 6e-4
        // (ln U < ln(4.9e-324)/100 ≈ −7.44), which 100,000 draws hit about 60 times.
        var random = new SeededRandom(5, 1);

        // Act
        double smallest = double.PositiveInfinity;
        for (int i = 0; i < 100_000; i++)
        {
            smallest = Math.Min(smallest, GammaSampler.NextLogGamma(ref random, 0.01));
        }

        // Assert
        Assert.True(double.IsFinite(smallest), $"Smallest log draw was {smallest}.");
        Assert.True(smallest < Math.Log(double.Epsilon), $"Smallest log draw {smallest} never went below the double range.");
    }
}
