using System.Globalization;
using System.Text.Json;
using FedWorkbench.Data.Onnx;
using FedWorkbench.Simulation.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FedWorkbench.Data.Tests.Onnx;

/// <summary>
/// The three outputs of an exported model for every sample of a split, as ONNX Runtime computes them, with the shapes
/// that ONNX Runtime returned for them.
/// </summary>
internal sealed record OnnxRuntimeScores(
    float[] Logits,
    float[] Probabilities,
    long[] Labels,
    long[] LogitsShape,
    long[] ProbabilitiesShape,
    long[] LabelsShape)
{
    /// <summary>The upper-case texts that mean a missing value, once trimmed, as docs/data.md lists them.</summary>
    private static readonly string[] MissingMarkers = ["", "NA", "N/A", "#N/A", "NAN", "NULL", "?"];

    /// <summary>Loads <paramref name="onnxModel"/> into an <see cref="InferenceSession"/> and scores all of <paramref name="split"/> in one batch.</summary>
    public static OnnxRuntimeScores Score(byte[] onnxModel, DataSplit split)
    {
        using var session = new InferenceSession(onnxModel);
        float[] features = split.Features.ToArray();
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(features, [split.Count, split.FeatureCount]);
        return Run(session, new Dictionary<string, OrtValue> { [OnnxModelWriter.FeaturesInputName] = input });
    }

    /// <summary>
    /// Scores rows given as raw text, as a caller outside FedWorkbench would, with a model exported with feature
    /// recipes. Each input gets the texts of the column that <see cref="OnnxModelWriter.InputColumnsKey"/> names: as
    /// they are for a string input, and parsed as numbers with NaN for a missing value for a float input.
    /// </summary>
    /// <param name="onnxModel">The ONNX file's bytes.</param>
    /// <param name="rawColumns">The trimmed texts of every row, by column name.</param>
    public static OnnxRuntimeScores ScoreRawRows(byte[] onnxModel, IReadOnlyDictionary<string, string[]> rawColumns)
    {
        using var session = new InferenceSession(onnxModel);
        Dictionary<string, string> inputColumns = JsonSerializer.Deserialize<Dictionary<string, string>>(
            session.ModelMetadata.CustomMetadataMap[OnnxModelWriter.InputColumnsKey])!;
        var inputs = new Dictionary<string, OrtValue>();
        try
        {
            foreach ((string name, NodeMetadata metadata) in session.InputMetadata)
            {
                string[] texts = rawColumns[inputColumns[name]];
                inputs[name] = metadata.ElementDataType == TensorElementType.String
                    ? StringColumn(texts)
                    : OrtValue.CreateTensorValueFromMemory(texts.Select(ParseNumber).ToArray(), [texts.Length, 1]);
            }

            return Run(session, inputs);
        }
        finally
        {
            foreach (OrtValue input in inputs.Values)
            {
                input.Dispose();
            }
        }
    }

    /// <summary>Parses a number by the convention in docs/data.md: NaN for a missing-value marker, in any case.</summary>
    private static float ParseNumber(string text) =>
        MissingMarkers.Contains(text.ToUpperInvariant())
            ? float.NaN
            : (float)double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static OrtValue StringColumn(string[] texts)
    {
        OrtValue column = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, [texts.Length, 1]);
        for (int row = 0; row < texts.Length; row++)
        {
            column.StringTensorSetElementAt(texts[row].AsSpan(), row);
        }

        return column;
    }

    private static OnnxRuntimeScores Run(InferenceSession session, Dictionary<string, OrtValue> inputs)
    {
        using var runOptions = new RunOptions();
        string[] outputNames = [OnnxModelWriter.LogitsOutputName, OnnxModelWriter.ProbabilitiesOutputName, OnnxModelWriter.LabelOutputName];
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, inputs, outputNames);

        return new OnnxRuntimeScores(
            outputs[0].GetTensorDataAsSpan<float>().ToArray(),
            outputs[1].GetTensorDataAsSpan<float>().ToArray(),
            outputs[2].GetTensorDataAsSpan<long>().ToArray(),
            outputs[0].GetTensorTypeAndShape().Shape,
            outputs[1].GetTensorTypeAndShape().Shape,
            outputs[2].GetTensorTypeAndShape().Shape);
    }
}
