using System.Text.Json;
using FedWorkbench.Data.Onnx;
using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Models;
using FedWorkbench.Simulation.Training;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;

namespace FedWorkbench.Data.Tests.Onnx;

/// <summary>
/// Exported models loaded into ONNX Runtime 1.32 and compared with the engine's own scores from
/// <see cref="ModelScorer"/>. The Fashion-MNIST test needs the Debian package dataset-fashion-mnist.
/// </summary>
public sealed class OnnxModelWriterTests
{
    [Fact]
    public async Task Write_FashionMnistRunMatchesEngine()
    {
        // Arrange: ten rounds of the FedAvg 2NN set-up (784-200-200-10, K = 100, C = 0.1) reach about 77% test
        // accuracy, in about 2 s on two x64 cores.
        var catalog = new DatasetCatalog();
        var simulation = new FederatedSimulation(catalog, new SimulationOptions { MaxDegreeOfParallelism = 2 });
        var config = new ExperimentConfig { Model = ModelKind.Mlp, HiddenLayers = [200, 200], Rounds = 10, Seed = 7 };
        TrainedModel? trained = null;
        int rounds = 0;
        await foreach (RoundResult round in simulation.RunAsync(config, partitioned: null, (model, _) => { trained = model; return Task.CompletedTask; }))
        {
            rounds = round.Round;
        }

        Assert.Equal(10, rounds);
        Assert.NotNull(trained);
        DataSplit test = catalog.GetFashionMnist().Test;

        // Act
        using var file = new MemoryStream();
        OnnxModelWriter.Write(trained, file);
        OnnxRuntimeScores scores = OnnxRuntimeScores.Score(file.ToArray(), test);

        // Assert: all 10,000 test images. In this run the two largest logits of every image were at least 1.9e-4 apart,
        // about 40 times the largest logit difference, so the summation order flipped no label.
        Assert.Equal(10_000, test.Count);
        EngineAgreement.AssertMatches(trained, test, scores);
    }

    [Fact]
    public void Write_SoftmaxRegressionMatchesEngine()
    {
        // Arrange: with fewer than 16 classes the single layer stores its weights output-major.
        var layout = new ModelLayout([12, 5]);
        Assert.True(layout.IsOutputMajor(0));
        var model = new TrainedModel(layout, ModelInitializer.Create(layout, seed: 3), ["a", "b", "c", "d", "e"]);
        DataSplit split = RandomSplit(count: 500, featureCount: 12, seed: 4);

        // Act
        OnnxRuntimeScores scores = OnnxRuntimeScores.Score(OnnxModelWriter.ToBytes(model), split);

        // Assert
        EngineAgreement.AssertMatches(model, split, scores);
    }

    [Fact]
    public void Write_OutputMajorHiddenLayerMatchesEngine()
    {
        // Arrange: an input-major hidden layer (32 outputs), an output-major hidden layer (8 outputs) and the
        // output-major output layer, so that both stored orders feed a Relu and a hidden Gemm.
        var layout = new ModelLayout([20, 32, 8, 6]);
        Assert.False(layout.IsOutputMajor(0));
        Assert.True(layout.IsOutputMajor(1));
        Assert.True(layout.IsOutputMajor(2));
        var model = new TrainedModel(layout, ModelInitializer.Create(layout, seed: 5), ["a", "b", "c", "d", "e", "f"]);
        DataSplit split = RandomSplit(count: 500, featureCount: 20, seed: 6);

        // Act
        OnnxRuntimeScores scores = OnnxRuntimeScores.Score(OnnxModelWriter.ToBytes(model), split);

        // Assert
        EngineAgreement.AssertMatches(model, split, scores);
    }

