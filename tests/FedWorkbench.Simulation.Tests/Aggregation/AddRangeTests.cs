using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Tests.Training;
using FedWorkbench.Simulation.Training.Aggregation;
using static FedWorkbench.Simulation.Tests.Aggregation.AggregatorHarness;

namespace FedWorkbench.Simulation.Tests.Aggregation;

/// <summary>Adding a group of updates at once gives the same bits as adding them one by one.</summary>
public sealed class AddRangeTests
{
    // 10,000 values span three chunks of 4,096 sums, the last one partial, and a scalar tail after the vectors.
    private const int Length = 10_003;

    // Weight 0 is valid, and the mean must skip it as Add does. FedNova divides by a factor of the step counts.
    private static readonly double[] Weights = [6, 0, 600, 1, 37];
    private static readonly int[] Steps = [1, 3, 60, 1, 4];

    public static TheoryData<string, ExperimentConfig> Configs => new()
    {
        { "fedavg mean", new ExperimentConfig() },
        { "scaffold mean", new ExperimentConfig { Strategy = StrategyKind.Scaffold } },
        { "fednova with momentum", new ExperimentConfig { Strategy = StrategyKind.FedNova, Momentum = 0.9 } },
        { "median", new ExperimentConfig { Aggregation = AggregationKind.Median } },
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public void AddRange_MatchesAddOneByOne(string name, ExperimentConfig config)
    {
        // Arrange
        float[][] updates = Enumerable.Range(0, Weights.Length).Select(k => InMemoryData.RandomValues(Length, seed: 10 + k)).ToArray();
        UpdateAggregator aggregator = Create(config, updates);

        // Act: one by one on one thread, then as two groups on two threads.
        float[] oneByOne = Aggregate(aggregator, updates, Weights, Steps);
        ParallelOptions options = Parallelism(2);
        aggregator.Reset();
        aggregator.AddRange(updates.AsSpan(0, 2), Weights.AsSpan(0, 2), Steps.AsSpan(0, 2), options);
        aggregator.AddRange(updates.AsSpan(2), Weights.AsSpan(2), Steps.AsSpan(2), options);
        var grouped = new float[Length];
        aggregator.WriteResult(grouped, options);

        // Assert
        Assert.Equal(Weights.Length, aggregator.Count);
        Assert.True(oneByOne.SequenceEqual(grouped), $"{name}: AddRange changed the result.");
    }

    [Fact]
    public void AddRange_MismatchedListsRejected()
    {
        // Arrange
        float[][] updates = [new float[3], new float[3]];
        UpdateAggregator aggregator = Create(new ExperimentConfig(), updates);

        // Act
        var exception = Assert.Throws<ArgumentException>(() =>
            aggregator.AddRange(updates, [1.0], [1, 1], Parallelism(1)));

        // Assert: nothing was added.
        Assert.Contains("2 updates came with 1 weights and 2 step counts", exception.Message);
        Assert.Equal(0, aggregator.Count);
    }
}
