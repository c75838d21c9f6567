using System.Collections.ObjectModel;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Models;
using Microsoft.ML.Data;

namespace FedWorkbench.Data.Evaluation;

/// <summary>
/// The evaluation of a classifier on a set of labelled samples: accuracy, log-loss, per-class figures and the
/// confusion matrix, computed by ML.NET's multiclass evaluator. Instances are immutable.
/// </summary>
/// <remarks>
/// The predicted class of a sample is the first class with the largest score, as in the engine's evaluation after
/// every round. A figure that is undefined for the samples given is <see cref="double.NaN"/>, never 0, and the JSON
/// form stores it as null: see <see cref="ClassEvaluation"/> and <see cref="LogLossReduction"/>.
/// </remarks>
public sealed class EvaluationReport
{
    /// <summary>Version of the JSON form that <see cref="ToJson"/> writes and <see cref="FromJson"/> reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>Minimum number of classes, because ML.NET's multiclass evaluator needs at least two scores per sample.</summary>
    public const int MinClasses = 2;

    /// <summary>Maximum number of classes, the number of distinct byte labels.</summary>
    public const int MaxClasses = 256;

    /// <summary>
    /// Largest accepted distance of a sample's probability sum from 1. The engine's float32 softmax rows sum to 1
    /// within about C·2⁻²⁴, under 2·10⁻⁵ for 256 classes, while logits passed by mistake almost never sum to 1.
    /// </summary>
    public const double ProbabilitySumTolerance = 1e-3;

    internal EvaluationReport(
        int sampleCount,
        IReadOnlyList<ClassEvaluation> classes,
        double accuracy,
        double macroAccuracy,
        double logLoss,
        double logLossReduction,
        int[][] confusionMatrix)
    {
        SampleCount = sampleCount;
        Classes = classes.ToArray().AsReadOnly();
        ClassNames = classes.Select(item => item.Name).ToArray().AsReadOnly();
        Accuracy = accuracy;
        MacroAccuracy = macroAccuracy;
        LogLoss = logLoss;
        LogLossReduction = logLossReduction;
        ConfusionMatrix = confusionMatrix.Select(row => (IReadOnlyList<int>)row.ToArray().AsReadOnly()).ToArray().AsReadOnly();
    }

    /// <summary>Number of samples evaluated.</summary>
    public int SampleCount { get; }

    /// <summary>Class names indexed by label.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Per-class figures indexed by label.</summary>
    public IReadOnlyList<ClassEvaluation> Classes { get; }

    /// <summary>Micro-averaged accuracy: correctly predicted samples / all samples.</summary>
    public double Accuracy { get; }

    /// <summary>
    /// Macro-averaged accuracy: the mean recall over the classes that occur among the samples. Classes with no
    /// sample are left out of the mean, as ML.NET does.
    /// </summary>
    public double MacroAccuracy { get; }

    /// <summary>
    /// Mean −ln p over the samples, where p is the probability given to the sample's true class, clipped to
    /// [(float)1e-15, 1] so that a probability of 0 costs about 34.54 instead of infinity.
    /// </summary>
    public double LogLoss { get; }

    /// <summary>
    /// (H − <see cref="LogLoss"/>) / H, where H = −Σ_c f_c·ln f_c is the log-loss of always predicting the class
    /// frequencies f_c of these samples. It is 1 for a perfect model, 0 for one no better than the frequencies and
    /// negative for a worse one. NaN when only one class occurs, because H is 0 then.
    /// </summary>
    public double LogLossReduction { get; }

    /// <summary>
    /// Sample counts by actual class (outer index) and predicted class (inner index). Row c sums to the support of
    /// class c, and the diagonal contains the correct predictions.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<int>> ConfusionMatrix { get; }