    [Fact]
    public void Write_TiedLogitsPickFirstClass()
    {
        // Arrange: zero weights and the biases (0, 1, 1, 0.5) give every sample the logits (0, 1, 1, 0.5), so classes
        // 1 and 2 tie exactly and the first of them must win.
        var layout = new ModelLayout([3, 4]);
        var parameters = new float[layout.ParameterCount];
        float[] biases = [0f, 1f, 1f, 0.5f];
        biases.CopyTo(parameters, layout.BiasOffset(0));
        var model = new TrainedModel(layout, parameters, ["a", "b", "c", "d"]);
        DataSplit split = RandomSplit(count: 20, featureCount: 3, seed: 7);

        // Act
        OnnxRuntimeScores scores = OnnxRuntimeScores.Score(OnnxModelWriter.ToBytes(model), split);

        // Assert
        Assert.All(ModelScorer.Predict(model, split), label => Assert.Equal(1, label));
        Assert.All(scores.Labels, label => Assert.Equal(1L, label));
    }

    [Fact]
    public void Write_MetadataReadBack()
    {
        // Arrange: class names that JSON must escape or keep as non-ASCII text.
        var layout = new ModelLayout([3, 16, 3]);
        string[] classNames = ["T-shirt/top", "say \"hi\"", "Größe"];
        string[] featureNames = ["age", "color=red", "Größe"];
        var model = new TrainedModel(layout, ModelInitializer.Create(layout, seed: 1), classNames);

        // Act
        byte[] bytes = OnnxModelWriter.ToBytes(model, new OnnxExportOptions { FeatureNames = featureNames });
        using var session = new InferenceSession(bytes);
        ModelProto parsed = ModelProto.Parser.ParseFrom(bytes);

        // Assert: the metadata as ONNX Runtime returns it.
        ModelMetadata metadata = session.ModelMetadata;
        Assert.Equal("FedWorkbench", metadata.ProducerName);
        Assert.Contains("3-16-3", metadata.Description, StringComparison.Ordinal);
        Assert.Equal(classNames, JsonSerializer.Deserialize<string[]>(metadata.CustomMetadataMap[OnnxModelWriter.ClassNamesKey]));
        Assert.Equal(featureNames, JsonSerializer.Deserialize<string[]>(metadata.CustomMetadataMap[OnnxModelWriter.FeatureNamesKey]));
        Assert.Equal("3", metadata.CustomMetadataMap[OnnxModelWriter.FeatureCountKey]);

        // Assert: the input and outputs, where -1 is the dynamic batch dimension.
        NodeMetadata input = session.InputMetadata[OnnxModelWriter.FeaturesInputName];
        Assert.Equal(TensorElementType.Float, input.ElementDataType);
        Assert.Equal([-1, 3], input.Dimensions);
        Assert.Equal(OnnxModelWriter.BatchDimensionName, input.SymbolicDimensions[0]);
        Assert.Equal([-1, 3], session.OutputMetadata[OnnxModelWriter.LogitsOutputName].Dimensions);
        Assert.Equal([-1, 3], session.OutputMetadata[OnnxModelWriter.ProbabilitiesOutputName].Dimensions);
        NodeMetadata label = session.OutputMetadata[OnnxModelWriter.LabelOutputName];
        Assert.Equal(TensorElementType.Int64, label.ElementDataType);
        Assert.Equal([-1], label.Dimensions);

        // Assert: the version fields, which ONNX Runtime does not expose.
        Assert.Equal(8, parsed.IrVersion);
        OperatorSetIdProto opset = Assert.Single(parsed.OpsetImport);
        Assert.Equal(string.Empty, opset.Domain);
        Assert.Equal(OnnxModelWriter.OpsetVersion, opset.Version);
    }

    [Fact]
    public void Write_WithoutFeatureNamesStoresNone()
    {
        // Arrange
        var layout = new ModelLayout([3, 2]);
        var model = new TrainedModel(layout, ModelInitializer.Create(layout, seed: 1), ["a", "b"]);

        // Act
        using var session = new InferenceSession(OnnxModelWriter.ToBytes(model));

        // Assert
        Assert.False(session.ModelMetadata.CustomMetadataMap.ContainsKey(OnnxModelWriter.FeatureNamesKey));
    }

