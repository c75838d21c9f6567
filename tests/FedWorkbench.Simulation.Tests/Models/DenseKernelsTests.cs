using FedWorkbench.Simulation.Models;
using FedWorkbench.Simulation.Tests.Training;

namespace FedWorkbench.Simulation.Tests.Models;

/// <summary>
/// Checks each kernel path this CPU supports, in both weight layouts, against a float64 reference. The shapes hit
/// full tiles, partial row blocks, weight-row remainders and masked column tails of the 8-lane, 16-lane and
/// 48-column tiles. They also hit the output-major tiles of 5 outputs and 8, 16 or 32 inputs, the 10-row forward
/// tiles, and the 6-row (AVX2) and 12-row (AVX-512) tiles and 60-row blocks of forward passes over many rows. Paths the CPU lacks are skipped. Tolerance: 1e-4 absolute
/// plus 1e-4 relative, well above float32 rounding for sums of at most 800 products of unit-scale values.
/// </summary>
public sealed class DenseKernelsTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 },
        { 3, 5, 7 },
        { 4, 16, 16 },
        { 6, 13, 64 },
        { 9, 70, 130 },
        { 10, 67, 200 },
        { 11, 4, 65 },
        { 2, 3, 8 },
        { 5, 9, 15 },
        { 7, 6, 17 },
        { 8, 7, 24 },
        { 10, 200, 10 },
        { 12, 11, 33 },
        { 13, 784, 9 },
        { 3, 5, 96 },
        { 10, 784, 200 },
        { 32, 784, 10 },
        { 7, 33, 12 },
        { 3, 40, 2 },
        { 5, 31, 14 },
        { 31, 17, 37 },
        { 61, 9, 33 },
        { 130, 70, 50 },
        { 20, 19, 47 },
        { 36, 8, 64 },
    };


    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_MatchesReference(int rows, int fanIn, int fanOut)
    {
        foreach (bool outputMajor in new[] { false, true })
        {
            foreach (bool relu in new[] { false, true })
            {
                CheckForward(rows, fanIn, fanOut, relu, outputMajor);
            }
        }
    }

    private static void CheckForward(int rows, int fanIn, int fanOut, bool relu, bool outputMajor)
    {
        // Arrange
        float[] x = InMemoryData.RandomValues(rows * fanIn, 1);
        float[] w = InMemoryData.RandomValues(fanIn * fanOut, 2);
        float[] bias = InMemoryData.RandomValues(fanOut, 3);
        var expected = new double[rows * fanOut];
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < fanOut; j++)
            {
                double sum = bias[j];
                for (int k = 0; k < fanIn; k++)
                {
                    sum += (double)x[(r * fanIn) + k] * w[WeightIndex(k, j, fanIn, fanOut, outputMajor)];
                }

                expected[(r * fanOut) + j] = relu ? Math.Max(sum, 0) : sum;
            }
        }

        foreach (KernelPath path in AvailablePaths())
        {
            // Act
            var y = new float[rows * fanOut];
            DenseKernels.Forward(x, rows, fanIn, w, bias, fanOut, relu, y, path, outputMajor);

            // Assert
            AssertClose(expected, y, path, outputMajor);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void BackpropInput_MatchesReference(int rows, int fanIn, int fanOut)
    {
        foreach (bool outputMajor in new[] { false, true })
        {
            CheckBackpropInput(rows, fanIn, fanOut, outputMajor);
        }
    }

    private static void CheckBackpropInput(int rows, int fanIn, int fanOut, bool outputMajor)
    {
        // Arrange
        float[] g = InMemoryData.RandomValues(rows * fanOut, 4);
        float[] w = InMemoryData.RandomValues(fanIn * fanOut, 5);
        float[] reluOutput = InMemoryData.RandomValues(rows * fanIn, 10).Select(v => Math.Max(v, 0f)).ToArray();
        var expected = new double[rows * fanIn];
        for (int r = 0; r < rows; r++)
        {
            for (int k = 0; k < fanIn; k++)
            {
                double sum = 0;
                for (int j = 0; j < fanOut; j++)
                {
                    sum += (double)g[(r * fanOut) + j] * w[WeightIndex(k, j, fanIn, fanOut, outputMajor)];
                }

                expected[(r * fanIn) + k] = reluOutput[(r * fanIn) + k] > 0 ? sum : 0;
            }
        }

        foreach (KernelPath path in AvailablePaths())
        {
            // Act
            var dx = new float[rows * fanIn];
            DenseKernels.BackpropInput(g, rows, fanOut, w, fanIn, reluOutput, dx, path, outputMajor);

            // Assert
            AssertClose(expected, dx, path, outputMajor);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AccumulateWeights_MatchesReference(int rows, int fanIn, int fanOut)
    {
        foreach (bool outputMajor in new[] { false, true })
        {
            CheckAccumulateWeights(rows, fanIn, fanOut, outputMajor);
        }
    }

    private static void CheckAccumulateWeights(int rows, int fanIn, int fanOut, bool outputMajor)
    {
        // Arrange
        float[] x = InMemoryData.RandomValues(rows * fanIn, 6);
        float[] s = InMemoryData.RandomValues(rows * fanOut, 7);
        float[] w0 = InMemoryData.RandomValues(fanIn * fanOut, 8);
        float[] b0 = InMemoryData.RandomValues(fanOut, 9);
        const float scale = -0.3f;
        var expectedW = new double[fanIn * fanOut];
        var expectedB = new double[fanOut];
        for (int j = 0; j < fanOut; j++)
        {
            double biasSum = 0;
            for (int r = 0; r < rows; r++)
            {
                biasSum += s[(r * fanOut) + j];
            }

            expectedB[j] = b0[j] + (scale * biasSum);
            for (int k = 0; k < fanIn; k++)
            {
                double sum = 0;
                for (int r = 0; r < rows; r++)
                {
                    sum += (double)x[(r * fanIn) + k] * s[(r * fanOut) + j];
                }

                int index = WeightIndex(k, j, fanIn, fanOut, outputMajor);
                expectedW[index] = w0[index] + (scale * sum);
            }
        }

        foreach (KernelPath path in AvailablePaths())
        {
            // Act
            float[] w = (float[])w0.Clone();
            float[] b = (float[])b0.Clone();
            DenseKernels.AccumulateWeights(x, s, rows, fanIn, fanOut, scale, w, b, path, outputMajor);

            // Assert
            AssertClose(expectedW, w, path, outputMajor);
            AssertClose(expectedB, b, path, outputMajor);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    [InlineData(0, 7, 17)]
    [InlineData(0, 13, 50)]
    public void AccumulateWeights_OutOfPlaceMatchesInPlace(int rows, int fanIn, int fanOut)
    {
        foreach (bool outputMajor in new[] { false, true })
        {
            CheckOutOfPlaceUpdate(rows, fanIn, fanOut, outputMajor);
        }
    }

    private static void CheckOutOfPlaceUpdate(int rows, int fanIn, int fanOut, bool outputMajor)
    {
        // Arrange
        float[] x = InMemoryData.RandomValues(rows * fanIn, 10);
        float[] s = InMemoryData.RandomValues(rows * fanOut, 11);
        float[] w0 = InMemoryData.RandomValues(fanIn * fanOut, 12);
        float[] b0 = InMemoryData.RandomValues(fanOut, 13);
        const float scale = -0.7f;

        foreach (KernelPath path in AvailablePaths())
        {
            float[] inPlaceW = (float[])w0.Clone();
            float[] inPlaceB = (float[])b0.Clone();
            DenseKernels.AccumulateWeights(x, s, rows, fanIn, fanOut, scale, inPlaceW, inPlaceB, path, outputMajor);

            // Act: destinations full of NaN show that every value is written.
            var w = new float[fanIn * fanOut];
            var b = new float[fanOut];
            Array.Fill(w, float.NaN);
            Array.Fill(b, float.NaN);
            DenseKernels.AccumulateWeights(x, s, rows, fanIn, fanOut, scale, w0, b0, w, b, path, outputMajor);

            // Assert
            string where = $"{KernelSelection.NameOf(path)} path, {LayoutName(outputMajor)} weights";
            Assert.True(inPlaceW.AsSpan().SequenceEqual(w), $"{where}: the weights differ.");
            Assert.True(inPlaceB.AsSpan().SequenceEqual(b), $"{where}: the biases differ.");
            Assert.Equal(InMemoryData.RandomValues(fanIn * fanOut, 12), w0);
            Assert.Equal(InMemoryData.RandomValues(fanOut, 13), b0);
        }
    }

    [Fact]
    public void AccumulateWeights_OverlappingSourceThrows()
    {
        // Arrange
        float[] x = InMemoryData.RandomValues(6, 14);
        float[] s = InMemoryData.RandomValues(8, 15);
        float[] w = InMemoryData.RandomValues(13, 16);
        float[] b = InMemoryData.RandomValues(4, 17);

        // Act and assert: the destination starts one value after the source.
        Assert.Throws<ArgumentException>(
            () => DenseKernels.AccumulateWeights(x, s, 2, 3, 4, 1f, w.AsSpan(0, 12), b, w.AsSpan(1, 12), new float[4], KernelPath.Portable));
    }

    private static IEnumerable<KernelPath> AvailablePaths() =>
        Enum.GetValues<KernelPath>().Where(KernelSelection.IsSupported);

    /// <summary>Returns the index of weight (k, j) in an input-major (k·fanOut + j) or output-major (j·fanIn + k) matrix.</summary>
    private static int WeightIndex(int k, int j, int fanIn, int fanOut, bool outputMajor) =>
        outputMajor ? (j * fanIn) + k : (k * fanOut) + j;

    private static string LayoutName(bool outputMajor) => outputMajor ? "output-major" : "input-major";

    private static void AssertClose(double[] expected, float[] actual, KernelPath path, bool outputMajor)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double tolerance = 1e-4 + (1e-4 * Math.Abs(expected[i]));
            Assert.True(
                Math.Abs(expected[i] - actual[i]) <= tolerance,
                $"{KernelSelection.NameOf(path)} path, {LayoutName(outputMajor)} weights, element {i}: expected {expected[i]}, got {actual[i]}.");
        }
    }
}
