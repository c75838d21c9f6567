using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Tests.Training;
using FedWorkbench.Simulation.Training.Aggregation;
using static FedWorkbench.Simulation.Tests.Aggregation.AggregatorHarness;

namespace FedWorkbench.Simulation.Tests.Aggregation;

/// <summary>
/// The mean that forms each delta θ_k − θ itself gives the same bits as the mean of deltas formed before, and
/// leaves out a model whose delta is not finite.
/// </summary>
public sealed class TrainedModelTests
{
    // Three chunks of 4,096 sums, the last one partial, and a scalar tail after the vectors.
    private const int Length = 10_003;

    private static readonly double[] Weights = [6, 600, 1, 37];
    private static readonly int[] Steps = [1, 60, 1, 4];

    public static TheoryData<string, ExperimentConfig> Means => new()
    {
        { "weighted mean", new ExperimentConfig() },
        { "unweighted mean", new ExperimentConfig { Strategy = StrategyKind.Scaffold } },
    };

    [Theory]
    [MemberData(nameof(Means))]
    public void AddTrainedModels_MatchesAddRangeOfDeltas(string name, ExperimentConfig config)
    {
        // Arrange
        float[] global = InMemoryData.RandomValues(Length, seed: 50);
        float[][] models = Enumerable.Range(0, Weights.Length).Select(k => InMemoryData.RandomValues(Length, seed: 60 + k)).ToArray();
        float[][] deltas = models.Select(model => model.Zip(global, (m, g) => m - g).ToArray()).ToArray();
        UpdateAggregator aggregator = Create(config, models);
        float[] expected = Aggregate(aggregator, deltas, Weights, Steps);

        // Act: two groups on two threads.
        ParallelOptions options = Parallelism(2);
        aggregator.Reset();
        var leftOut = new bool[2];
        aggregator.AddTrainedModels(models.AsSpan(0, 2), global, Weights.AsSpan(0, 2), Steps.AsSpan(0, 2), leftOut, options);
        aggregator.AddTrainedModels(models.AsSpan(2), global, Weights.AsSpan(2), Steps.AsSpan(2), leftOut, options);
        var actual = new float[Length];
        aggregator.WriteResult(actual, options);

        // Assert
        Assert.True(aggregator.AddsTrainedModels);
        Assert.Equal(Weights.Length, aggregator.Count);
        Assert.False(leftOut.Contains(true));
        Assert.True(expected.SequenceEqual(actual), $"{name}: forming the deltas in the aggregator changed the result.");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4_100)]
    [InlineData(Length - 1)]
    public void AddTrainedModels_LeavesOutNonFiniteModel(int position)
    {
        // Arrange: model 2 has a NaN in the first chunk, the second chunk, or the scalar tail of the last chunk.
        float[] global = InMemoryData.RandomValues(Length, seed: 70);
        float[][] models = Enumerable.Range(0, Weights.Length).Select(k => InMemoryData.RandomValues(Length, seed: 80 + k)).ToArray();
        models[2][position] = float.NaN;
        int[] finiteModels = [0, 1, 3];
        float[][] keptDeltas = finiteModels.Select(k => models[k].Zip(global, (m, g) => m - g).ToArray()).ToArray();
        UpdateAggregator aggregator = Create(new ExperimentConfig(), models);
        float[] expected = Aggregate(aggregator, keptDeltas, finiteModels.Select(k => Weights[k]).ToArray(), finiteModels.Select(k => Steps[k]).ToArray());

        // Act
        ParallelOptions options = Parallelism(2);
        aggregator.Reset();
        var leftOut = new bool[Weights.Length];
        aggregator.AddTrainedModels(models, global, Weights, Steps, leftOut, options);
        var actual = new float[Length];
        aggregator.WriteResult(actual, options);

        // Assert: the other three models reach the mean as if model 2 had never been added.
        Assert.Equal([false, false, true, false], leftOut);
        Assert.Equal(3, aggregator.Count);
        Assert.True(expected.SequenceEqual(actual), "A model left out still changed the mean.");
    }

    [Fact]
    public void AddTrainedModels_AllNonFiniteAddsNothing()
    {
        // Arrange
        float[] global = new float[Length];
        float[][] models = [Enumerable.Repeat(float.PositiveInfinity, Length).ToArray()];
        UpdateAggregator aggregator = Create(new ExperimentConfig(), models);
        var leftOut = new bool[1];

        // Act
        aggregator.AddTrainedModels(models, global, [5.0], [1], leftOut, Parallelism(2));

        // Assert
        Assert.True(leftOut[0]);
        Assert.Equal(0, aggregator.Count);
    }

    [Fact]
    public void AddTrainedModels_UnsupportedRuleNamesTheAlternative()
    {
        // Arrange
        float[][] models = [new float[3]];
        UpdateAggregator median = Create(new ExperimentConfig { Aggregation = AggregationKind.Median }, models);

        // Act
        var exception = Assert.Throws<NotSupportedException>(() =>
            median.AddTrainedModels(models, new float[3], [1.0], [1], new bool[1], Parallelism(1)));

        // Assert
        Assert.False(median.AddsTrainedModels);
        Assert.Contains("AddRange", exception.Message, StringComparison.Ordinal);
    }
}
