using FedWorkbench.Data.Evaluation;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

public sealed class EvaluationViewTests
{
    [Fact]
    public void UndefinedFigures_ShowNotApplicable()
    {
        // Arrange: "dog" has no sample and is never predicted, so its precision, recall and F1 score are NaN. Class
        // "bird" has a sample but is never predicted, so only its precision is NaN.
        EvaluationReport report = EvaluationReport.Create(
            ["cat", "dog", "bird"],
            [0, 0, 2],
            [0.8f, 0.1f, 0.1f, 0.7f, 0.2f, 0.1f, 0.6f, 0.1f, 0.3f]);

        // Act
        EvaluationView view = EvaluationView.From(report);

        // Assert
        Assert.Equal(["cat", "dog", "bird"], view.Rows.Select(row => row.Name));
        EvaluationClassRow dog = view.Rows[1];
        Assert.Equal("0", dog.Support);
        Assert.Equal(EvaluationView.Undefined, dog.Precision);
        Assert.Equal(EvaluationView.Undefined, dog.Recall);
        Assert.Equal(EvaluationView.Undefined, dog.F1Score);
        EvaluationClassRow bird = view.Rows[2];
        Assert.Equal(EvaluationView.Undefined, bird.Precision);
        Assert.Equal("0.0%", bird.Recall);
        Assert.Equal("0.0%", bird.F1Score);
        Assert.Equal("66.7%", view.Rows[0].Precision);
        Assert.Equal("100.0%", view.Rows[0].Recall);
        Assert.Equal("66.7%", view.Accuracy);
        Assert.Equal("3", view.SampleCount);
    }

    [Theory]
    [InlineData(2, true)]
    [InlineData(EvaluationView.MaxClassesWithCellText, true)]
    [InlineData(EvaluationView.MaxClassesWithCellText + 1, false)]
    [InlineData(256, false)]
    public void CellCounts_ShowUpToLimit(int classCount, bool shown)
    {
        EvaluationView view = EvaluationView.From(UniformReport(classCount));

        Assert.Equal(shown, view.ShowsCellCounts);
        Assert.InRange(view.HeatmapHeight, 360, 900);
        Assert.Contains(shown ? "each cell counts" : "when you point at a cell", view.HeatmapCaption, StringComparison.Ordinal);
    }

    [Fact]
    public void HeatmapHeight_GrowsWithClasses()
    {
        int small = EvaluationView.From(UniformReport(2)).HeatmapHeight;
        int medium = EvaluationView.From(UniformReport(15)).HeatmapHeight;
        int large = EvaluationView.From(UniformReport(256)).HeatmapHeight;

        Assert.Equal(360, small);
        Assert.True(medium > small, $"15 classes got {medium} px, 2 classes {small} px.");
        Assert.Equal(900, large);
    }

    [Fact]
    public void MissingModel_HasNoView()
    {
        RunEvaluationState missing = RunEvaluationState.From(null);
        RunEvaluationState notEvaluated = RunEvaluationState.From((null, "The final model could not be evaluated: logit 3 is NaN."));

        Assert.False(missing.HasStoredModel);
        Assert.Null(missing.View);
        Assert.True(notEvaluated.HasStoredModel);
        Assert.Null(notEvaluated.View);
        Assert.Equal("The final model could not be evaluated: logit 3 is NaN.", notEvaluated.ReportError);
    }

    // One sample per class, each predicted correctly with probability 1.
    private static EvaluationReport UniformReport(int classCount)
    {
        string[] names = [.. Enumerable.Range(0, classCount).Select(label => $"class {label}")];
        byte[] labels = [.. Enumerable.Range(0, classCount).Select(label => (byte)label)];
        float[] probabilities = new float[classCount * classCount];
        for (int label = 0; label < classCount; label++)
        {
            probabilities[(label * classCount) + label] = 1;
        }

        return EvaluationReport.Create(names, labels, probabilities);
    }
}
