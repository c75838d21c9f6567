using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Training.Aggregation;
using static FedWorkbench.Simulation.Tests.Aggregation.AggregatorHarness;

namespace FedWorkbench.Simulation.Tests.Aggregation;

public sealed class NormalizedMeanAggregatorTests
{
    private static readonly float[][] Updates =
    [
        [2f, -4f],
        [8f, 4f],
        [-1f, 3f],
    ];

    private static readonly double[] Weights = [1, 2, 1];

    private static readonly int[] Steps = [2, 4, 1];

    /// <summary>‖a‖₁ of τ momentum-SGD steps as the plain double sum Σ_{t<τ} Σ_{j≤t} ρ^j.</summary>
    private static double StepNorm(int steps, double momentum)
    {
        double norm = 0;
        for (int t = 0; t < steps; t++)
        {
            for (int j = 0; j <= t; j++)
            {
                norm += Math.Pow(momentum, j);
            }
        }

        return norm;
    }

    /// <summary>Δ = (Σ p_k a_k)·Σ p_k Δ_k/a_k with p_k = n_k/Σn.</summary>
    private static double[] Expected(double momentum)
    {
        double total = Weights.Sum();
        double[] norms = Steps.Select(s => StepNorm(s, momentum)).ToArray();
        double effectiveSteps = Enumerable.Range(0, 3).Sum(k => Weights[k] / total * norms[k]);
        return Enumerable.Range(0, 2)
            .Select(i => effectiveSteps * Enumerable.Range(0, 3).Sum(k => Weights[k] / total * Updates[k][i] / norms[k]))
            .ToArray();
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void NormalizingFactor_MatchesSeriesSum(double momentum)
    {
        foreach (int steps in new[] { 1, 2, 3, 10, 57 })
        {
            double expected = StepNorm(steps, momentum);
            double actual = NormalizedMeanAggregator.NormalizingFactor(steps, momentum);
            Assert.True(Math.Abs(expected - actual) <= 1e-9 * expected, $"τ = {steps}, ρ = {momentum}: expected {expected}, got {actual}.");
        }
    }

    [Fact]
    public void PlainSgd_DividesByLocalSteps()
    {
        // Arrange: a_k = τ_k = 2, 4, 1; p = 1/4, 1/2, 1/4; Σ p_k a_k = 0.5 + 2 + 0.25 = 2.75.
        var config = new ExperimentConfig { Strategy = StrategyKind.FedNova };
        UpdateAggregator aggregator = Create(config, Updates);

        // Act
        float[] result = Aggregate(aggregator, Updates, Weights, Steps);

        // Assert: Δ[0] = 2.75·(0.25·2/2 + 0.5·8/4 + 0.25·(−1)/1) = 2.75·1 = 2.75.
        AssertClose(Expected(0), result, 1e-6);
        Assert.Equal(2.75f, result[0], 6);
    }

    [Fact]
    public void Momentum_UsesMomentumStepNorm()
    {
        // Arrange
        var config = new ExperimentConfig { Strategy = StrategyKind.FedNova, Momentum = 0.5 };
        UpdateAggregator aggregator = Create(config, Updates);

        // Act
        float[] result = Aggregate(aggregator, Updates, Weights, Steps);

        // Assert
        AssertClose(Expected(0.5), result, 1e-6);
    }

    [Fact]
    public void EqualSteps_MatchesWeightedMean()
    {
        // Arrange: with equal τ_k, FedNova's Δ reduces to FedAvg's weighted mean.
        var config = new ExperimentConfig { Strategy = StrategyKind.FedNova, Momentum = 0.9 };
        UpdateAggregator aggregator = Create(config, Updates);

        // Act
        float[] result = Aggregate(aggregator, Updates, Weights, localSteps: [5, 5, 5]);

        // Assert
        double[] expected = Enumerable.Range(0, 2).Select(i => Enumerable.Range(0, 3).Sum(k => Weights[k] * Updates[k][i]) / 4).ToArray();
        AssertClose(expected, result, 1e-5);
    }

    [Fact]
    public void NoUpdates_Throws()
    {
        UpdateAggregator aggregator = UpdateAggregator.Create(new ExperimentConfig { Strategy = StrategyKind.FedNova }, 2);
        aggregator.Reset();

        var error = Assert.Throws<AggregationException>(() => aggregator.WriteResult(new float[2], Parallelism(1)));

        Assert.Contains("no client update reached the server", error.Message, StringComparison.Ordinal);
    }
}
