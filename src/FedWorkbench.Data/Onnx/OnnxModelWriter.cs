using System.Globalization;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using FedWorkbench.Simulation.Models;
using Google.Protobuf;
using Onnx;
using OnnxVersion = Onnx.Version;

namespace FedWorkbench.Data.Onnx;

/// <summary>
/// Writes a <see cref="TrainedModel"/> as an ONNX model that computes the engine's logits, softmax probabilities and
/// predicted labels, so that ONNX Runtime or any other ONNX runtime can serve it.
/// </summary>
/// <remarks>
/// The graph takes <see cref="FeaturesInputName"/>, float32 [N, F] with a dynamic batch dimension N. Each dense layer
/// is a Gemm, with a Relu after every hidden layer. The last Gemm outputs <see cref="LogitsOutputName"/> [N, C],
/// Softmax over axis 1 gives <see cref="ProbabilitiesOutputName"/> [N, C], and ArgMax over axis 1 gives
/// <see cref="LabelOutputName"/>, int64 [N]. ArgMax with select_last_index = 0 returns the first class with the largest
/// logit, as <see cref="ModelScorer.Predict"/> does. The class names and the feature count are stored in the model's
/// metadata_props.
/// </remarks>
public static class OnnxModelWriter
{
    /// <summary>ONNX operator set the graph uses: Gemm 13, Relu 14, Softmax 13 and ArgMax 13.</summary>
    public const int OpsetVersion = 17;

    /// <summary>
    /// Name of the graph input: float32 features, one row per sample, prepared as the training data was. Fashion-MNIST
    /// pixels are divided by 255, and CSV rows go through <see cref="TabularDataset.Transformer"/>.
    /// </summary>
    public const string FeaturesInputName = "features";

    /// <summary>Name of the float32 [N, C] output with the logits of the last layer.</summary>
    public const string LogitsOutputName = "logits";

    /// <summary>Name of the float32 [N, C] output with softmax(logits) of each row.</summary>
    public const string ProbabilitiesOutputName = "probabilities";

    /// <summary>Name of the int64 [N] output with the predicted class of each row.</summary>
    public const string LabelOutputName = "label";

    /// <summary>Name of the dynamic batch dimension of the input and outputs.</summary>
    public const string BatchDimensionName = "N";

    /// <summary>Metadata key of the class names, a JSON array of strings indexed by label.</summary>
    public const string ClassNamesKey = "class_names";

    /// <summary>Metadata key of the number of input features, in invariant decimal notation.</summary>
    public const string FeatureCountKey = "feature_count";

    /// <summary>Metadata key of the feature names, a JSON array of strings, present only when the options give them.</summary>
    public const string FeatureNamesKey = "feature_names";

    /// <summary>Metadata key of how each feature is made from a raw CSV row, a JSON array of <see cref="FeatureRecipe"/> objects.</summary>
    public const string FeaturizationKey = "featurization";

    /// <summary>Value of the model's producer_name field.</summary>
    public const string ProducerName = "FedWorkbench";

    /// <summary>IR version 8, the one ONNX 1.12 released together with opset 17.</summary>
    private const long IrVersion = (long)OnnxVersion.IrVersion2021730;

    /// <summary>
    /// Byte count of the parameters from which export is rejected, because a protobuf message, and so an ONNX file, is
    /// limited to 2 GiB.
    /// </summary>
    /// <remarks>
    /// NOTE: names and protobuf framing add to the parameters, so a model just below this limit can still be too large.
    /// No test writes a model of that size, so which error Google.Protobuf then raises is not checked.
    /// </remarks>
    private const long MaxParameterBytes = 1L << 31;

    /// <summary>Value of the model's producer_version field: this assembly's informational version.</summary>
    private static readonly string ProducerVersion =
        typeof(OnnxModelWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? string.Empty;

    /// <summary>
    /// JSON settings of the metadata values. People read them in model viewers, so non-ASCII names stay readable instead
    /// of becoming \u escapes. The default escaping guards JSON embedded in HTML, which this JSON is not.
    /// </summary>
    private static readonly JsonSerializerOptions MetadataJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // camelCase and without null members: {"column":"age","kind":"numeric","mean":54.1,"scale":0.071}.
    private static readonly JsonSerializerOptions RecipeJson = new(MetadataJson)
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Writes <paramref name="model"/> as an ONNX model to <paramref name="destination"/>, which stays open.</summary>
    /// <exception cref="ArgumentException">
    /// A parameter is NaN or infinite, the parameters take 2 GiB or more, the feature names do not match the model, or
    /// <paramref name="destination"/> is not writable.
    /// </exception>
    public static void Write(TrainedModel model, Stream destination, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!destination.CanWrite)
        {
            throw new ArgumentException("The destination stream is not writable. Pass a stream opened for writing.", nameof(destination));
        }

        CreateModel(model, options).WriteTo(destination);
    }

