using FedWorkbench.Simulation.Training;

namespace FedWorkbench.Simulation.Tests.Training;

public sealed class FedAvgTests
{
    [Fact]
    public void WeightedMean_MatchesFormula()
    {
        // Arrange: three hand-made updates with weights n_k = 1, 3 and 6, so n = 10.
        float[][] updates =
        [
            [1f, -2f, 0.5f, 100f],
            [3f, 4f, -0.5f, 0f],
            [-1f, 0f, 2f, 10f],
        ];
        double[] weights = [1, 3, 6];
        var sum = new double[4];
        var result = new float[4];

        // Act
        for (int k = 0; k < updates.Length; k++)
        {
            FedAvg.AccumulateWeighted(sum, updates[k], weights[k]);
        }

        FedAvg.WriteWeightedMean(sum, weights.Sum(), result);

        // Assert: θ[i] = Σ_k (n_k / n)·θ_k[i], e.g. θ[0] = (1·1 + 3·3 + 6·(−1)) / 10 = 0.4, with tolerance 1e-6.
        for (int i = 0; i < 4; i++)
        {
            double expected = ((1 * updates[0][i]) + (3 * updates[1][i]) + (6 * updates[2][i])) / 10.0;
            Assert.True(Math.Abs(expected - result[i]) <= 1e-6, $"Parameter {i}: expected {expected}, got {result[i]}.");
        }

        Assert.Equal(0.4f, result[0], 6);
    }

    [Fact]
    public void AccumulateWeighted_LongSpanMatchesScalarExactly()
    {
        // Arrange: 37 values cover whole vectors and a scalar tail for any vector width up to 32 floats.
        float[] update = InMemoryData.RandomValues(37, 21, scale: 3);
        double[] start = InMemoryData.RandomValues(37, 22).Select(v => (double)v).ToArray();
        double[] sum = (double[])start.Clone();

        // Act
        FedAvg.AccumulateWeighted(sum, update, weight: 600);

        // Assert: widening is exact and nothing is fused, so each value equals the scalar formula bit for bit.
        for (int i = 0; i < sum.Length; i++)
        {
            double expected = start[i] + (600.0 * update[i]);
            Assert.Equal(expected, sum[i]);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(37)]
    [InlineData(4_099)]
    public void AccumulateWeightedDifference_MatchesDeltaExactly(int length)
    {
        // Arrange: lengths below, at and above one 512-bit vector of floats, with a scalar tail.
        float[] model = InMemoryData.RandomValues(length, 31, scale: 3);
        float[] global = InMemoryData.RandomValues(length, 32);
        double[] start = InMemoryData.RandomValues(length, 33).Select(v => (double)v).ToArray();
        double[] fused = (double[])start.Clone();
        double[] fromDelta = (double[])start.Clone();
        float[] delta = model.Zip(global, (m, g) => m - g).ToArray();

        // Act
        bool finite = FedAvg.AccumulateWeightedDifference(fused, model, global, weight: 600);
        FedAvg.AccumulateWeighted(fromDelta, delta, weight: 600);

        // Assert: the difference is rounded to float32 before widening, so the bits equal those of the formed delta.
        Assert.True(finite);
        Assert.Equal(fromDelta, fused);
    }

    [Theory]
    [InlineData(0, float.NaN)]
    [InlineData(9, float.PositiveInfinity)]
    [InlineData(31, float.NegativeInfinity)]
    [InlineData(36, float.NaN)]
    public void AccumulateWeightedDifference_ReportsNonFiniteAnywhere(int position, float value)
    {
        // Arrange: positions in the first vector, the second and the scalar tail of 37 values.
        float[] model = InMemoryData.RandomValues(37, 41);
        float[] global = InMemoryData.RandomValues(37, 42);
        model[position] = value;

        // Act
        bool finite = FedAvg.AccumulateWeightedDifference(new double[37], model, global, weight: 1);

        // Assert
        Assert.False(finite);
    }

    [Fact]
    public void AccumulateWeightedDifference_ReportsOverflowingDifference()
    {
        // Arrange: both values are finite, but their difference overflows float32.
        float[] model = [float.MaxValue];
        float[] global = [-float.MaxValue];

        // Act
        bool finite = FedAvg.AccumulateWeightedDifference(new double[1], model, global, weight: 1);

        // Assert
        Assert.False(finite);
    }

    [Fact]
    public void FindRejectionReason_AcceptsValidUpdate()
    {
        // Act
        string? reason = FedAvg.FindRejectionReason([1f, -2f, 3f], expectedLength: 3, weight: 5);

        // Assert
        Assert.Null(reason);
    }

    public static TheoryData<float[], double, string> InvalidUpdates => new()
    {
        { [1f, float.NaN, 3f], 5, "parameter 1 is NaN" },
        { [float.PositiveInfinity, 2f, 3f], 5, "parameter 0 is" },
        { [1f, 2f, float.NegativeInfinity], 5, "parameter 2 is" },
        { [1f, 2f], 5, "has 2 parameters, expected 3" },
        { [1f, 2f, 3f], 0, "weight 0" },
        { [1f, 2f, 3f], -4, "weight -4" },
        { [1f, 2f, 3f], double.NaN, "weight NaN" },
    };

    [Theory]
    [MemberData(nameof(InvalidUpdates))]
    public void FindRejectionReason_NamesTheProblem(float[] parameters, double weight, string expectedText)
    {
        // Act
        string? reason = FedAvg.FindRejectionReason(parameters, expectedLength: 3, weight);

        // Assert
        Assert.NotNull(reason);
        Assert.Contains(expectedText, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(500)]
    [InlineData(999)]
    [InlineData(1_002)]
    public void IndexOfNonFinite_FindsFirstAnywhere(int position)
    {
        // Arrange: 1,003 values cover whole blocks of vectors, a partial block and a scalar tail on any vector
        // width. A second non-finite value after the first must not be reported.
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            float[] values = InMemoryData.RandomValues(1_003, seed: 5);
            values[position] = bad;
            if (position + 1 < values.Length)
            {
                values[^1] = float.NaN;
            }

            // Act
            int index = FedAvg.IndexOfNonFinite(values);

            // Assert
            Assert.True(index == position, $"{bad} at {position}: found {index}.");
        }
    }

    [Fact]
    public void IndexOfNonFinite_AllFinite()
    {
        // Arrange: extreme finite values, whose x − x is still 0.
        float[] values = InMemoryData.RandomValues(1_003, seed: 6);
        values[10] = float.MaxValue;
        values[11] = float.MinValue;
        values[12] = float.Epsilon;
        values[13] = -0f;

        // Act
        int index = FedAvg.IndexOfNonFinite(values);

        // Assert
        Assert.Equal(-1, index);
    }
}
