using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using FedWorkbench.Simulation.Models;
using Google.Protobuf;
using Onnx;
using static FedWorkbench.Data.Onnx.OnnxGraphParts;
using OnnxVersion = Onnx.Version;

namespace FedWorkbench.Data.Onnx;

/// <summary>
/// Writes a <see cref="TrainedModel"/> as an ONNX model that computes the engine's logits, softmax probabilities and
/// predicted labels, so that ONNX Runtime or any other ONNX runtime can serve it.
/// </summary>
/// <remarks>
/// Without <see cref="OnnxExportOptions.FeatureRecipes"/>, the graph takes <see cref="FeaturesInputName"/>, float32
/// [N, F] with a dynamic batch dimension N, prepared as the training data was. With them (a model trained on a CSV
/// file), it takes one [N, 1] input per raw feature column instead and prepares the features itself, as
/// <see cref="RawRowPreparation"/> describes. Each dense layer is a Gemm, with a Relu after every hidden layer. The last Gemm outputs <see cref="LogitsOutputName"/> [N, C],
/// Softmax over axis 1 gives <see cref="ProbabilitiesOutputName"/> [N, C], and ArgMax over axis 1 gives
/// <see cref="LabelOutputName"/>, int64 [N]. ArgMax with select_last_index = 0 returns the first class with the largest
/// logit, as <see cref="ModelScorer.Predict"/> does. The class names and the feature count are stored in the model's
/// metadata_props.
/// </remarks>
public static class OnnxModelWriter
{
    /// <summary>
    /// ONNX operator set the graph uses: Gemm 13, Relu 14, Softmax 13 and ArgMax 13, and for raw columns IsNaN 13,
    /// Where 16, Sub 14, Mul 14, Equal 13, Cast 13 and Concat 13. Raw columns also import ai.onnx.ml version 2 for
    /// LabelEncoder.
    /// </summary>
    public const int OpsetVersion = 17;

    /// <summary>
    /// Name of the graph input of a model exported without feature recipes: float32 features, one row per sample,
    /// prepared as the training data was. Fashion-MNIST pixels are divided by 255. A model exported with recipes uses
    /// this name for the prepared features inside the graph instead.
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

    /// <summary>
    /// Metadata key of the CSV column behind each graph input, a JSON object from input name to column name in input
    /// order, present only in a model exported with feature recipes. An input name differs from its column's only
    /// when the column is not a C identifier or equals an output name.
    /// </summary>
    public const string InputColumnsKey = "input_columns";

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

    /// <summary>Names of graph tensors that an input named after a raw column must not take.</summary>
    private static readonly FrozenSet<string> GraphTensorNames =
        FrozenSet.Create(StringComparer.Ordinal, FeaturesInputName, LogitsOutputName, ProbabilitiesOutputName, LabelOutputName);

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
    /// A parameter is NaN or infinite, the parameters take 2 GiB or more, the feature names or recipes do not match the
    /// model, or <paramref name="destination"/> is not writable.
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
    /// A parameter is NaN or infinite, the parameters take 2 GiB or more, or the feature names or recipes do not match
    /// the model.
    /// </exception>
    public static byte[] ToBytes(TrainedModel model, OnnxExportOptions? options = null) => CreateModel(model, options).ToByteArray();

    private static ModelProto CreateModel(TrainedModel model, OnnxExportOptions? options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ThrowIfNotExportable(model, options);

        IReadOnlyList<FeatureRecipe>? recipes = options?.FeatureRecipes;
        (GraphProto graph, IReadOnlyList<RawColumnInput>? rawInputs) = CreateGraph(model, recipes);
        string inputs = rawInputs is null
            ? $"Takes '{FeaturesInputName}', the features prepared as in training. "
            : $"Takes one [N, 1] input per raw CSV column: float32 with NaN for a missing number, or the trimmed text of a category. "
                + $"Metadata '{InputColumnsKey}' names each input's column. ";
        var onnxModel = new ModelProto
        {
            IrVersion = IrVersion,
            OpsetImport = { new OperatorSetIdProto { Domain = string.Empty, Version = OpsetVersion } },
            ProducerName = ProducerName,
            ProducerVersion = ProducerVersion,
            DocString = $"Dense network {model.Layout} trained by FedWorkbench: a Gemm per layer with Relu after each hidden layer. "
                + inputs
                + $"Outputs '{LogitsOutputName}', '{ProbabilitiesOutputName}' (softmax over the classes) and "
                + $"'{LabelOutputName}' (the first class with the largest logit).",
            Graph = graph,
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

        if (rawInputs is not null)
        {
            onnxModel.OpsetImport.Add(new OperatorSetIdProto { Domain = RawRowPreparation.MlDomain, Version = RawRowPreparation.MlOpsetVersion });
            onnxModel.MetadataProps.Add(Metadata(FeaturizationKey, JsonSerializer.Serialize(recipes, RecipeJson)));

            // JsonObject keeps the insertion order, so the pairs come in input order.
            var columns = new JsonObject(rawInputs.Select(input => KeyValuePair.Create(input.Name, (JsonNode?)input.Column)));
            onnxModel.MetadataProps.Add(Metadata(InputColumnsKey, columns.ToJsonString(MetadataJson)));
        }

        return onnxModel;
    }

    /// <summary>
    /// Creates the graph, with the raw-column inputs and their preparation when <paramref name="recipes"/> is not null,
    /// and returns those inputs, or null for the single prepared-features input.
    /// </summary>
    private static (GraphProto Graph, IReadOnlyList<RawColumnInput>? RawInputs) CreateGraph(TrainedModel model, IReadOnlyList<FeatureRecipe>? recipes)
    {
        ModelLayout layout = model.Layout;
        var graph = new GraphProto
        {
            Name = $"fedworkbench_dense_{layout.ToString().Replace('-', '_')}",
            Output =
            {
                TensorValue(LogitsOutputName, TensorProto.Types.DataType.Float, layout.ClassCount),
                TensorValue(ProbabilitiesOutputName, TensorProto.Types.DataType.Float, layout.ClassCount),
                TensorValue(LabelOutputName, TensorProto.Types.DataType.Int64, columns: null),
            },
        };

        // The preparation nodes come first, because ONNX requires the nodes in topological order.
        IReadOnlyList<RawColumnInput>? rawInputs = null;
        if (recipes is null)
        {
            graph.Input.Add(TensorValue(FeaturesInputName, TensorProto.Types.DataType.Float, layout.InputWidth));
        }
        else
        {
            rawInputs = RawRowPreparation.Add(graph, recipes, FeaturesInputName, GraphTensorNames);
        }

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
        return (graph, rawInputs);
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

        if (options?.FeatureRecipes is { } recipes && recipes.Count != model.FeatureCount)
        {
            throw new ArgumentException(
                $"The model takes {model.FeatureCount} features, and {recipes.Count} feature recipes were given. "
                + "Pass one recipe per feature, in feature order, or none.",
                nameof(options));
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
