using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Tests.Training;
using FedWorkbench.Simulation.Training.Aggregation;
using static FedWorkbench.Simulation.Tests.Aggregation.AggregatorHarness;

namespace FedWorkbench.Simulation.Tests.Aggregation;

public sealed class CoordinateRuleTests
{
    /// <summary>Five updates of three coordinates in which every coordinate has a different order.</summary>
    private static readonly float[][] Updates =
    [
        [1f, 50f, -3f],
        [4f, 10f, -1f],
        [2f, 30f, -2f],
        [9f, 20f, -7f],
        [3f, 40f, 0f],
    ];

    private static double Median(double[] values)
    {
        double[] sorted = [.. values.Order()];
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double TrimmedMean(double[] values, int trimmed) =>
        values.Order().Skip(trimmed).Take(values.Length - (2 * trimmed)).Average();

    [Fact]
    public void Median_OddCount_TakesMiddleValue()
    {
        // Arrange
        UpdateAggregator aggregator = Create(new ExperimentConfig { Aggregation = AggregationKind.Median }, Updates);

        // Act
        float[] result = Aggregate(aggregator, Updates);

        // Assert: sorted coordinate 0 is 1, 2, 3, 4, 9, so its median is 3.
        AssertClose([3, 30, -2], result, 0);
    }

    [Fact]
    public void Median_EvenCount_AveragesMiddleValues()
    {
        // Arrange: the first four updates; coordinate 0 sorted is 1, 2, 4, 9.
        float[][] updates = Updates[..4];
        UpdateAggregator aggregator = Create(new ExperimentConfig { Aggregation = AggregationKind.Median }, updates);

        // Act
        float[] result = Aggregate(aggregator, updates);

        // Assert
        double[] expected = Enumerable.Range(0, 3).Select(i => Median(Column(updates, i))).ToArray();
        AssertClose(expected, result, 1e-6);
        Assert.Equal(3f, result[0]);
    }

    [Fact]
    public void TrimmedMean_DropsBothEnds()
    {
        // Arrange: β = 0.2 of n = 5 trims ⌊1⌋ value from each end.
        var config = new ExperimentConfig { Aggregation = AggregationKind.TrimmedMean, TrimFraction = 0.2 };
        UpdateAggregator aggregator = Create(config, Updates);

        // Act
        float[] result = Aggregate(aggregator, Updates);

        // Assert: coordinate 0 keeps 2, 3, 4, mean 3; coordinate 1 keeps 20, 30, 40, mean 30.
        double[] expected = Enumerable.Range(0, 3).Select(i => TrimmedMean(Column(Updates, i), 1)).ToArray();
        AssertClose(expected, result, 1e-6);
        Assert.Equal(3f, result[0]);
    }

    [Fact]
    public void TrimmedMean_ZeroFraction_IsPlainMean()
    {
        var config = new ExperimentConfig { Aggregation = AggregationKind.TrimmedMean, TrimFraction = 0 };
        UpdateAggregator aggregator = Create(config, Updates);

        float[] result = Aggregate(aggregator, Updates);

        double[] expected = Enumerable.Range(0, 3).Select(i => Column(Updates, i).Average()).ToArray();
        AssertClose(expected, result, 1e-6);
    }

    [Theory]
    [InlineData(0.3, 10, 3)]
    [InlineData(0.29, 100, 29)]
    [InlineData(0.1, 9, 0)]
    [InlineData(0.49, 2, 0)]
    public void TrimmedPerSide_FloorsExactProducts(double fraction, int count, int expected)
    {
        Assert.Equal(expected, TrimmedMeanAggregator.TrimmedPerSide(count, fraction));
    }

    [Fact]
    public void TrimmedMean_TrimLeavesNothing_Throws()
    {
        // Arrange: β = 0.5 (the validator rejects it) of n = 2 trims one value from each end.
        var aggregator = new TrimmedMeanAggregator(3, trimFraction: 0.5);

        // Act
        var error = Assert.Throws<AggregationException>(() => Aggregate(aggregator, Updates[..2]));

        // Assert
        Assert.Contains("drops ⌊β·n⌋ = 1 values from each end of the 2 updates", error.Message, StringComparison.Ordinal);
        Assert.Contains("trim fraction below 0.5", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AggregationKind.Median)]
    [InlineData(AggregationKind.TrimmedMean)]
    public void OneHugeUpdate_IsIgnored(AggregationKind aggregation)
    {
        // Arrange: four honest updates near 1 and one attacker at 1e6 in every coordinate.
        float[][] updates =
        [
            [1.0f, 0.9f],
            [1.1f, 1.0f],
            [0.9f, 1.2f],
            [1.2f, 1.1f],
            [1e6f, -1e6f],
        ];
        var config = new ExperimentConfig { Aggregation = aggregation, TrimFraction = 0.2 };
        UpdateAggregator aggregator = Create(config, updates);

        // Act
        float[] result = Aggregate(aggregator, updates);

        // Assert: each coordinate stays within the honest values' range.
        for (int i = 0; i < 2; i++)
        {
            double[] honest = Column(updates[..4], i);
            Assert.InRange(result[i], honest.Min(), honest.Max());
        }
    }

    [Theory]
    [InlineData(AggregationKind.Median, "The median")]
    [InlineData(AggregationKind.TrimmedMean, "The trimmed mean")]
    public void NoUpdates_Throws(AggregationKind aggregation, string rule)
    {
        UpdateAggregator aggregator = UpdateAggregator.Create(new ExperimentConfig { Aggregation = aggregation }, 3);
        aggregator.Reset();

        var error = Assert.Throws<AggregationException>(() => aggregator.WriteResult(new float[3], Parallelism(1)));

        Assert.StartsWith($"{rule} needs at least one update", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Median_SameBitsForAnyParallelism()
    {
        // Arrange: 3,000 parameters span three 1,024-value chunks.
        float[][] updates = Enumerable.Range(0, 6).Select(k => InMemoryData.RandomValues(3_000, 400 + k)).ToArray();
        UpdateAggregator aggregator = Create(new ExperimentConfig { Aggregation = AggregationKind.Median }, updates);

        // Act
        float[] single = Aggregate(aggregator, updates, parallelism: 1);
        float[] two = Aggregate(aggregator, updates, parallelism: 2);

        // Assert
        Assert.Equal(single, two);
        AssertClose(Enumerable.Range(0, 3_000).Select(i => Median(Column(updates, i))).ToArray(), single, 1e-6);
    }
}
