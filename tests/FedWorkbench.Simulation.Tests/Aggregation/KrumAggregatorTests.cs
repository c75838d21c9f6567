using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Training.Aggregation;
using static FedWorkbench.Simulation.Tests.Aggregation.AggregatorHarness;

namespace FedWorkbench.Simulation.Tests.Aggregation;

public sealed class KrumAggregatorTests
{
    /// <summary>Four honest updates around (1, 1) and one attacker far away; the honest update 2 is the most central.</summary>
    private static readonly float[][] Updates =
    [
        [1.0f, 0.0f],
        [2.0f, 1.0f],
        [1.0f, 1.0f],
        [0.0f, 1.5f],
        [100f, -100f],
    ];

    /// <summary>Krum scores by the formula: sum of the <paramref name="neighbours"/> smallest ‖u_i − u_j‖² over j ≠ i.</summary>
    private static double[] Scores(float[][] updates, int neighbours) =>
        updates.Select((u, i) => updates
                .Where((_, j) => j != i)
                .Select(v => u.Zip(v, (a, b) => ((double)a - b) * ((double)a - b)).Sum())
                .Order()
                .Take(neighbours)
                .Sum())
            .ToArray();

    [Fact]
    public void Krum_SelectsLowestScore()
    {
        // Arrange: n = 5, f = 1, so each score sums n − f − 2 = 2 neighbours.
        var aggregator = (KrumAggregator)Create(new ExperimentConfig { Aggregation = AggregationKind.Krum, AssumedAttackers = 1 }, Updates);

        // Act
        float[] result = Aggregate(aggregator, Updates);

        // Assert: update 2 at (1, 1) has distances 1 and 1 to its two closest neighbours, so score 2; updates 0
        // and 1 score 1 + 2 = 3.
        double[] scores = Scores(Updates, 2);
        int best = Array.IndexOf(scores, scores.Min());
        Assert.Equal(2, scores[2], 12);
        Assert.Equal(3, scores[0], 12);
        Assert.Equal(2, best);
        Assert.Equal([best], aggregator.LastSelection);
        Assert.Equal(Updates[best], result);
    }

    [Fact]
    public void Krum_PicksCentralUpdate()
    {
        // Arrange: update 1 sits between the others, with an attacker far off.
        float[][] updates =
        [
            [0f, 0f],
            [1f, 0f],
            [2f, 0f],
            [1f, 0.5f],
            [-50f, 80f],
        ];
        var aggregator = (KrumAggregator)Create(new ExperimentConfig { Aggregation = AggregationKind.Krum, AssumedAttackers = 1 }, updates);

        // Act
        float[] result = Aggregate(aggregator, updates);

        // Assert: score(1) = 0.25 + 1 = 1.25 is the only minimum.
        double[] scores = Scores(updates, 2);
        Assert.Equal(1.25, scores[1], 12);
        Assert.Equal(1, Array.IndexOf(scores, scores.Min()));
        Assert.Equal([1], aggregator.LastSelection);
        Assert.Equal(updates[1], result);
    }

    [Fact]
    public void MultiKrum_AveragesBestScores()
    {
        // Arrange: m = 3 of n = 5 with f = 1.
        var config = new ExperimentConfig { Aggregation = AggregationKind.MultiKrum, AssumedAttackers = 1, KrumSelected = 3 };
        var aggregator = (KrumAggregator)Create(config, Updates);

        // Act
        float[] result = Aggregate(aggregator, Updates);

        // Assert: the three lowest scores, ties by index, then their unweighted mean.
        double[] scores = Scores(Updates, 2);
        int[] expectedSelection = Enumerable.Range(0, 5).OrderBy(i => scores[i]).ThenBy(i => i).Take(3).ToArray();
        Assert.Equal(expectedSelection, aggregator.LastSelection);
        Assert.DoesNotContain(4, aggregator.LastSelection);
        double[] expected = Enumerable.Range(0, 2).Select(i => expectedSelection.Average(k => (double)Updates[k][i])).ToArray();
        AssertClose(expected, result, 1e-6);
    }

