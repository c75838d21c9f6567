using System.Text.Json;
using System.Text.Json.Serialization;

namespace FedWorkbench.Data.Evaluation;

/// <summary>
/// The JSON form of <see cref="EvaluationReport"/>, stored with a run. Every property is required, names are
/// camelCase, and an undefined figure (NaN in the report) is null because JSON has no NaN.
/// </summary>
internal static class EvaluationReportJson
{
    /// <summary>
    /// Largest distance accepted between the stored accuracy and the one the confusion matrix gives. ToJson writes
    /// doubles that read back exactly, so this only leaves room for a hand-written decimal such as 0.333333333333.
    /// </summary>
    private const double AccuracyTolerance = 1e-9;

    private static readonly JsonSerializerOptions Options = CreateOptions();

    public static string Write(EvaluationReport report)
    {
        var document = new ReportDocument
        {
            FormatVersion = EvaluationReport.FormatVersion,
            SampleCount = report.SampleCount,
            Accuracy = report.Accuracy,
            MacroAccuracy = report.MacroAccuracy,
            LogLoss = report.LogLoss,
            LogLossReduction = NullIfNaN(report.LogLossReduction),
            Classes = [.. report.Classes.Select(item => new ClassDocument
            {
                Name = item.Name,
                Support = item.Support,
                Precision = NullIfNaN(item.Precision),
                Recall = NullIfNaN(item.Recall),
                F1Score = NullIfNaN(item.F1Score),
                LogLoss = NullIfNaN(item.LogLoss),
            })],
            ConfusionMatrix = [.. report.ConfusionMatrix.Select(row => row.ToArray())],
        };
        return JsonSerializer.Serialize(document, Options);
    }

    public static EvaluationReport Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        ReportDocument document = Parse(json);
        CheckCounts(document);
        CheckFigures(document);