    /// <summary>
    /// Evaluates predicted class probabilities. The predicted class of each sample is its first class with the
    /// largest probability.
    /// </summary>
    /// <param name="classNames">Class names indexed by label: from 2 to 256 names.</param>
    /// <param name="labels">The true class of each sample, from 0 to C − 1. At least one sample.</param>
    /// <param name="probabilities">
    /// Row-major probabilities: sample i's probability of class c is at i·C + c. Each must be a finite number from 0
    /// to 1, and each sample's probabilities must sum to 1 within <see cref="ProbabilitySumTolerance"/>.
    /// </param>
    /// <exception cref="ArgumentException">A length, label or probability is invalid. The message names it.</exception>
    public static EvaluationReport Create(IReadOnlyList<string> classNames, ReadOnlySpan<byte> labels, ReadOnlySpan<float> probabilities)
    {
        CheckInputs(classNames, labels, probabilities);
        MulticlassClassificationMetrics metrics = MulticlassEvaluation.Evaluate(classNames.Count, labels, probabilities);
        return FromMetrics(classNames, labels.Length, metrics, metrics);
    }

    /// <summary>
    /// Evaluates <paramref name="model"/> on <paramref name="split"/> with the engine's own scores, so that
    /// <see cref="Accuracy"/> equals the engine's test accuracy on the same split exactly.
    /// </summary>
    /// <remarks>
    /// The predictions come from an evaluation of the logits, because the engine predicts the first class with the
    /// largest logit. Two logits that differ by a few units in the last place can round to the same probability,
    /// and the first of those classes then has the largest probability although the engine predicts the other.
    /// The log-loss figures come from an evaluation of the probabilities of <see cref="ModelScorer.Probabilities"/>.
    /// </remarks>
    /// <exception cref="ArgumentException">
    /// The split is empty or does not fit the model, a label is not one of the model's classes, or the model's scores
    /// are not finite.
    /// </exception>
    public static EvaluationReport Create(TrainedModel model, DataSplit split)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(split);
        float[] logits = ModelScorer.Logits(model, split);
        CheckLogits(logits, model.ClassCount);
        // The same forward pass gives both: the probabilities are the softmax of a copy of the logits.
        float[] probabilities = [.. logits];
        ModelScorer.Softmax(probabilities, model.ClassCount);
        CheckInputs(model.ClassNames, split.Labels, probabilities);

