using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Training.Aggregation;
using static FedWorkbench.Simulation.Tests.Aggregation.AggregatorHarness;

namespace FedWorkbench.Simulation.Tests.Aggregation;

public sealed class BulyanAggregatorTests
{
    /// <summary>Six honest updates and one attacker (index 3); n = 7 allows f = 1, since 4f + 3 = 7.</summary>
    private static readonly float[][] Updates =
    [
        [1.0f, 2.0f],
        [1.2f, 1.9f],
        [0.8f, 2.3f],
        [40f, -60f],
        [1.1f, 2.1f],
        [0.7f, 1.6f],
        [1.5f, 2.0f],
    ];

    private static double SquaredDistance(float[] a, float[] b) => a.Zip(b, (x, y) => ((double)x - y) * ((double)x - y)).Sum();

    /// <summary>
    /// Bulyan's selection by its definition: θ = n − 2f passes of Krum over the remaining candidates, each
    /// scoring with max(1, n' − f − 2) neighbours and removing the best (ties to the lower index).
    /// </summary>
    private static List<int> ExpectedSelection(float[][] updates, int f)
    {
        var remaining = Enumerable.Range(0, updates.Length).ToList();
        var selection = new List<int>();
        while (selection.Count < updates.Length - (2 * f))
        {
            int neighbours = Math.Max(1, remaining.Count - f - 2);
            int best = remaining
                .OrderBy(i => remaining.Where(j => j != i).Select(j => SquaredDistance(updates[i], updates[j])).Order().Take(neighbours).Sum())
                .ThenBy(i => i)
                .First();
            selection.Add(best);
            remaining.Remove(best);
        }

        return selection;
    }

    /// <summary>Mean of the β values closest to the median of <paramref name="values"/>, ties to the smaller value.</summary>
    private static double MeanClosestToMedian(double[] values, int closestCount)
    {
        double[] sorted = [.. values.Order()];
        int middle = sorted.Length / 2;
        double median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return sorted.OrderBy(v => Math.Abs(v - median)).ThenBy(v => v).Take(closestCount).Average();
    }

    [Fact]
    public void Bulyan_MatchesDefinition()
    {
        // Arrange: f = 1, θ = 5 selected, β = θ − 2f = 3 kept per coordinate.
        var aggregator = (BulyanAggregator)Create(new ExperimentConfig { Aggregation = AggregationKind.Bulyan, AssumedAttackers = 1 }, Updates);

        // Act
        float[] result = Aggregate(aggregator, Updates);

        // Assert
        List<int> selection = ExpectedSelection(Updates, 1);
        Assert.Equal(selection, aggregator.LastSelection);
        Assert.DoesNotContain(3, aggregator.LastSelection);
        float[][] selected = selection.Select(k => Updates[k]).ToArray();
        double[] expected = Enumerable.Range(0, 2).Select(i => MeanClosestToMedian(Column(selected, i), 3)).ToArray();
        AssertClose(expected, result, 1e-6);
    }

    [Fact]
    public void Bulyan_ResultStaysInHonestRange()
    {
        var aggregator = Create(new ExperimentConfig { Aggregation = AggregationKind.Bulyan, AssumedAttackers = 1 }, Updates);

        float[] result = Aggregate(aggregator, Updates);

        float[][] honest = [.. Updates[..3], .. Updates[4..]];
        for (int i = 0; i < 2; i++)
        {
            Assert.InRange(result[i], Column(honest, i).Min(), Column(honest, i).Max());
        }
    }

    [Fact]
    public void MeanClosestToMedian_TakesWindowAroundMedian()
    {
        // Sorted 1, 2, 3, 10, 11 has median 3; the three closest are 1, 2 and 3 (distances 2, 1, 0), not 10.
        Assert.Equal(2.0, BulyanAggregator.MeanClosestToMedian([1f, 2f, 3f, 10f, 11f], 3), 12);

        // Sorted 0, 4, 5, 6, 20 has median 5; the three closest are 4, 5 and 6.
        Assert.Equal(5.0, BulyanAggregator.MeanClosestToMedian([0f, 4f, 5f, 6f, 20f], 3), 12);
    }

    [Fact]
    public void Bulyan_TooFewUpdates_Throws()
    {
        // Arrange: f = 1 needs n ≥ 4f + 3 = 7, but there are 6.
        UpdateAggregator aggregator = Create(new ExperimentConfig { Aggregation = AggregationKind.Bulyan, AssumedAttackers = 1 }, Updates);

        // Act
        var error = Assert.Throws<AggregationException>(() => Aggregate(aggregator, Updates[..6]));

        // Assert
        Assert.Contains("Bulyan with f = 1 assumed attackers needs at least 4f + 3 = 7 updates, but this round has 6", error.Message, StringComparison.Ordinal);
        Assert.Contains("Assume fewer attackers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bulyan_NoUpdates_Throws()
    {
        UpdateAggregator aggregator = UpdateAggregator.Create(new ExperimentConfig { Aggregation = AggregationKind.Bulyan }, 2);
        aggregator.Reset();

        var error = Assert.Throws<AggregationException>(() => aggregator.WriteResult(new float[2], Parallelism(1)));

        Assert.StartsWith("Bulyan needs at least one update", error.Message, StringComparison.Ordinal);
    }
}
