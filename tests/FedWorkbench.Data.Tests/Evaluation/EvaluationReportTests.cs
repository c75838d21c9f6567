using FedWorkbench.Data.Evaluation;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Models;

namespace FedWorkbench.Data.Tests.Evaluation;

/// <summary>
/// Figures of hand-made sets, worked out in the comments. The probabilities are multiples of 1/16, exact in float32,
/// so every −ln p is the double of an exact value and the figures agree to 1e-12.
/// </summary>
public sealed class EvaluationReportTests
{
    private const double Tolerance = 1e-12;

    private static readonly string[] ThreeClassNames = ["cat", "dog", "bird"];

    // Ten samples over three classes. The predicted class is the first with the largest probability.
    //   sample  label  p(cat)   p(dog)   p(bird)  predicted  p(true)
    //   0       cat    0.75     0.125    0.125    cat        0.75
    //   1       cat    0.5      0.25     0.25     cat        0.5
    //   2       cat    0.25     0.625    0.125    dog        0.25
    //   3       cat    0.125    0.125    0.75     bird       0.125
    //   4       dog    0.125    0.75     0.125    dog        0.75
    //   5       dog    0.25     0.5      0.25     dog        0.5
    //   6       dog    0.625    0.25     0.125    cat        0.25
    //   7       bird   0.125    0.125    0.75     bird       0.75
    //   8       bird   0.25     0.25     0.5      bird       0.5
    //   9       bird   0.0625   0.6875   0.25     dog        0.25
    private static readonly byte[] ThreeClassLabels = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2];

    private static readonly float[] ThreeClassProbabilities =
    [
        0.75f, 0.125f, 0.125f,
        0.5f, 0.25f, 0.25f,
        0.25f, 0.625f, 0.125f,
        0.125f, 0.125f, 0.75f,
        0.125f, 0.75f, 0.125f,
        0.25f, 0.5f, 0.25f,
        0.625f, 0.25f, 0.125f,
        0.125f, 0.125f, 0.75f,
        0.25f, 0.25f, 0.5f,
        0.0625f, 0.6875f, 0.25f,
    ];

    private static EvaluationReport ThreeClassReport() => EvaluationReport.Create(ThreeClassNames, ThreeClassLabels, ThreeClassProbabilities);

    [Fact]
    public void Create_ThreeClassCounts()
    {
        // Arrange: rows are actual classes, columns predicted ones.
        //   cat:  2 cat, 1 dog, 1 bird (samples 0, 1 | 2 | 3)
        //   dog:  1 cat, 2 dog, 0 bird (sample 6 | 4, 5)
        //   bird: 0 cat, 1 dog, 2 bird (sample 9 | 7, 8)
        int[][] expected = [[2, 1, 1], [1, 2, 0], [0, 1, 2]];

        // Act
        EvaluationReport report = ThreeClassReport();

        // Assert
        Assert.Equal(10, report.SampleCount);
        Assert.Equal(ThreeClassNames, report.ClassNames);
        Assert.Equal(expected, report.ConfusionMatrix.Select(row => row.ToArray()));
        Assert.Equal([4, 3, 3], report.Classes.Select(item => item.Support));
    }

    [Fact]
    public void Create_ThreeClassAccuracies()
    {
        // Arrange: the diagonal contains 2 + 2 + 2 = 6 of 10 samples. Recall per class is 2/4, 2/3 and 2/3, so the
        // macro accuracy is (1/2 + 2/3 + 2/3) / 3 = 11/18.

        // Act
        EvaluationReport report = ThreeClassReport();

        // Assert: ML.NET divides the counts in double, as the engine does, so the accuracy is exact.
        Assert.Equal(0.6, report.Accuracy);
        Assert.Equal(11.0 / 18.0, report.MacroAccuracy, Tolerance);
    }

    [Fact]
    public void Create_ThreeClassPrecisionRecall()
    {
        // Arrange: precision = TP / column sum, recall = TP / row sum, F1 = 2·TP / (2·TP + FP + FN).
        //   cat:  TP 2, column sum 3, row sum 4: precision 2/3, recall 1/2, F1 4 / (4 + 1 + 2) = 4/7
        //   dog:  TP 2, column sum 4, row sum 3: precision 1/2, recall 2/3, F1 4 / (4 + 2 + 1) = 4/7
        //   bird: TP 2, column sum 3, row sum 3: precision 2/3, recall 2/3, F1 4 / (4 + 1 + 1) = 2/3
        double[] precision = [2.0 / 3, 1.0 / 2, 2.0 / 3];
        double[] recall = [1.0 / 2, 2.0 / 3, 2.0 / 3];
        double[] f1 = [4.0 / 7, 4.0 / 7, 2.0 / 3];

        // Act
        EvaluationReport report = ThreeClassReport();

        // Assert
        for (int c = 0; c < 3; c++)
        {
            Assert.Equal(precision[c], report.Classes[c].Precision, Tolerance);
            Assert.Equal(recall[c], report.Classes[c].Recall, Tolerance);
            Assert.Equal(f1[c], report.Classes[c].F1Score, Tolerance);
        }
    }

    [Fact]
    public void Create_ThreeClassLogLoss()
    {
        // Arrange: no p(true) is below ML.NET's clipping bound (float)1e-15, so each sample costs −ln p(true).
        //   cat:  ln(4/3) + ln 2 + ln 4 + ln 8 = ln(4/3) + 6 ln 2, over 4 samples = 1.1116412889528630
        //   dog:  ln(4/3) + ln 2 + ln 4 = ln(4/3) + 3 ln 2, over 3 samples   = 0.7890412047105390
        //   bird: the same p(true) as dog                                   = 0.7890412047105390
        //   all:  3 ln(4/3) + 12 ln 2 = 0.8630462173553426 + 8.3177661667193433, over 10 = 0.9180812384074686
        // Log-loss reduction: the class frequencies 0.4, 0.3, 0.3 have the log-loss
        //   H = −(0.4 ln 0.4 + 2 · 0.3 ln 0.3) = 1.0888999753452238, and (H − 0.9180812384074686) / H = 0.1568727530585158.
        double ln2 = Math.Log(2);
        double ln4Over3 = Math.Log(4.0 / 3.0);

        // Act
        EvaluationReport report = ThreeClassReport();

        // Assert
        Assert.Equal(((3 * ln4Over3) + (12 * ln2)) / 10, report.LogLoss, Tolerance);
        Assert.Equal(0.9180812384074686, report.LogLoss, Tolerance);
        Assert.Equal((ln4Over3 + (6 * ln2)) / 4, report.Classes[0].LogLoss, Tolerance);
        Assert.Equal((ln4Over3 + (3 * ln2)) / 3, report.Classes[1].LogLoss, Tolerance);
        Assert.Equal((ln4Over3 + (3 * ln2)) / 3, report.Classes[2].LogLoss, Tolerance);
        Assert.Equal(0.1568727530585158, report.LogLossReduction, Tolerance);
    }

    [Fact]
    public void Create_ZeroSupportClass()
    {
        // Arrange: four classes over five samples.
        //   sample  label  probabilities (a, b, c, d)   predicted
        //   0       a      0.75, 0.25, 0, 0             a
        //   1       a      0.5, 0.25, 0.25, 0           a
        //   2       b      0.5, 0.375, 0.125, 0         a
        //   3       b      0.625, 0.25, 0.125, 0        a
        //   4       a      0.25, 0.25, 0.5, 0           c
        // a: TP 2, FP 2, FN 1: precision 1/2, recall 2/3, F1 4 / (4 + 2 + 1) = 4/7.
        // b: support 2 but never predicted: precision 0/0 is undefined (NaN), recall 0, F1 0 / (0 + 0 + 2) = 0.
        // c: predicted once but no sample: precision 0, recall 0/0 undefined (NaN), F1 0 / (0 + 1 + 0) = 0.
        // d: neither occurs nor is predicted: precision, recall, F1 and its log-loss are all NaN.
        // Log-loss of a: (ln(4/3) + ln 2 + ln 4) / 3, of b: (ln(8/3) + ln 4) / 2, of c and d: NaN (no sample).
        // Macro accuracy averages recall over the classes that occur, a and b: (2/3 + 0) / 2 = 1/3.
        string[] names = ["a", "b", "c", "d"];
        byte[] labels = [0, 0, 1, 1, 0];
        float[] probabilities =
        [
            0.75f, 0.25f, 0, 0,
            0.5f, 0.25f, 0.25f, 0,
            0.5f, 0.375f, 0.125f, 0,
            0.625f, 0.25f, 0.125f, 0,
            0.25f, 0.25f, 0.5f, 0,
        ];

        // Act
        EvaluationReport report = EvaluationReport.Create(names, labels, probabilities);

        // Assert
        Assert.Equal([3, 2, 0, 0], report.Classes.Select(item => item.Support));
        Assert.Equal(0.4, report.Accuracy);
        Assert.Equal(1.0 / 3.0, report.MacroAccuracy, Tolerance);
        Assert.Equal(0.5, report.Classes[0].Precision, Tolerance);
        Assert.Equal(2.0 / 3, report.Classes[0].Recall, Tolerance);
        Assert.Equal(4.0 / 7, report.Classes[0].F1Score, Tolerance);
        Assert.Equal((Math.Log(4.0 / 3) + Math.Log(2) + Math.Log(4)) / 3, report.Classes[0].LogLoss, Tolerance);
        Assert.Equal((Math.Log(8.0 / 3) + Math.Log(4)) / 2, report.Classes[1].LogLoss, Tolerance);
        Assert.True(double.IsNaN(report.Classes[1].Precision));
        Assert.Equal(0, report.Classes[1].Recall);
        Assert.Equal(0, report.Classes[1].F1Score);
        Assert.Equal(0, report.Classes[2].Precision);
        Assert.True(double.IsNaN(report.Classes[2].Recall));
        Assert.Equal(0, report.Classes[2].F1Score);
        Assert.True(double.IsNaN(report.Classes[2].LogLoss));
        Assert.True(double.IsNaN(report.Classes[3].Precision));
        Assert.True(double.IsNaN(report.Classes[3].Recall));
        Assert.True(double.IsNaN(report.Classes[3].F1Score));
        Assert.True(double.IsNaN(report.Classes[3].LogLoss));
    }

    [Fact]
    public void Create_OneClassPresent_ReductionUndefined()
    {
        // Arrange: every label is "yes", so the class frequencies' log-loss H is 0 and (H − LL) / H is undefined.
        byte[] labels = [0, 0];
        float[] probabilities = [0.75f, 0.25f, 0.5f, 0.5f];

        // Act
        EvaluationReport report = EvaluationReport.Create(["yes", "no"], labels, probabilities);

        // Assert: LL = (ln(4/3) + ln 2) / 2.
        Assert.Equal((Math.Log(4.0 / 3.0) + Math.Log(2)) / 2, report.LogLoss, Tolerance);
        Assert.True(double.IsNaN(report.LogLossReduction));
        Assert.Equal(1, report.Accuracy);
        Assert.Equal(1, report.MacroAccuracy);
    }

    [Fact]
    public void Create_TiesPickFirstMax()
    {
        // Arrange: each row ties between two or three classes; the first tied class is the prediction.
        //   sample  label  probabilities           tied classes  predicted
        //   0       1      0.375, 0.375, 0.25     0 and 1       0
        //   1       2      0.25, 0.375, 0.375     1 and 2       1
        //   2       0      0.5, 0, 0.5            0 and 2       0
        //   3       2      1/3, 1/3, 1/3          all three     0
        byte[] labels = [1, 2, 0, 2];
        float third = 1f / 3f;
        float[] probabilities =
        [
            0.375f, 0.375f, 0.25f,
            0.25f, 0.375f, 0.375f,
            0.5f, 0, 0.5f,
            third, third, third,
        ];

        // Act
        EvaluationReport report = EvaluationReport.Create(ThreeClassNames, labels, probabilities);

        // Assert: rows are actual classes. Sample 2 (cat) is the only correct one.
        //   cat:  sample 2 → cat
        //   dog:  sample 0 → cat
        //   bird: sample 1 → dog, sample 3 → cat
        int[][] expected = [[1, 0, 0], [1, 0, 0], [1, 1, 0]];
        Assert.Equal(expected, report.ConfusionMatrix.Select(row => row.ToArray()));
        Assert.Equal(0.25, report.Accuracy);
    }

    [Fact]
    public void Create_ZeroProbabilityClipped()
    {
        // Arrange: sample 0 gives its true class probability 0. ML.NET 6.0.0 clips p to [(float)1e-15, 1]
        // (Aggregator.ProcessRow in src/Microsoft.ML.Data/Evaluators/MulticlassClassificationEvaluator.cs of
        // dotnet/machinelearning), so the sample costs −ln(1.0000000036274937e-15) = 34.538776391283190 instead of ∞.
        // Sample 1 costs −ln 0.5 = 0.6931471805599453.
        byte[] labels = [0, 1];
        float[] probabilities = [0, 1, 0.5f, 0.5f];
        double clippedLoss = -Math.Log((float)1e-15);

        // Act
        EvaluationReport report = EvaluationReport.Create(["a", "b"], labels, probabilities);

        // Assert
        Assert.Equal(34.538776391283190, clippedLoss, Tolerance);
        Assert.Equal(clippedLoss, report.Classes[0].LogLoss, Tolerance);
        Assert.Equal((clippedLoss + Math.Log(2)) / 2, report.LogLoss, Tolerance);
    }

    [Fact]
    public void Create_MaxClasses()
    {
        // Arrange: 256 classes, sample s of label s gives its class 1/2 and the next class 1/2, so the first maximum
        // is the true class for every sample, and each class's log-loss is ln 2.
        const int classes = EvaluationReport.MaxClasses;
        string[] names = [.. Enumerable.Range(0, classes).Select(c => $"c{c}")];
        byte[] labels = [.. Enumerable.Range(0, classes).Select(c => (byte)c)];
        var probabilities = new float[classes * classes];
        for (int sample = 0; sample < classes; sample++)
        {
            probabilities[(sample * classes) + sample] = 0.5f;
            probabilities[(sample * classes) + ((sample + 1) % classes)] = 0.5f;
        }

        // Act
        EvaluationReport report = EvaluationReport.Create(names, labels, probabilities);

        // Assert: the last sample's tie is between class 0 and class 255, so class 0 is predicted.
        Assert.Equal(classes, report.ConfusionMatrix.Count);
        Assert.All(report.ConfusionMatrix, row => Assert.Equal(classes, row.Count));
        Assert.Equal(255.0 / 256.0, report.Accuracy);
        Assert.Equal(1, report.ConfusionMatrix[255][0]);
        Assert.Equal(Math.Log(2), report.LogLoss, Tolerance);
    }

    [Fact]
    public void Create_LogitTie_KeepsEnginePrediction()
    {
        // Arrange: one input, two classes, zero weights. The biases 0.1f and the next float up give logits that differ
        // by 7.45e-9, so exp(z0 − z1) rounds to 1 and both probabilities are 0.5. The engine predicts class 1, the
        // larger logit, but the first maximum of the probabilities is class 0.
        var layout = new ModelLayout([1, 2]);
        float[] parameters = [0, 0, 0.1f, MathF.BitIncrement(0.1f)];
        var model = new TrainedModel(layout, parameters, ["a", "b"]);
        var split = new DataSplit([1f, 2f], [1, 1], featureCount: 1);

        // Act
        EvaluationReport report = EvaluationReport.Create(model, split);

        // Assert: the set-up really ties the probabilities, and the report keeps the engine's prediction.
        float[] probabilities = ModelScorer.Probabilities(model, split);
        Assert.Equal(probabilities[0], probabilities[1]);
        Assert.Equal([1, 1], ModelScorer.Predict(model, split));
        Assert.Equal(1, report.Accuracy);
        Assert.Equal(2, report.ConfusionMatrix[1][1]);
        Assert.Equal(Math.Log(2), report.LogLoss, Tolerance);
    }
}