        MulticlassClassificationMetrics predictionMetrics = MulticlassEvaluation.Evaluate(model.ClassCount, split.Labels, logits);
        MulticlassClassificationMetrics probabilityMetrics = MulticlassEvaluation.Evaluate(model.ClassCount, split.Labels, probabilities);
        return FromMetrics(model.ClassNames, split.Count, predictionMetrics, probabilityMetrics);
    }

    /// <summary>
    /// Writes the report as compact JSON with camelCase names: <c>formatVersion</c>, <c>sampleCount</c>,
    /// <c>accuracy</c>, <c>macroAccuracy</c>, <c>logLoss</c>, <c>logLossReduction</c>, <c>classes</c> (one object per
    /// class with <c>name</c>, <c>support</c>, <c>precision</c>, <c>recall</c>, <c>f1Score</c> and <c>logLoss</c>) and
    /// <c>confusionMatrix</c> (an array of rows by actual class). Undefined figures are null.
    /// </summary>
    public string ToJson() => EvaluationReportJson.Write(this);

    /// <summary>
    /// Reads a report written by <see cref="ToJson"/>. Throws <see cref="FormatException"/> naming the JSON path
    /// when the text is not valid JSON, has another format version, lacks a property or has an unknown one, or
    /// contains figures that are out of range or disagree with the confusion matrix.
    /// </summary>
    public static EvaluationReport FromJson(string json) => EvaluationReportJson.Read(json);

    private static void CheckInputs(IReadOnlyList<string> classNames, ReadOnlySpan<byte> labels, ReadOnlySpan<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        int classCount = classNames.Count;
        if (classCount is < MinClasses or > MaxClasses)
        {
            throw new ArgumentException(
                $"A report needs from {MinClasses} to {MaxClasses} classes, but classNames has length {classCount}.", nameof(classNames));
        }

        for (int c = 0; c < classCount; c++)
        {
            if (classNames[c] is null)
            {
                throw new ArgumentException($"Class name {c} is null. Give every class a name.", nameof(classNames));
            }
        }

        if (labels.IsEmpty)
        {
            throw new ArgumentException("There are no samples to evaluate. Pass at least one label.", nameof(labels));
        }

        long expected = (long)labels.Length * classCount;
        if (probabilities.Length != expected)
        {
            throw new ArgumentException(
                $"Expected {labels.Length:N0} samples × {classCount} classes = {expected:N0} probabilities, one row per sample, but got {probabilities.Length:N0}.",
                nameof(probabilities));
        }

        for (int sample = 0; sample < labels.Length; sample++)
        {
            if (labels[sample] >= classCount)
            {
                throw new ArgumentException(
                    $"Label {labels[sample]} of sample {sample} is not a class: with {classCount} classes, labels run from 0 to {classCount - 1}.",
                    nameof(labels));
            }

            CheckProbabilityRow(probabilities.Slice(sample * classCount, classCount), sample);
        }
    }

    private static void CheckProbabilityRow(ReadOnlySpan<float> row, int sample)
    {
        double sum = 0;
        for (int c = 0; c < row.Length; c++)
        {
            float value = row[c];
            if (!float.IsFinite(value) || value < 0 || value > 1)
            {
                throw new ArgumentException(
                    $"The probability of class {c} for sample {sample} is {value}, but every probability must be a finite number from 0 to 1.",
                    "probabilities");
            }

            sum += value;
        }

        if (Math.Abs(sum - 1) > ProbabilitySumTolerance)
        {
            throw new ArgumentException(
                $"The probabilities of sample {sample} sum to {sum:G6}, not 1 (tolerance {ProbabilitySumTolerance}). Pass softmax probabilities, not logits.",
                "probabilities");
        }
    }

    /// <summary>
    /// Rejects infinite or NaN logits. ML.NET would skip such a sample silently, and a logit of −∞ still gives finite
    /// probabilities.
    /// </summary>
    private static void CheckLogits(ReadOnlySpan<float> logits, int classCount)
    {
        for (int index = 0; index < logits.Length; index++)
        {
            if (!float.IsFinite(logits[index]))
            {
                throw new ArgumentException(
                    $"The model's logit of class {index % classCount} for sample {index / classCount} is {logits[index]}, so the model cannot be evaluated. Its parameters have probably diverged in training.",
                    "model");
            }
        }
    }

    /// <summary>
    /// Builds the report from ML.NET's figures: predictions from <paramref name="predictionMetrics"/>, log-losses from
    /// <paramref name="probabilityMetrics"/>. It replaces the 0 that ML.NET 6.0.0 reports for an undefined precision,
    /// recall, per-class log-loss or log-loss reduction with NaN.
    /// </summary>
    private static EvaluationReport FromMetrics(
        IReadOnlyList<string> classNames,
        int sampleCount,
        MulticlassClassificationMetrics predictionMetrics,
        MulticlassClassificationMetrics probabilityMetrics)
    {
        ConfusionMatrix matrix = predictionMetrics.ConfusionMatrix;
        int classCount = classNames.Count;
        var counts = new int[classCount][];
        for (int actual = 0; actual < classCount; actual++)
        {
            counts[actual] = matrix.Counts[actual].Select(count => checked((int)count)).ToArray();
        }

        var classes = new ClassEvaluation[classCount];
        for (int c = 0; c < classCount; c++)
        {
            int truePositives = counts[c][c];
            int support = counts[c].Sum();
            int predicted = counts.Sum(row => row[c]);
            int falsePositives = predicted - truePositives;
            int falseNegatives = support - truePositives;
            int f1Denominator = (2 * truePositives) + falsePositives + falseNegatives;
            classes[c] = new ClassEvaluation(
                classNames[c],
                support,
                Precision: predicted == 0 ? double.NaN : matrix.PerClassPrecision[c],
                Recall: support == 0 ? double.NaN : matrix.PerClassRecall[c],
                F1Score: f1Denominator == 0 ? double.NaN : 2.0 * truePositives / f1Denominator,
                LogLoss: support == 0 ? double.NaN : probabilityMetrics.PerClassLogLoss[c]);
        }

        // With one class present the prior's log-loss H is 0, and ML.NET returns ±∞ or NaN for (H − LL) / H.
        double reduction = double.IsFinite(probabilityMetrics.LogLossReduction) ? probabilityMetrics.LogLossReduction : double.NaN;
        return new EvaluationReport(
            sampleCount,
            classes,
            predictionMetrics.MicroAccuracy,
            predictionMetrics.MacroAccuracy,
            probabilityMetrics.LogLoss,
            reduction,
            counts);
    }
}
