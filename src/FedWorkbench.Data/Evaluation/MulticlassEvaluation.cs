using Microsoft.ML;
using Microsoft.ML.Data;

namespace FedWorkbench.Data.Evaluation;

/// <summary>Runs ML.NET's multiclass evaluator over scored samples held in spans.</summary>
/// <remarks>
/// Behaviour of the evaluator in Microsoft.ML 6.0.0, checked by running it and by reading
/// src/Microsoft.ML.Data/Evaluators/MulticlassClassificationEvaluator.cs in dotnet/machinelearning:
/// it requires a PredictedLabel column but does not read it. It assigns each sample the class that comes first when
/// the Score column is sorted descending with the stable <c>OrderByDescending</c>, which is the first class with the
/// largest score, the rule the engine applies to logits. The log-loss of a sample is −ln p, with p the Score of the
/// true class clipped to [(float)1e-15, 1]. Rows with a non-finite score are skipped without an error, so callers
/// must reject them first.
/// </remarks>
internal static class MulticlassEvaluation
{
    /// <summary>
    /// Evaluates samples whose scores are row-major: sample i's score for class c is at i·classCount + c. The caller
    /// has checked that every label is below <paramref name="classCount"/> and every score is finite.
    /// </summary>
    public static MulticlassClassificationMetrics Evaluate(int classCount, ReadOnlySpan<byte> labels, ReadOnlySpan<float> scores)
    {
        var rows = new ScoredRow[labels.Length];
        for (int sample = 0; sample < rows.Length; sample++)
        {
            float[] rowScores = scores.Slice(sample * classCount, classCount).ToArray();
            rows[sample] = new ScoredRow
            {
                Label = labels[sample],
                Score = rowScores,
                PredictedLabel = (uint)FirstMaxIndex(rowScores),
            };
        }

        // LoadFromEnumerable maps a key field's value v to the key v + 1, because ML.NET reserves key 0 for a missing
        // value. The fields therefore hold class indices 0..C−1, which the evaluator reads back as classes 0..C−1.
        var key = new KeyDataViewType(typeof(uint), classCount);
        SchemaDefinition schema = SchemaDefinition.Create(typeof(ScoredRow));
        schema[nameof(ScoredRow.Label)].ColumnType = key;
        schema[nameof(ScoredRow.PredictedLabel)].ColumnType = key;
        schema[nameof(ScoredRow.Score)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, classCount);

        var ml = new MLContext(seed: 0);
        IDataView data = ml.Data.LoadFromEnumerable(rows, schema);
        MulticlassClassificationMetrics metrics = ml.MulticlassClassification.Evaluate(
            data,
            labelColumnName: nameof(ScoredRow.Label),
            scoreColumnName: nameof(ScoredRow.Score),
            predictedLabelColumnName: nameof(ScoredRow.PredictedLabel));

        CheckEverySampleCounted(metrics.ConfusionMatrix, labels.Length);
        return metrics;
    }

    /// <summary>Returns the first index of the largest value, the engine's rule for the predicted class.</summary>
    public static int FirstMaxIndex(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int c = 1; c < row.Length; c++)
        {
            if (row[c] > row[best])
            {
                best = c;
            }
        }

        return best;
    }

    private static void CheckEverySampleCounted(ConfusionMatrix matrix, int sampleCount)
    {
        double counted = matrix.Counts.Sum(row => row.Sum());
        if (counted != sampleCount)
        {
            throw new InvalidOperationException(
                $"ML.NET's confusion matrix counts {counted} samples, but {sampleCount} were evaluated. A label or score must have been rejected by the evaluator.");
        }
    }

    /// <summary>One sample as ML.NET reads it. The schema definition sets the column types.</summary>
    private sealed class ScoredRow
    {
        public uint Label { get; set; }

        public float[] Score { get; set; } = [];

        public uint PredictedLabel { get; set; }
    }
}
