using System.Text.Json.Nodes;
using FedWorkbench.Data.Evaluation;

namespace FedWorkbench.Data.Tests.Evaluation;

public sealed class EvaluationReportJsonTests
{
    // Four classes over five samples: class b is never predicted, c has no sample and d neither occurs nor is
    // predicted, so the report has undefined figures of every kind.
    private static EvaluationReport SampleReport() => EvaluationReport.Create(
        ["a", "b", "c", "d"],
        [0, 0, 1, 1, 0],
        [
            0.75f, 0.25f, 0, 0,
            0.5f, 0.25f, 0.25f, 0,
            0.5f, 0.375f, 0.125f, 0,
            0.625f, 0.25f, 0.125f, 0,
            0.25f, 0.25f, 0.5f, 0,
        ]);

    private static FormatException RejectEdited(Action<JsonObject> edit)
    {
        JsonObject json = JsonNode.Parse(SampleReport().ToJson())!.AsObject();
        edit(json);
        return Assert.Throws<FormatException>(() => EvaluationReport.FromJson(json.ToJsonString()));
    }

    [Fact]
    public void RoundTrip_KeepsEveryFigure()
    {
        // Arrange
        EvaluationReport report = SampleReport();

        // Act
        EvaluationReport copy = EvaluationReport.FromJson(report.ToJson());

        // Assert: record equality compares doubles with Equals, under which NaN equals NaN.
        Assert.Equal(report.SampleCount, copy.SampleCount);
        Assert.Equal(report.ClassNames, copy.ClassNames);
        Assert.Equal(report.Accuracy, copy.Accuracy);
        Assert.Equal(report.MacroAccuracy, copy.MacroAccuracy);
        Assert.Equal(report.LogLoss, copy.LogLoss);
        Assert.Equal(report.LogLossReduction, copy.LogLossReduction);
        Assert.Equal(report.Classes, copy.Classes);
        Assert.Equal(report.ConfusionMatrix.Select(row => row.ToArray()), copy.ConfusionMatrix.Select(row => row.ToArray()));
        Assert.Equal(report.ToJson(), copy.ToJson());
    }

    [Fact]
    public void ToJson_Shape()
    {
        // Arrange
        EvaluationReport report = SampleReport();

        // Act
        JsonObject json = JsonNode.Parse(report.ToJson())!.AsObject();

        // Assert: camelCase names in a fixed order, the matrix as rows of counts, undefined figures as null.
        Assert.Equal(
            ["formatVersion", "sampleCount", "accuracy", "macroAccuracy", "logLoss", "logLossReduction", "classes", "confusionMatrix"],
            json.Select(property => property.Key));
        Assert.Equal(1, (int)json["formatVersion"]!);
        Assert.Equal("[[2,0,1,0],[2,0,0,0],[0,0,0,0],[0,0,0,0]]", json["confusionMatrix"]!.ToJsonString());
        JsonObject classD = json["classes"]![3]!.AsObject();
        Assert.Equal(["name", "support", "precision", "recall", "f1Score", "logLoss"], classD.Select(property => property.Key));
        Assert.Equal("""{"name":"d","support":0,"precision":null,"recall":null,"f1Score":null,"logLoss":null}""", classD.ToJsonString());
    }

    [Fact]
    public void ToJson_UndefinedReductionIsNull()
    {
        // Arrange: one class present, so the log-loss reduction is NaN.
        EvaluationReport report = EvaluationReport.Create(["yes", "no"], [0, 0], [0.75f, 0.25f, 0.5f, 0.5f]);

        // Act
        JsonObject json = JsonNode.Parse(report.ToJson())!.AsObject();
        EvaluationReport copy = EvaluationReport.FromJson(report.ToJson());

        // Assert
        Assert.True(json.ContainsKey("logLossReduction"));
        Assert.Null(json["logLossReduction"]);
        Assert.True(double.IsNaN(copy.LogLossReduction));
    }

    [Fact]
    public void FromJson_NotJson()
    {
        // Act
        FormatException error = Assert.Throws<FormatException>(() => EvaluationReport.FromJson("{\"formatVersion\": 1,"));

        // Assert
        Assert.StartsWith("The evaluation report is not valid JSON: ", error.Message);
    }

    [Fact]
    public void FromJson_NotAnObject()
    {
        // Act
        FormatException error = Assert.Throws<FormatException>(() => EvaluationReport.FromJson("[1, 2]"));

        // Assert
        Assert.Equal("The evaluation report must be a JSON object, but it is Array.", error.Message);
    }

