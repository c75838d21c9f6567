using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Training.Aggregation;

namespace FedWorkbench.Simulation.Tests.Aggregation;

/// <summary>Runs one round of an aggregator on hand-made updates.</summary>
internal static class AggregatorHarness
{
    /// <summary>Parallel options with the given degree of parallelism.</summary>
    public static ParallelOptions Parallelism(int degree) => new() { MaxDegreeOfParallelism = degree };

    /// <summary>Creates the rule <paramref name="config"/> names for updates of the length of the first update.</summary>
    public static UpdateAggregator Create(ExperimentConfig config, float[][] updates) => UpdateAggregator.Create(config, updates[0].Length);

    /// <summary>Resets, adds every update with its weight and step count (1 each when omitted) and returns the result.</summary>
    public static float[] Aggregate(
        UpdateAggregator aggregator, float[][] updates, double[]? weights = null, int[]? localSteps = null, int parallelism = 1)
    {
        ParallelOptions options = Parallelism(parallelism);
        aggregator.Reset();
        for (int k = 0; k < updates.Length; k++)
        {
            aggregator.Add(updates[k], weights?[k] ?? 1, localSteps?[k] ?? 1, options);
        }

        var result = new float[aggregator.ParameterCount];
        aggregator.WriteResult(result, options);
        return result;
    }

    /// <summary>Asserts |expected[i] − actual[i]| ≤ tolerance for every i, naming the first coordinate that differs.</summary>
    public static void AssertClose(IReadOnlyList<double> expected, IReadOnlyList<float> actual, double tolerance)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"Coordinate {i}: expected {expected[i]}, got {actual[i]} (tolerance {tolerance}).");
        }
    }

    /// <summary>Returns the values of coordinate <paramref name="coordinate"/> across <paramref name="updates"/>.</summary>
    public static double[] Column(float[][] updates, int coordinate) => updates.Select(u => (double)u[coordinate]).ToArray();
}
