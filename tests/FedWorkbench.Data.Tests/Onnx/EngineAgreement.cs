using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Models;

namespace FedWorkbench.Data.Tests.Onnx;

/// <summary>Checks that ONNX Runtime's scores of an exported model agree with the engine's <see cref="ModelScorer"/>.</summary>
internal static class EngineAgreement
{
    /// <summary>
    /// ONNX Runtime's Gemm and the engine's kernels both sum in float32, in different orders. On the trained
    /// 784-200-200-10 network of the Fashion-MNIST test, with logits up to about 13, the largest difference was about
    /// 5e-6 on an x64 CPU with AVX-512. The tolerance 1e-4 leaves room for other CPUs and kernels while still catching
    /// a wrong or transposed weight.
    /// </summary>
    public const float LogitTolerance = 1e-4f;

    /// <summary>Softmax shrinks logit differences, so probabilities differed by at most 1.2e-6 in that run.</summary>
    public const float ProbabilityTolerance = 1e-5f;

    /// <summary>
    /// Asserts that ONNX Runtime predicts the engine's label for every sample, and that its logits and probabilities
    /// are within <see cref="LogitTolerance"/> and <see cref="ProbabilityTolerance"/> of the engine's.
    /// </summary>
    public static void AssertMatches(TrainedModel model, DataSplit split, OnnxRuntimeScores scores)
    {
        int[] expectedLabels = ModelScorer.Predict(model, split);
        float[] expectedLogits = ModelScorer.Logits(model, split);
        float[] expectedProbabilities = ModelScorer.Probabilities(model, split);

        // keepdims = 0 must drop the class axis of the labels at run time too.
        Assert.Equal([split.Count, model.ClassCount], scores.LogitsShape);
        Assert.Equal([split.Count, model.ClassCount], scores.ProbabilitiesShape);
        Assert.Equal([split.Count], scores.LabelsShape);
        int[] mismatchedSamples = [.. Enumerable.Range(0, split.Count).Where(sample => scores.Labels[sample] != expectedLabels[sample])];
        Assert.Empty(mismatchedSamples);

        AssertWithin(expectedLogits, scores.Logits, LogitTolerance, model.ClassCount, "logit");
        AssertWithin(expectedProbabilities, scores.Probabilities, ProbabilityTolerance, model.ClassCount, "probability");
    }

    private static void AssertWithin(float[] expected, float[] actual, float tolerance, int classCount, string quantity)
    {
        Assert.Equal(expected.Length, actual.Length);
        int worst = 0;
        for (int i = 1; i < expected.Length; i++)
        {
            if (Math.Abs(expected[i] - actual[i]) > Math.Abs(expected[worst] - actual[worst]))
            {
                worst = i;
            }
        }

        float difference = Math.Abs(expected[worst] - actual[worst]);
        Assert.True(
            difference <= tolerance,
            $"The {quantity} of sample {worst / classCount}, class {worst % classCount} is {actual[worst]} in ONNX Runtime "
            + $"and {expected[worst]} in the engine, {difference} apart, more than the tolerance {tolerance}.");
    }
}