    [Fact]
    public void MultiKrum_DefaultSelection_DropsAttacker()
    {
        // Arrange: m = n − f = 4, which leaves out exactly the attacker.
        var config = new ExperimentConfig { Aggregation = AggregationKind.MultiKrum, AssumedAttackers = 1 };
        var aggregator = (KrumAggregator)Create(config, Updates);

        // Act
        float[] result = Aggregate(aggregator, Updates);

        // Assert: the mean of the four honest updates, (1, 0.875).
        Assert.Equal([0, 1, 2, 3], aggregator.LastSelection.Order());
        AssertClose([1.0, 0.875], result, 1e-6);
    }

    [Fact]
    public void Krum_TooFewUpdates_Throws()
    {
        // Arrange: f = 2 needs n ≥ 2f + 3 = 7, but there are 5.
        UpdateAggregator aggregator = Create(new ExperimentConfig { Aggregation = AggregationKind.Krum, AssumedAttackers = 2 }, Updates);

        // Act
        var error = Assert.Throws<AggregationException>(() => Aggregate(aggregator, Updates));

        // Assert
        Assert.Contains("Krum with f = 2 assumed attackers needs at least 2f + 3 = 7 updates, but this round has 5", error.Message, StringComparison.Ordinal);
        Assert.Contains("Assume fewer attackers", error.Message, StringComparison.Ordinal);
        Assert.Contains("sample more clients per round", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MultiKrum_MoreSelectedThanUpdates_Throws()
    {
        // Arrange: m = 6 of n = 5.
        var config = new ExperimentConfig { Aggregation = AggregationKind.MultiKrum, AssumedAttackers = 1, KrumSelected = 6 };
        UpdateAggregator aggregator = Create(config, Updates);

        // Act
        var error = Assert.Throws<AggregationException>(() => Aggregate(aggregator, Updates));

        // Assert
        Assert.Contains("Multi-Krum averages m = 6 updates, but this round has 5", error.Message, StringComparison.Ordinal);
        Assert.Contains("Set m to at most 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MultiKrum_TooFewUpdates_Throws()
    {
        var config = new ExperimentConfig { Aggregation = AggregationKind.MultiKrum, AssumedAttackers = 1 };
        UpdateAggregator aggregator = Create(config, Updates);

        var error = Assert.Throws<AggregationException>(() => Aggregate(aggregator, Updates[..4]));

        Assert.Contains("Multi-Krum with f = 1 assumed attackers needs at least 2f + 3 = 5 updates, but this round has 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Krum_NoUpdates_Throws()
    {
        UpdateAggregator aggregator = UpdateAggregator.Create(new ExperimentConfig { Aggregation = AggregationKind.Krum }, 2);
        aggregator.Reset();

        var error = Assert.Throws<AggregationException>(() => aggregator.WriteResult(new float[2], Parallelism(1)));

        Assert.StartsWith("Krum needs at least one update", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AggregationKind.MultiKrum)]
    [InlineData(AggregationKind.Bulyan)]
    public void Selection_SameForAnyParallelism(AggregationKind aggregation)
    {
        // Arrange: nine random updates of 5,000 values, f = 1.
        float[][] updates = Enumerable.Range(0, 9).Select(k => Training.InMemoryData.RandomValues(5_000, 500 + k)).ToArray();
        UpdateAggregator aggregator = Create(new ExperimentConfig { Aggregation = aggregation, AssumedAttackers = 1 }, updates);

        // Act
        float[] single = Aggregate(aggregator, updates, parallelism: 1);
        float[] two = Aggregate(aggregator, updates, parallelism: 2);

        // Assert
        Assert.Equal(single, two);
    }

    [Fact]
    public void SquaredDistance_MatchesScalarSum()
    {
        // Arrange: 37 values cover whole vectors and a scalar tail.
        float[] a = Training.InMemoryData.RandomValues(37, 5);
        float[] b = Training.InMemoryData.RandomValues(37, 6);

        // Act
        double distance = KrumSelection.SquaredDistance(a, b);

        // Assert
        double expected = a.Zip(b, (x, y) => ((double)x - y) * ((double)x - y)).Sum();
        Assert.Equal(expected, distance, 1e-12);
    }
}
