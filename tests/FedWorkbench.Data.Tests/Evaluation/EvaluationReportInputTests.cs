using FedWorkbench.Data.Evaluation;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Models;

namespace FedWorkbench.Data.Tests.Evaluation;

/// <summary>Each invalid input gets a message that names the value and what is expected.</summary>
public sealed class EvaluationReportInputTests
{
    private static readonly string[] Names = ["a", "b"];

    private static ArgumentException Reject(IReadOnlyList<string> names, byte[] labels, float[] probabilities)
        => Assert.ThrowsAny<ArgumentException>(() => EvaluationReport.Create(names, labels, probabilities));

    [Fact]
    public void Create_OneClass()
    {
        // Act
        ArgumentException error = Reject(["a"], [0], [1]);

        // Assert
        Assert.Equal("classNames", error.ParamName);
        Assert.StartsWith("A report needs from 2 to 256 classes, but classNames has length 1.", error.Message);
    }

    [Fact]
    public void Create_TooManyClasses()
    {
        // Arrange
        string[] names = [.. Enumerable.Range(0, 257).Select(c => $"c{c}")];
        var probabilities = new float[257];
        probabilities[0] = 1;

        // Act
        ArgumentException error = Reject(names, [0], probabilities);

        // Assert
        Assert.StartsWith("A report needs from 2 to 256 classes, but classNames has length 257.", error.Message);
    }

    [Fact]
    public void Create_NullClassName()
    {
        // Act
        ArgumentException error = Reject(["a", null!], [0], [1, 0]);

        // Assert
        Assert.StartsWith("Class name 1 is null. Give every class a name.", error.Message);
    }

    [Fact]
    public void Create_NoSamples()
    {
        // Act
        ArgumentException error = Reject(Names, [], []);

        // Assert
        Assert.Equal("labels", error.ParamName);
        Assert.StartsWith("There are no samples to evaluate. Pass at least one label.", error.Message);
    }

    [Fact]
    public void Create_WrongProbabilityCount()
    {
        // Act
        ArgumentException error = Reject(Names, [0, 1], [1, 0, 0]);

        // Assert
        Assert.Equal("probabilities", error.ParamName);
        Assert.StartsWith("Expected 2 samples × 2 classes = 4 probabilities, one row per sample, but got 3.", error.Message);
    }

    [Fact]
    public void Create_LabelOutOfRange()
    {
        // Act
        ArgumentException error = Reject(Names, [0, 2], [1, 0, 0, 1]);

        // Assert
        Assert.Equal("labels", error.ParamName);
        Assert.StartsWith("Label 2 of sample 1 is not a class: with 2 classes, labels run from 0 to 1.", error.Message);
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    [InlineData(-0.25f, "-0.25")]
    [InlineData(1.25f, "1.25")]
    public void Create_InvalidProbability(float value, string formatted)
    {
        // Act
        ArgumentException error = Reject(Names, [0, 1], [1, 0, value, 0.5f]);

        // Assert
        Assert.Equal("probabilities", error.ParamName);
        Assert.StartsWith(
            $"The probability of class 0 for sample 1 is {formatted}, but every probability must be a finite number from 0 to 1.",
            error.Message);
    }

    [Fact]
    public void Create_RowSumNotOne()
    {
        // Act: the second row looks like logits.
        ArgumentException error = Reject(Names, [0, 1], [1, 0, 0.75f, 0.5f]);

        // Assert
        Assert.StartsWith("The probabilities of sample 1 sum to 1.25, not 1 (tolerance 0.001). Pass softmax probabilities, not logits.", error.Message);
    }

    [Fact]
    public void Create_DivergedModel()
    {
        // Arrange: class 1's weight is −float.MaxValue, so its logit for the input 10 overflows to −∞. Its softmax
        // probability is a finite 0, but ML.NET would skip the sample when ranking the logits.
        var layout = new ModelLayout([1, 2]);
        var model = new TrainedModel(layout, [0, -float.MaxValue, 0, 0], Names);
        var split = new DataSplit([10f], [0], featureCount: 1);

        // Act
        ArgumentException error = Assert.ThrowsAny<ArgumentException>(() => EvaluationReport.Create(model, split));

        // Assert
        Assert.Equal("model", error.ParamName);
        Assert.StartsWith(
            "The model's logit of class 1 for sample 0 is -Infinity, so the model cannot be evaluated. Its parameters have probably diverged in training.",
            error.Message);
    }

    [Fact]
    public void Create_SplitFeatureCountMismatch()
    {
        // Arrange
        var layout = new ModelLayout([3, 2]);
        var model = new TrainedModel(layout, new float[8], Names);
        var split = new DataSplit([1f, 2f], [0], featureCount: 2);

        // Act
        ArgumentException error = Assert.ThrowsAny<ArgumentException>(() => EvaluationReport.Create(model, split));

        // Assert
        Assert.StartsWith("The model takes 3 features per sample; the data has 2.", error.Message);
    }
}
