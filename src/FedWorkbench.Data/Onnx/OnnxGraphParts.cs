using Google.Protobuf;
using Onnx;

namespace FedWorkbench.Data.Onnx;

/// <summary>Factories for the protobuf messages that make up an exported graph: value descriptions, tensors, attributes and nodes.</summary>
internal static class OnnxGraphParts
{
    /// <summary>Returns a [N] or [N, <paramref name="columns"/>] tensor description, where N is the batch dimension.</summary>
    public static ValueInfoProto TensorValue(string name, TensorProto.Types.DataType elementType, int? columns)
    {
        var shape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dimension { DimParam = OnnxModelWriter.BatchDimensionName } } };
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
    public static AttributeProto IntAttribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>Creates an attribute holding a list of ints.</summary>
    public static AttributeProto IntsAttribute(string name, IEnumerable<long> values) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Ints, Ints = { values } };

    /// <summary>Creates an attribute holding a list of strings, each encoded as UTF-8 as ONNX requires.</summary>
    public static AttributeProto StringsAttribute(string name, IEnumerable<string> values) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Strings, Strings = { values.Select(ByteString.CopyFromUtf8) } };

    /// <summary>Creates a float32 scalar (a tensor of rank 0) initializer.</summary>
    public static TensorProto FloatScalar(string name, float value) =>
        new() { Name = name, DataType = (int)TensorProto.Types.DataType.Float, FloatData = { value } };

    /// <summary>Creates a 1-D int64 initializer holding <paramref name="values"/>.</summary>
    public static TensorProto Int64Vector(string name, long[] values) =>
        new() { Name = name, DataType = (int)TensorProto.Types.DataType.Int64, Dims = { values.LongLength }, Int64Data = { values } };

    /// <summary>Creates a node of the default ONNX domain with one output, named after that output.</summary>
    public static NodeProto Node(string opType, string output, params string[] inputs) =>
        new() { Name = output, OpType = opType, Input = { inputs }, Output = { output } };
}
