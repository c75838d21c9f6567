using FedWorkbench.Simulation.Models;
using FedWorkbench.Simulation.Tests.Training;

namespace FedWorkbench.Simulation.Tests.Models;

/// <summary>
/// Checks the analytic float32 gradient of the mean cross-entropy against central finite differences of a
/// float64 reference network, L'(θ) ≈ (L(θ + h) − L(θ − h)) / 2h with h = 1e-5. Float64 keeps the difference
/// quotient's error near 1e-10, so the tolerance 2e-4 + 1e-3·|L'| covers float32 rounding in the analytic path.
/// </summary>
public sealed class DenseNetworkTests
{
    private const double Step = 1e-5;

    public static TheoryData<int[], int> Networks => new()
    {
        { [17, 4], 5 },
        { [13, 7, 5, 3], 6 },
        { [70, 80, 10], 9 },
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void AccumulateGradient_MatchesFiniteDifferences(int[] widths, int rows)
    {
        // Arrange
        var layout = new ModelLayout(widths);
        float[] parameters = ModelInitializer.Create(layout, seed: 11);
        float[] input = InMemoryData.RandomValues(rows * layout.InputWidth, 12);
        byte[] labels = Enumerable.Range(0, rows).Select(r => (byte)(r * 7 % layout.ClassCount)).ToArray();
        var workspace = new ModelWorkspace(layout, rows);
        var gradient = new float[layout.ParameterCount];

        // Act
        double lossSum = DenseNetwork.AccumulateGradient(workspace, parameters, input, labels, gradient);

        // Assert
        double[] point = parameters.Select(p => (double)p).ToArray();
        double referenceLoss = ReferenceMeanLoss(layout, point, input, labels);
        Assert.True(Math.Abs((lossSum / rows) - referenceLoss) <= 1e-5, $"Loss {lossSum / rows} differs from the reference {referenceLoss}.");

        int stride = layout.ParameterCount > 2_000 ? 7 : 1;
        for (int i = 0; i < layout.ParameterCount; i += stride)
        {
            double saved = point[i];
            point[i] = saved + Step;
            double lossPlus = ReferenceMeanLoss(layout, point, input, labels);
            point[i] = saved - Step;
            double lossMinus = ReferenceMeanLoss(layout, point, input, labels);
            point[i] = saved;

            double numeric = (lossPlus - lossMinus) / (2 * Step);
            double tolerance = 2e-4 + (1e-3 * Math.Abs(numeric));
            Assert.True(
                Math.Abs(gradient[i] - numeric) <= tolerance,
                $"Model {layout}, parameter {i}: analytic {gradient[i]}, finite difference {numeric}.");
        }
    }

    [Fact]
    public void AccumulateGradient_AddsToExistingValues()
    {
        // Arrange
        var layout = new ModelLayout([6, 5, 3]);
        float[] parameters = ModelInitializer.Create(layout, seed: 3);
        float[] input = InMemoryData.RandomValues(4 * 6, 4);
        byte[] labels = [0, 1, 2, 1];
        var workspace = new ModelWorkspace(layout, 4);
        var once = new float[layout.ParameterCount];
        var twice = new float[layout.ParameterCount];

        // Act
        DenseNetwork.AccumulateGradient(workspace, parameters, input, labels, once);
        DenseNetwork.AccumulateGradient(workspace, parameters, input, labels, twice);
        DenseNetwork.AccumulateGradient(workspace, parameters, input, labels, twice);

        // Assert: tolerance 1e-6 covers one float rounding of the sum.
        for (int i = 0; i < once.Length; i++)
        {
            Assert.True(Math.Abs((2 * once[i]) - twice[i]) <= 1e-6, $"Parameter {i}: 2·{once[i]} ≠ {twice[i]}.");
        }
    }

    /// <summary>Computes the mean cross-entropy of the network in float64 with plain loops.</summary>
    private static double ReferenceMeanLoss(ModelLayout layout, double[] parameters, float[] input, byte[] labels)
    {
        int rows = labels.Length;
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            double[] activation = input.AsSpan(r * layout.InputWidth, layout.InputWidth).ToArray().Select(v => (double)v).ToArray();
            for (int layer = 0; layer < layout.LayerCount; layer++)
            {
                int fanIn = layout.FanIn(layer);
                int fanOut = layout.FanOut(layer);
                var output = new double[fanOut];
                for (int j = 0; j < fanOut; j++)
                {
                    double sum = parameters[layout.BiasOffset(layer) + j];
                    for (int k = 0; k < fanIn; k++)
                    {
                        sum += activation[k] * parameters[layout.WeightIndex(layer, k, j)];
                    }

                    output[j] = layer < layout.LayerCount - 1 ? Math.Max(sum, 0) : sum;
                }

                activation = output;
            }

            double max = activation.Max();
            double logSumExp = max + Math.Log(activation.Sum(z => Math.Exp(z - max)));
            total += logSumExp - activation[labels[r]];
        }

        return total / rows;
    }
}
