using FedWorkbench.Simulation.Models;
using FedWorkbench.Simulation.Tests.Training;

namespace FedWorkbench.Simulation.Tests.Models;

/// <summary>
/// Padded weights change where the AVX-512 kernels read W, not how they compute, so evaluation on them must equal
/// evaluation on the parameters exactly. On CPUs without AVX-512 the process never pads, which is checked instead.
/// </summary>
public sealed unsafe class PaddedWeightsTests
{
    private static readonly ModelLayout Mlp = new([784, 200, 200, 10]);

    [Fact]
    public void For_PadsOnlyOnVector512Path()
    {
        PaddedWeights? padded = PaddedWeights.For(Mlp);

        Assert.Equal(KernelSelection.ActivePath == KernelPath.Vector512, padded is not null);
    }

    [Fact]
    public void For_SkipsOutputMajorAndWholeLineLayers()
    {
        PaddedWeights? padded = PaddedWeights.For(new ModelLayout([40, 32, 20, 10]));
        if (padded is null)
        {
            return;
        }

        Assert.True(padded.WeightsOf(0, out int wholeLineStride) == null);
        Assert.Equal(0, wholeLineStride);
        Assert.True(padded.WeightsOf(1, out int paddedStride) != null);
        Assert.Equal(32, paddedStride);
        Assert.True(padded.WeightsOf(2, out _) == null);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(31)]
    [InlineData(250)]
    public void Evaluate_PaddedEqualsUnpadded(int rows)
    {
        PaddedWeights? padded = PaddedWeights.For(Mlp);
        if (padded is null)
        {
            return;
        }

        float[] parameters = ModelInitializer.Create(Mlp, 5);
        float[] input = InMemoryData.RandomValues(rows * Mlp.InputWidth, 6);
        byte[] labels = [.. Enumerable.Range(0, rows).Select(r => (byte)(r % Mlp.ClassCount))];
        padded.CopyFrom(parameters);
        var workspace = new ModelWorkspace(Mlp, rows);

        (int Correct, double LossSum) expected;
        (int Correct, double LossSum) actual;
        fixed (float* parameterPointer = parameters, inputPointer = input)
        {
            expected = DenseNetwork.Evaluate(workspace, parameterPointer, inputPointer, labels, rows);
            actual = DenseNetwork.Evaluate(workspace, parameterPointer, inputPointer, labels, rows, padded);
        }

        Assert.Equal(expected.Correct, actual.Correct);
        Assert.Equal(expected.LossSum, actual.LossSum);
    }

    [Fact]
    public void CopyFrom_WrongLengthThrows()
    {
        PaddedWeights? padded = PaddedWeights.For(Mlp);
        if (padded is null)
        {
            return;
        }

        ArgumentException error = Assert.Throws<ArgumentException>(() => padded.CopyFrom(new float[10]));

        Assert.Contains("10 values", error.Message, StringComparison.Ordinal);
    }
}