    /// <summary>Returns <paramref name="model"/> as the bytes of an ONNX model file.</summary>
    /// <exception cref="ArgumentException">
    /// A parameter is NaN or infinite, the parameters take 2 GiB or more, or the feature names do not match the model.
    /// </exception>
    public static byte[] ToBytes(TrainedModel model, OnnxExportOptions? options = null) => CreateModel(model, options).ToByteArray();

    private static ModelProto CreateModel(TrainedModel model, OnnxExportOptions? options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ThrowIfNotExportable(model, options);

        var onnxModel = new ModelProto
        {
            IrVersion = IrVersion,
            OpsetImport = { new OperatorSetIdProto { Domain = string.Empty, Version = OpsetVersion } },
            ProducerName = ProducerName,
            ProducerVersion = ProducerVersion,
            DocString = $"Dense network {model.Layout} trained by FedWorkbench: a Gemm per layer with Relu after each hidden layer. "
                + $"Outputs '{LogitsOutputName}', '{ProbabilitiesOutputName}' (softmax over the classes) and "
                + $"'{LabelOutputName}' (the first class with the largest logit).",
            Graph = CreateGraph(model),
            MetadataProps =
            {
                Metadata(ClassNamesKey, JsonSerializer.Serialize(model.ClassNames, MetadataJson)),
                Metadata(FeatureCountKey, model.FeatureCount.ToString(CultureInfo.InvariantCulture)),
            },
        };
        if (options?.FeatureNames is { } featureNames)
        {
            onnxModel.MetadataProps.Add(Metadata(FeatureNamesKey, JsonSerializer.Serialize(featureNames, MetadataJson)));
        }

        if (options?.FeatureRecipes is { } recipes)
        {
            if (recipes.Count != model.FeatureCount)
            {
                throw new ArgumentException(
                    $"The model takes {model.FeatureCount} features, and {recipes.Count} feature recipes were given.", nameof(options));
            }

            onnxModel.MetadataProps.Add(Metadata(FeaturizationKey, JsonSerializer.Serialize(recipes, RecipeJson)));
        }

        return onnxModel;
    }

    private static GraphProto CreateGraph(TrainedModel model)
    {
        ModelLayout layout = model.Layout;
        var graph = new GraphProto
        {
            Name = $"fedworkbench_dense_{layout.ToString().Replace('-', '_')}",
            Input = { TensorValue(FeaturesInputName, TensorProto.Types.DataType.Float, layout.InputWidth) },
            Output =
            {
                TensorValue(LogitsOutputName, TensorProto.Types.DataType.Float, layout.ClassCount),
                TensorValue(ProbabilitiesOutputName, TensorProto.Types.DataType.Float, layout.ClassCount),
                TensorValue(LabelOutputName, TensorProto.Types.DataType.Int64, columns: null),
            },
        };

        string activations = FeaturesInputName;
        for (int layer = 0; layer < layout.LayerCount; layer++)
        {
            bool isOutputLayer = layer == layout.LayerCount - 1;
            string weightName = $"dense{layer}.weight";
            string biasName = $"dense{layer}.bias";
            string denseOutput = isOutputLayer ? LogitsOutputName : $"dense{layer}.output";

            // Gemm computes Y = A·B + C, or A·Bᵀ + C with transB = 1. An input-major layer stores B as [fan-in, fan-out]
            // and an output-major layer stores Bᵀ as [fan-out, fan-in], so both are copied as stored, without reordering.
            long[] weightShape = layout.IsOutputMajor(layer)
                ? [layout.FanOut(layer), layout.FanIn(layer)]
                : [layout.FanIn(layer), layout.FanOut(layer)];
            graph.Initializer.Add(FloatTensor(weightName, model.Parameters, layout.WeightOffset(layer), weightShape));
            graph.Initializer.Add(FloatTensor(biasName, model.Parameters, layout.BiasOffset(layer), [layout.FanOut(layer)]));
            graph.Node.Add(new NodeProto
            {
                Name = $"dense{layer}",
                OpType = "Gemm",
                Input = { activations, weightName, biasName },
                Output = { denseOutput },
                Attribute = { IntAttribute("transB", layout.IsOutputMajor(layer) ? 1 : 0) },
            });
            activations = denseOutput;

            if (!isOutputLayer)
            {
                string reluOutput = $"relu{layer}.output";
                graph.Node.Add(new NodeProto { Name = $"relu{layer}", OpType = "Relu", Input = { activations }, Output = { reluOutput } });
                activations = reluOutput;
            }
        }

        graph.Node.Add(new NodeProto
        {
            Name = "softmax",
            OpType = "Softmax",
            Input = { LogitsOutputName },
            Output = { ProbabilitiesOutputName },
            Attribute = { IntAttribute("axis", 1) },
        });
        graph.Node.Add(new NodeProto
        {
            Name = "argmax",
            OpType = "ArgMax",
            Input = { LogitsOutputName },
            Output = { LabelOutputName },
            Attribute = { IntAttribute("axis", 1), IntAttribute("keepdims", 0), IntAttribute("select_last_index", 0) },
        });
        return graph;
    }