    [Fact]
    public void FromJson_MissingVersion()
    {
        // Act
        FormatException error = RejectEdited(json => json.Remove("formatVersion"));

        // Assert
        Assert.Equal("The evaluation report has no formatVersion, so it was not written by EvaluationReport.ToJson.", error.Message);
    }

    [Fact]
    public void FromJson_OtherVersion()
    {
        // Act: a later version may add properties, and the version must be reported instead of them.
        FormatException error = RejectEdited(json =>
        {
            json["formatVersion"] = 2;
            json["topKAccuracy"] = 0.9;
        });

        // Assert
        Assert.Equal("The evaluation report has format version 2, but this version of FedWorkbench reads only format version 1.", error.Message);
    }

    [Fact]
    public void FromJson_MissingProperty()
    {
        // Act
        FormatException error = RejectEdited(json => json.Remove("macroAccuracy"));

        // Assert
        Assert.Equal("The evaluation report is invalid: the required properties 'macroAccuracy' are missing at $.", error.Message);
    }

    [Fact]
    public void FromJson_UnknownProperty()
    {
        // Act
        FormatException error = RejectEdited(json => json["classes"]![0]!["weight"] = 1);

        // Assert
        Assert.Equal("The evaluation report is invalid: $.classes[0].weight is not a property of format version 1.", error.Message);
    }

    [Fact]
    public void FromJson_WrongType()
    {
        // Act
        FormatException error = RejectEdited(json => json["sampleCount"] = "5");

        // Assert
        Assert.Equal("The evaluation report is invalid: the value at $.sampleCount has the wrong type or is null where a value is required.", error.Message);
    }

    [Fact]
    public void FromJson_NullName()
    {
        // Act
        FormatException error = RejectEdited(json => json["classes"]![1]!["name"] = null);

        // Assert
        Assert.Equal("The evaluation report is invalid: the value at $.classes[1].name has the wrong type or is null where a value is required.", error.Message);
    }

    [Fact]
    public void FromJson_RaggedMatrix()
    {
        // Act
        FormatException error = RejectEdited(json => json["confusionMatrix"]![2] = new JsonArray(0, 0));

        // Assert
        Assert.Equal("The evaluation report is invalid: $.confusionMatrix[2] must be an array of 4 counts, but it has 2 values.", error.Message);
    }

    [Fact]
    public void FromJson_NegativeCount()
    {
        // Act
        FormatException error = RejectEdited(json => json["confusionMatrix"]![2]![1] = -1);

        // Assert
        Assert.Equal("The evaluation report is invalid: $.confusionMatrix[2][1] is -1, but a count cannot be negative.", error.Message);
    }

    [Fact]
    public void FromJson_SupportDisagrees()
    {
        // Act
        FormatException error = RejectEdited(json => json["classes"]![1]!["support"] = 3);

        // Assert
        Assert.Equal("The evaluation report is invalid: $.classes[1].support is 3, but row 1 of the confusion matrix sums to 2.", error.Message);
    }

    [Fact]
    public void FromJson_SampleCountDisagrees()
    {
        // Act
        FormatException error = RejectEdited(json => json["sampleCount"] = 6);

        // Assert
        Assert.Equal("The evaluation report is invalid: $.sampleCount is 6, but the confusion matrix counts 5 samples.", error.Message);
    }

    [Fact]
    public void FromJson_AccuracyDisagrees()
    {
        // Act
        FormatException error = RejectEdited(json => json["accuracy"] = 0.6);

        // Assert
        Assert.Equal(
            "The evaluation report is invalid: $.accuracy is 0.6, but the confusion matrix has 2 of 5 samples on its diagonal, an accuracy of 0.4.",
            error.Message);
    }

    [Fact]
    public void FromJson_PrecisionOutOfRange()
    {
        // Act
        FormatException error = RejectEdited(json => json["classes"]![0]!["precision"] = 1.5);

        // Assert
        Assert.Equal("The evaluation report is invalid: $.classes[0].precision is 1.5, but it must be from 0 to 1 or null.", error.Message);
    }

    [Fact]
    public void FromJson_OneClass()
    {
        // Act
        FormatException error = RejectEdited(json =>
        {
            json["classes"] = new JsonArray(json["classes"]![0]!.DeepClone());
            json["confusionMatrix"] = new JsonArray(new JsonArray(5));
        });

        // Assert
        Assert.Equal("The evaluation report is invalid: $.classes has length 1, but a report has from 2 to 256 classes.", error.Message);
    }
}
