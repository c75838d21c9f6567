using FedWorkbench.Simulation.Data;

namespace FedWorkbench.Simulation.Models;

/// <summary>
/// Scores samples with a <see cref="TrainedModel"/> through the engine's own kernels, so that the scores are the
/// ones its evaluation after every round computes.
/// </summary>
public static unsafe class ModelScorer
{
    /// <summary>Rows scored per pass. The workspace keeps their activations.</summary>
    private const int ChunkRows = 256;

    /// <summary>
    /// Returns the logits of every sample of <paramref name="split"/>, row-major: sample i's score for class c is at
    /// i·ClassCount + c.
    /// </summary>
    public static float[] Logits(TrainedModel model, DataSplit split)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(split);
        if (split.FeatureCount != model.FeatureCount)
        {
            throw new ArgumentException(
                $"The model takes {model.FeatureCount} features per sample; the data has {split.FeatureCount}.", nameof(split));
        }

        int classes = model.ClassCount;
        var logits = new float[(long)split.Count * classes];
        var workspace = new ModelWorkspace(model.Layout, Math.Max(1, Math.Min(ChunkRows, split.Count)));
        fixed (float* parameters = model.Parameters)
        fixed (float* features = split.Features)
        {
            for (int start = 0; start < split.Count; start += ChunkRows)
            {
                int rows = Math.Min(ChunkRows, split.Count - start);
                float* output = DenseNetwork.Logits(workspace, parameters, features + ((nint)start * split.FeatureCount), rows);
                new ReadOnlySpan<float>(output, rows * classes).CopyTo(logits.AsSpan(start * classes, rows * classes));
            }
        }

        return logits;
    }

    /// <summary>
    /// Returns softmax(logits) of every sample of <paramref name="split"/>, row-major like <see cref="Logits"/>.
    /// Each row is computed as exp(z − max z) / Σ exp(z − max z), which cannot overflow.
    /// </summary>
    public static float[] Probabilities(TrainedModel model, DataSplit split)
    {
        ArgumentNullException.ThrowIfNull(model);
        float[] scores = Logits(model, split);
        Softmax(scores, model.ClassCount);
        return scores;
    }

    /// <summary>
    /// Replaces each row of <paramref name="classes"/> logits in <paramref name="scores"/> by its softmax, as
    /// <see cref="Probabilities"/> computes it, for a caller that already has the logits.
    /// </summary>
    public static void Softmax(Span<float> scores, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        for (int start = 0; start < scores.Length; start += classes)
        {
            Span<float> row = scores.Slice(start, classes);
            float max = row[0];
            foreach (float value in row)
            {
                max = MathF.Max(max, value);
            }

            double sum = 0;
            for (int c = 0; c < classes; c++)
            {
                row[c] = MathF.Exp(row[c] - max);
                sum += row[c];
            }

            for (int c = 0; c < classes; c++)
            {
                row[c] = (float)(row[c] / sum);
            }
        }
    }

    /// <summary>Returns the predicted class of each sample: the first class with the largest logit, as in evaluation.</summary>
    public static int[] Predict(TrainedModel model, DataSplit split)
    {
        float[] logits = Logits(model, split);
        int classes = model.ClassCount;
        var predicted = new int[split.Count];
        for (int sample = 0; sample < predicted.Length; sample++)
        {
            ReadOnlySpan<float> row = logits.AsSpan(sample * classes, classes);
            int best = 0;
            for (int c = 1; c < classes; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }

            predicted[sample] = best;
        }

        return predicted;
    }
}
