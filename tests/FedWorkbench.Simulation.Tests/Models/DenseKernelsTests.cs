using FedWorkbench.Simulation.Models;
using FedWorkbench.Simulation.Tests.Training;

namespace FedWorkbench.Simulation.Tests.Models;

/// <summary>
/// Checks each kernel path against a float64 reference on shapes that hit full tiles, partial row blocks,
/// weight-row remainders and masked column tails. Tolerance: 1e-4 absolute plus 1e-4 relative, well above
/// float32 rounding for sums of at most 130 products of unit-scale values.
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
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_MatchesReference(int rows, int fanIn, int fanOut)
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
                    sum += (double)x[(r * fanIn) + k] * w[(k * fanOut) + j];
                }

                expected[(r * fanOut) + j] = sum;
            }
        }

        foreach (bool vector in AvailablePaths())
        {
            // Act
            var y = new float[rows * fanOut];
            DenseKernels.Forward(x, rows, fanIn, w, bias, fanOut, y, vector ? KernelPath.Vector512 : KernelPath.Scalar);

            // Assert
            AssertClose(expected, y, vector);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void BackpropInput_MatchesReference(int rows, int fanIn, int fanOut)
    {
        // Arrange
        float[] g = InMemoryData.RandomValues(rows * fanOut, 4);
        float[] w = InMemoryData.RandomValues(fanIn * fanOut, 5);
        var expected = new double[rows * fanIn];
        for (int r = 0; r < rows; r++)
        {
            for (int k = 0; k < fanIn; k++)
            {
                double sum = 0;
                for (int j = 0; j < fanOut; j++)
                {
                    sum += (double)g[(r * fanOut) + j] * w[(k * fanOut) + j];
                }

                expected[(r * fanIn) + k] = sum;
            }
        }

        foreach (bool vector in AvailablePaths())
        {
            // Act
            var dx = new float[rows * fanIn];
            DenseKernels.BackpropInput(g, rows, fanOut, w, fanIn, dx, vector ? KernelPath.Vector512 : KernelPath.Scalar);

            // Assert
            AssertClose(expected, dx, vector);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AccumulateWeights_MatchesReference(int rows, int fanIn, int fanOut)
    {
        // Arrange
        float[] x = InMemoryData.RandomValues(rows * fanIn, 6);
        float[] s = InMemoryData.RandomValues(rows * fanOut, 7);
        float[] w0 = InMemoryData.RandomValues(fanIn * fanOut, 8);
        float[] b0 = InMemoryData.RandomValues(fanOut, 9);
        var expectedW = new double[fanIn * fanOut];
        var expectedB = new double[fanOut];
        for (int j = 0; j < fanOut; j++)
        {
            double biasSum = b0[j];
            for (int r = 0; r < rows; r++)
            {
                biasSum += s[(r * fanOut) + j];
            }

            expectedB[j] = biasSum;
            for (int k = 0; k < fanIn; k++)
            {
                double sum = w0[(k * fanOut) + j];
                for (int r = 0; r < rows; r++)
                {
                    sum += (double)x[(r * fanIn) + k] * s[(r * fanOut) + j];
                }

                expectedW[(k * fanOut) + j] = sum;
            }
        }

        foreach (bool vector in AvailablePaths())
        {
            // Act
            float[] w = (float[])w0.Clone();
            float[] b = (float[])b0.Clone();
            DenseKernels.AccumulateWeights(x, s, rows, fanIn, fanOut, w, b, vector ? KernelPath.Vector512 : KernelPath.Scalar);

            // Assert
            AssertClose(expectedW, w, vector);
            AssertClose(expectedB, b, vector);
        }
    }

    private static IEnumerable<bool> AvailablePaths()
    {
        yield return false;
        if (DenseKernels.IsVector512Path)
        {
            yield return true;
        }
    }

    private static void AssertClose(double[] expected, float[] actual, bool vector)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double tolerance = 1e-4 + (1e-4 * Math.Abs(expected[i]));
            Assert.True(
                Math.Abs(expected[i] - actual[i]) <= tolerance,
                $"{(vector ? "Vector512" : "scalar")} path, element {i}: expected {expected[i]}, got {actual[i]}.");
        }
    }
}