    /// <summary>
    /// Returns the parameters from <paramref name="offset"/> on as a float tensor of the given shape, in the order they
    /// are stored.
    /// </summary>
    private static TensorProto FloatTensor(string name, float[] parameters, int offset, long[] shape)
    {
        int count = checked((int)shape.Aggregate(1L, (product, length) => product * length));
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, Dims = { shape } };
        tensor.FloatData.AddRange(new ArraySegment<float>(parameters, offset, count));
        return tensor;
    }

    /// <summary>Returns a [N] or [N, <paramref name="columns"/>] tensor description, where N is the batch dimension.</summary>
    private static ValueInfoProto TensorValue(string name, TensorProto.Types.DataType elementType, int? columns)
    {
        var shape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dimension { DimParam = BatchDimensionName } } };
        if (columns is int width)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = width });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)elementType, Shape = shape } },
        };
    }

    /// <summary>
    /// Creates an int attribute. OnnxSharp's types follow proto3, so a value of 0 is not written and readers take the
    /// protobuf default 0. The onnx 1.12 checker accepts such models, and ONNX Runtime 1.32 reads keepdims = 0 from them.
    /// </summary>
    private static AttributeProto IntAttribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static StringStringEntryProto Metadata(string key, string value) => new() { Key = key, Value = value };

    private static void ThrowIfNotExportable(TrainedModel model, OnnxExportOptions? options)
    {
        long parameterBytes = (long)model.Parameters.Length * sizeof(float);
        if (parameterBytes >= MaxParameterBytes)
        {
            throw new ArgumentException(
                $"The model cannot be exported as ONNX because its parameters take {parameterBytes:N0} bytes, and an ONNX "
                + "file holds less than 2 GiB. Export a model with fewer parameters.",
                nameof(model));
        }

        int firstNonFinite = Array.FindIndex(model.Parameters, value => !float.IsFinite(value));
        if (firstNonFinite >= 0)
        {
            string value = model.Parameters[firstNonFinite].ToString(CultureInfo.InvariantCulture);
            string location = DescribeParameter(model.Layout, firstNonFinite);
            throw new ArgumentException(
                $"The model cannot be exported as ONNX because parameter {firstNonFinite} ({location}) is {value}. "
                + "Every parameter must be finite, so fix or retrain the model before exporting it.",
                nameof(model));
        }

        if (options?.FeatureNames is { } featureNames)
        {
            if (featureNames.Count != model.FeatureCount)
            {
                throw new ArgumentException(
                    $"The model takes {model.FeatureCount} features, but {featureNames.Count} feature names were given. "
                    + "Pass one name per feature, in feature order, or none.",
                    nameof(options));
            }

            for (int feature = 0; feature < featureNames.Count; feature++)
            {
                if (string.IsNullOrEmpty(featureNames[feature]))
                {
                    throw new ArgumentException($"Feature name {feature} is null or empty. Give every feature a name.", nameof(options));
                }
            }
        }
    }

    /// <summary>Returns which weight or bias sits at <paramref name="index"/>, with 0-based layer, input and output indices.</summary>
    private static string DescribeParameter(ModelLayout layout, int index)
    {
        int layer = layout.LayerCount - 1;
        while (layout.WeightOffset(layer) > index)
        {
            layer--;
        }

        int biasOffset = layout.BiasOffset(layer);
        if (index >= biasOffset)
        {
            return $"the bias of output {index - biasOffset} of dense layer {layer}, counting from 0";
        }

        int position = index - layout.WeightOffset(layer);
        (int input, int output) = layout.IsOutputMajor(layer)
            ? (position % layout.FanIn(layer), position / layout.FanIn(layer))
            : (position / layout.FanOut(layer), position % layout.FanOut(layer));
        return $"the weight from input {input} to output {output} of dense layer {layer}, counting from 0";
    }
}