    [Theory]
    [InlineData(float.NaN, 7, "NaN", "the weight from input 1 to output 2 of dense layer 0")]
    [InlineData(float.PositiveInfinity, 42, "Infinity", "the bias of output 2 of dense layer 1")]
    [InlineData(float.NegativeInfinity, 28, "-Infinity", "the weight from input 3 to output 1 of dense layer 1")]
    public void Write_NonFiniteParameterRejected(float value, int index, string valueText, string description)
    {
        // Arrange: layout 3-5-4 stores both layers output-major. Layer 0 has its weights at 0..14 (5 rows of 3 inputs)
        // and its biases at 15..19, and layer 1 its weights at 20..39 (4 rows of 5 inputs) and its biases at 40..43.
        // The last parameter is NaN too, so the message must name the first non-finite one.
        var layout = new ModelLayout([3, 5, 4]);
        float[] parameters = ModelInitializer.Create(layout, seed: 1);
        parameters[index] = value;
        parameters[^1] = float.NaN;
        var model = new TrainedModel(layout, parameters, ["a", "b", "c", "d"]);

        // Act
        ArgumentException error = Assert.Throws<ArgumentException>(() => OnnxModelWriter.ToBytes(model));

        // Assert
        Assert.Equal("model", error.ParamName);
        Assert.Contains("cannot be exported", error.Message, StringComparison.Ordinal);
        Assert.Contains($"parameter {index} ({description}, counting from 0) is {valueText}.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NonFiniteInputMajorWeightNamed()
    {
        // Arrange: layout 2-16-3 stores layer 0 input-major, 2 rows of 16 outputs, so index 17 is input 1, output 1.
        var layout = new ModelLayout([2, 16, 3]);
        float[] parameters = ModelInitializer.Create(layout, seed: 1);
        parameters[17] = float.NaN;
        var model = new TrainedModel(layout, parameters, ["a", "b", "c"]);
        using var file = new MemoryStream();

        // Act
        ArgumentException error = Assert.Throws<ArgumentException>(() => OnnxModelWriter.Write(model, file));

        // Assert
        Assert.Contains("parameter 17 (the weight from input 1 to output 1 of dense layer 0", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, file.Length);
    }

    [Fact]
    public void Write_FeatureNameCountMismatch()
    {
        // Arrange
        var layout = new ModelLayout([3, 2]);
        var model = new TrainedModel(layout, ModelInitializer.Create(layout, seed: 1), ["a", "b"]);
        var options = new OnnxExportOptions { FeatureNames = ["x", "y"] };

        // Act
        ArgumentException error = Assert.Throws<ArgumentException>(() => OnnxModelWriter.ToBytes(model, options));

        // Assert
        Assert.Equal("options", error.ParamName);
        Assert.Contains("The model takes 3 features, but 2 feature names were given.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ReadOnlyStreamRejected()
    {
        // Arrange
        var layout = new ModelLayout([3, 2]);
        var model = new TrainedModel(layout, ModelInitializer.Create(layout, seed: 1), ["a", "b"]);
        using var readOnly = new MemoryStream(new byte[16], writable: false);

        // Act
        ArgumentException error = Assert.Throws<ArgumentException>(() => OnnxModelWriter.Write(model, readOnly));

        // Assert
        Assert.Equal("destination", error.ParamName);
    }

    /// <summary>Returns <paramref name="count"/> samples with features drawn uniformly from [−2, 2) and label 0.</summary>
    private static DataSplit RandomSplit(int count, int featureCount, int seed)
    {
        var random = new Random(seed);
        float[] features = [.. Enumerable.Range(0, count * featureCount).Select(_ => (float)((random.NextDouble() * 4) - 2))];
        return new DataSplit(features, new byte[count], featureCount);
    }
}
