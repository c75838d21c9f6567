using FedWorkbench.Data.Onnx;
using FedWorkbench.Simulation.Data;
using Microsoft.ML.OnnxRuntime;

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
    /// <summary>Loads <paramref name="onnxModel"/> into an <see cref="InferenceSession"/> and scores all of <paramref name="split"/> in one batch.</summary>
    public static OnnxRuntimeScores Score(byte[] onnxModel, DataSplit split)
    {
        using var session = new InferenceSession(onnxModel);
        float[] features = split.Features.ToArray();
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(features, [split.Count, split.FeatureCount]);
        using var runOptions = new RunOptions();
        string[] outputNames = [OnnxModelWriter.LogitsOutputName, OnnxModelWriter.ProbabilitiesOutputName, OnnxModelWriter.LabelOutputName];

        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(
            runOptions,
            new Dictionary<string, OrtValue> { [OnnxModelWriter.FeaturesInputName] = input },
            outputNames);

        return new OnnxRuntimeScores(
            outputs[0].GetTensorDataAsSpan<float>().ToArray(),
            outputs[1].GetTensorDataAsSpan<float>().ToArray(),
            outputs[2].GetTensorDataAsSpan<long>().ToArray(),
            outputs[0].GetTensorTypeAndShape().Shape,
            outputs[1].GetTensorTypeAndShape().Shape,
            outputs[2].GetTensorTypeAndShape().Shape);
    }
}
