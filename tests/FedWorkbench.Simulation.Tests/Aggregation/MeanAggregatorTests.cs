using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Tests.Training;
using FedWorkbench.Simulation.Training.Aggregation;
using static FedWorkbench.Simulation.Tests.Aggregation.AggregatorHarness;

namespace FedWorkbench.Simulation.Tests.Aggregation;

public sealed class MeanAggregatorTests
{
    private static readonly float[][] Updates =
    [
        [1f, -2f, 0.5f],
        [3f, 4f, -0.5f],
        [-1f, 0f, 2f],
    ];

    [Fact]
    public void WeightedMean_MatchesFormula()
    {
        // Arrange: weights n_k = 1, 3, 6, so n = 10.
        double[] weights = [1, 3, 6];
        UpdateAggregator aggregator = Create(new ExperimentConfig(), Updates);

        // Act
        float[] result = Aggregate(aggregator, Updates, weights);

        // Assert: Δ[i] = Σ_k n_k·Δ_k[i] / n; Δ[0] = (1 + 9 − 6)/10 = 0.4.
        double[] expected = Enumerable.Range(0, 3)
            .Select(i => ((1 * Updates[0][i]) + (3 * Updates[1][i]) + (6 * Updates[2][i])) / 10.0)
            .ToArray();
        AssertClose(expected, result, 1e-6);
        Assert.Equal(0.4f, result[0], 6);
    }

    [Fact]
    public void ScaffoldMean_IgnoresWeights()
    {
        // Arrange: SCAFFOLD averages deltas without weights.
        var config = new ExperimentConfig { Strategy = StrategyKind.Scaffold };
        UpdateAggregator aggregator = Create(config, Updates);

        // Act
        float[] result = Aggregate(aggregator, Updates, weights: [1, 3, 6]);

        // Assert: Δ[i] = Σ_k Δ_k[i] / 3.
        double[] expected = Enumerable.Range(0, 3).Select(i => (Updates[0][i] + Updates[1][i] + Updates[2][i]) / 3.0).ToArray();
        AssertClose(expected, result, 1e-6);
    }

    [Fact]
    public void Reset_ForgetsPreviousRound()
    {
        // Arrange
        UpdateAggregator aggregator = Create(new ExperimentConfig(), Updates);
        Aggregate(aggregator, Updates, weights: [1, 1, 1]);

        // Act: a second round with only the first update.
        float[] result = Aggregate(aggregator, [Updates[0]], weights: [5]);

        // Assert
        Assert.Equal(1, aggregator.Count);
        AssertClose([1, -2, 0.5], result, 0);
    }

    [Fact]
    public void Mean_SameBitsForAnyParallelism()
    {
        // Arrange: 10,000 parameters span three 4,096-value chunks; seven updates with unequal weights.
        float[][] updates = Enumerable.Range(0, 7).Select(k => InMemoryData.RandomValues(10_000, 300 + k, scale: 1 + k)).ToArray();
        double[] weights = [17, 3, 250, 1, 64, 9, 1_000];
        UpdateAggregator aggregator = Create(new ExperimentConfig(), updates);

        // Act
        float[] single = Aggregate(aggregator, updates, weights, parallelism: 1);
        float[] two = Aggregate(aggregator, updates, weights, parallelism: 2);
        float[] eight = Aggregate(aggregator, updates, weights, parallelism: 8);

        // Assert: bit-identical, and equal to a plain sequential weighted sum in add order.
        var sum = new double[10_000];
        for (int k = 0; k < updates.Length; k++)
        {
            for (int i = 0; i < sum.Length; i++)
            {
                sum[i] += weights[k] * updates[k][i];
            }
        }

        double total = weights.Sum();
        for (int i = 0; i < sum.Length; i++)
        {
            Assert.Equal(single[i], two[i]);
            Assert.Equal(single[i], eight[i]);
            Assert.Equal((float)(sum[i] * (1.0 / total)), single[i]);
        }
    }

    [Fact]
    public void Mean_NoUpdates_Throws()
    {
        // Arrange
        UpdateAggregator aggregator = UpdateAggregator.Create(new ExperimentConfig(), 3);
        aggregator.Reset();

        // Act
        var error = Assert.Throws<AggregationException>(() => aggregator.WriteResult(new float[3], Parallelism(1)));

        // Assert
        Assert.Contains("no client update reached the server", error.Message, StringComparison.Ordinal);
        Assert.Contains("lower the dropout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mean_AllWeightsZero_Throws()
    {
        // Arrange
        UpdateAggregator aggregator = Create(new ExperimentConfig(), Updates);

        // Act
        var error = Assert.Throws<AggregationException>(() => Aggregate(aggregator, Updates, weights: [0, 0, 0]));

        // Assert
        Assert.Contains("All 3 updates of this round have weight 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_WrongLength_Throws()
    {
        UpdateAggregator aggregator = UpdateAggregator.Create(new ExperimentConfig(), 3);

        Assert.Throws<ArgumentException>(() => aggregator.Add(new float[4], 1, 1, Parallelism(1)));
    }

    [Theory]
    [InlineData(StrategyKind.FedNova, AggregationKind.Krum)]
    [InlineData(StrategyKind.Scaffold, AggregationKind.Median)]
    public void Create_RobustRuleUnderMeanOnlyStrategy_Throws(StrategyKind strategy, AggregationKind aggregation)
    {
        var config = new ExperimentConfig { Strategy = strategy, Aggregation = aggregation };

        Assert.Throws<ArgumentException>(() => UpdateAggregator.Create(config, 3));
    }
}