        ClassEvaluation[] classes = [.. document.Classes.Select(item => new ClassEvaluation(
            item.Name,
            item.Support,
            item.Precision ?? double.NaN,
            item.Recall ?? double.NaN,
            item.F1Score ?? double.NaN,
            item.LogLoss ?? double.NaN))];
        return new EvaluationReport(
            document.SampleCount,
            classes,
            document.Accuracy,
            document.MacroAccuracy,
            document.LogLoss,
            document.LogLossReduction ?? double.NaN,
            document.ConfusionMatrix);
    }

    /// <summary>
    /// Parses the text into a document. It reads the format version first, so that a report of another version is
    /// rejected for its version and not for a property this version does not know.
    /// </summary>
    private static ReportDocument Parse(string json)
    {
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The evaluation report is not valid JSON: {FirstSentence(ex.Message)}", ex);
        }

        using (parsed)
        {
            JsonElement root = parsed.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"The evaluation report must be a JSON object, but it is {root.ValueKind}.");
            }

            if (!root.TryGetProperty("formatVersion", out JsonElement version))
            {
                throw new FormatException("The evaluation report has no formatVersion, so it was not written by EvaluationReport.ToJson.");
            }

            if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out int number) || number != EvaluationReport.FormatVersion)
            {
                throw new FormatException(
                    $"The evaluation report has format version {version.GetRawText()}, but this version of FedWorkbench reads only format version {EvaluationReport.FormatVersion}.");
            }

            try
            {
                return root.Deserialize<ReportDocument>(Options)!;
            }
            catch (JsonException ex)
            {
                throw new FormatException($"The evaluation report is invalid: {Describe(ex)}", ex);
            }
        }
    }

    /// <summary>Rewrites System.Text.Json's messages, which name internal .NET types, in terms of the JSON form.</summary>
    private static string Describe(JsonException ex)
    {
        string message = ex.Message;
        const string missingMarker = "missing required properties including: ";
        int missing = message.IndexOf(missingMarker, StringComparison.Ordinal);
        if (missing >= 0)
        {
            string names = message[(missing + missingMarker.Length)..].TrimEnd('.');
            return $"the required properties {names} are missing at {ex.Path ?? "$"}.";
        }

        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return $"{ex.Path} is not a property of format version {EvaluationReport.FormatVersion}.";
        }

        if (message.Contains("could not be converted", StringComparison.Ordinal)
            || message.Contains("null", StringComparison.OrdinalIgnoreCase))
        {
            return $"the value at {ex.Path} has the wrong type or is null where a value is required.";
        }

        return $"{FirstSentence(message)} (at {ex.Path ?? "$"})";
    }

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..(end + 1)] : message;
    }

    /// <summary>Checks the class list and the confusion matrix against each other and against the sample count.</summary>
    private static void CheckCounts(ReportDocument document)
    {
        int classCount = document.Classes.Length;
        if (classCount is < EvaluationReport.MinClasses or > EvaluationReport.MaxClasses)
        {
            throw Invalid($"$.classes has length {classCount}, but a report has from {EvaluationReport.MinClasses} to {EvaluationReport.MaxClasses} classes.");
        }

        if (document.ConfusionMatrix.Length != classCount)
        {
            throw Invalid($"$.confusionMatrix has {document.ConfusionMatrix.Length} rows, but there are {classCount} classes.");
        }

        long total = 0;
        for (int actual = 0; actual < classCount; actual++)
        {
            int[]? row = document.ConfusionMatrix[actual];
            if (row is null || row.Length != classCount)
            {
                string found = row is null ? "it is null" : $"it has {row.Length} values";
                throw Invalid($"$.confusionMatrix[{actual}] must be an array of {classCount} counts, but {found}.");
            }

            for (int predicted = 0; predicted < classCount; predicted++)
            {
                if (row[predicted] < 0)
                {
                    throw Invalid($"$.confusionMatrix[{actual}][{predicted}] is {row[predicted]}, but a count cannot be negative.");
                }
            }

            long rowSum = row.Sum(count => (long)count);
            total += rowSum;
            ClassDocument? item = document.Classes[actual];
            if (item is null)
            {
                throw Invalid($"$.classes[{actual}] is null, but it must be an object with the class's name, support and figures.");
            }

            if (item.Support != rowSum)
            {
                throw Invalid($"$.classes[{actual}].support is {item.Support}, but row {actual} of the confusion matrix sums to {rowSum}.");
            }
        }

        if (document.SampleCount < 1)
        {
            throw Invalid($"$.sampleCount is {document.SampleCount}, but a report covers at least one sample.");
        }

        if (total != document.SampleCount)
        {
            throw Invalid($"$.sampleCount is {document.SampleCount}, but the confusion matrix counts {total} samples.");
        }
    }

    /// <summary>Checks that every figure lies in its range and that the accuracy matches the confusion matrix.</summary>
    private static void CheckFigures(ReportDocument document)
    {
        CheckRange(document.Accuracy, "$.accuracy", 0, 1);
        CheckRange(document.MacroAccuracy, "$.macroAccuracy", 0, 1);
        CheckRange(document.LogLoss, "$.logLoss", 0, double.MaxValue);
        CheckRange(document.LogLossReduction, "$.logLossReduction", double.MinValue, 1);
        for (int c = 0; c < document.Classes.Length; c++)
        {
            ClassDocument item = document.Classes[c];
            CheckRange(item.Precision, $"$.classes[{c}].precision", 0, 1);
            CheckRange(item.Recall, $"$.classes[{c}].recall", 0, 1);
            CheckRange(item.F1Score, $"$.classes[{c}].f1Score", 0, 1);
            CheckRange(item.LogLoss, $"$.classes[{c}].logLoss", 0, double.MaxValue);
        }

        long correct = 0;
        for (int c = 0; c < document.Classes.Length; c++)
        {
            correct += document.ConfusionMatrix[c][c];
        }

        double accuracy = (double)correct / document.SampleCount;
        if (Math.Abs(document.Accuracy - accuracy) > AccuracyTolerance)
        {
            throw Invalid(
                $"$.accuracy is {document.Accuracy}, but the confusion matrix has {correct} of {document.SampleCount} samples on its diagonal, an accuracy of {accuracy}.");
        }
    }

    private static void CheckRange(double? value, string path, double min, double max)
    {
        if (value is double number && (number < min || number > max))
        {
            string range = $"from {min} to {max}";
            if (max == double.MaxValue)
            {
                range = $"at least {min}";
            }
            else if (min == double.MinValue)
            {
                range = $"at most {max}";
            }

            throw Invalid($"{path} is {number}, but it must be {range} or null.");
        }
    }

    private static FormatException Invalid(string detail) => new($"The evaluation report is invalid: {detail}");

    private static double? NullIfNaN(double value) => double.IsNaN(value) ? null : value;

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            // The Web defaults read numbers from strings, but a stored report always has JSON numbers.
            NumberHandling = JsonNumberHandling.Strict,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            PropertyNameCaseInsensitive = false,
            AllowDuplicateProperties = false,
            RespectNullableAnnotations = true,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>The stored report. Property order here is the order in the JSON text.</summary>
    private sealed class ReportDocument
    {
        public required int FormatVersion { get; init; }

        public required int SampleCount { get; init; }

        public required double Accuracy { get; init; }

        public required double MacroAccuracy { get; init; }

        public required double LogLoss { get; init; }

        public required double? LogLossReduction { get; init; }

        public required ClassDocument[] Classes { get; init; }

        public required int[][] ConfusionMatrix { get; init; }
    }

    private sealed class ClassDocument
    {
        public required string Name { get; init; }

        public required int Support { get; init; }

        public required double? Precision { get; init; }

        public required double? Recall { get; init; }

        public required double? F1Score { get; init; }

        public required double? LogLoss { get; init; }
    }
}
