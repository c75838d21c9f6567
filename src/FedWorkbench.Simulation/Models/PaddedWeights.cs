using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FedWorkbench.Simulation.Models;

/// <summary>
/// A copy of a model's input-major weight matrices whose rows start on 64-byte cache lines, for forward passes over
/// many rows on the AVX-512 path. A layer of 200 outputs has rows of 800 bytes, so every other row of W would
/// start in the middle of a cache line and split each of its 64-byte loads across two lines.
/// </summary>
/// <remarks>
/// Paired in-process comparisons on a 2-core Intel Xeon VM: the 2NN's first layer over 600 rows took 8 to 12% less
/// time with padded rows. Evaluating the 2NN on 10,000 rows on one thread took 13% less, the copy included.
/// The padded kernels compute each output as the unpadded ones do, so the results are identical.
/// </remarks>
internal sealed unsafe class PaddedWeights
{
    private const int LineFloats = 16;

    private readonly ModelLayout _layout;
    private readonly float[] _buffer;
    private readonly float* _aligned;
    private readonly nint[] _offsets;
    private readonly int[] _strides;

    private PaddedWeights(ModelLayout layout, nint[] offsets, int[] strides, nint totalFloats)
    {
        _layout = layout;
        _offsets = offsets;
        _strides = strides;

        // The pinned object heap keeps the buffer in place, so the aligned pointer stays valid.
        _buffer = GC.AllocateArray<float>((int)totalFloats + LineFloats, pinned: true);
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_buffer));
        nint misalignment = address % (LineFloats * sizeof(float));
        _aligned = (float*)(misalignment == 0 ? address : address + ((LineFloats * sizeof(float)) - misalignment));
    }

    /// <summary>
    /// Returns padded weights for <paramref name="layout"/>, or null when padding gains nothing here: on kernel paths
    /// other than AVX-512, or when every input-major layer's rows already span whole cache lines.
    /// </summary>
    public static PaddedWeights? For(ModelLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (KernelSelection.ActivePath != KernelPath.Vector512)
        {
            return null;
        }

        var offsets = new nint[layout.LayerCount];
        var strides = new int[layout.LayerCount];
        nint total = 0;
        for (int layer = 0; layer < layout.LayerCount; layer++)
        {
            int fanOut = layout.FanOut(layer);
            if (layout.IsOutputMajor(layer) || fanOut % LineFloats == 0)
            {
                offsets[layer] = -1;
                continue;
            }

            strides[layer] = (fanOut + LineFloats - 1) / LineFloats * LineFloats;
            offsets[layer] = total;
            total += (nint)layout.FanIn(layer) * strides[layer];
        }

        return total == 0 ? null : new PaddedWeights(layout, offsets, strides, total);
    }

    /// <summary>Copies the weight matrices of the padded layers from <paramref name="parameters"/>.</summary>
    public void CopyFrom(ReadOnlySpan<float> parameters)
    {
        if (parameters.Length != _layout.ParameterCount)
        {
            throw new ArgumentException($"The parameters have {parameters.Length} values, but model {_layout} has {_layout.ParameterCount}. Pass the model's whole parameter vector.", nameof(parameters));
        }

        for (int layer = 0; layer < _layout.LayerCount; layer++)
        {
            if (_offsets[layer] < 0)
            {
                continue;
            }

            int fanIn = _layout.FanIn(layer);
            int fanOut = _layout.FanOut(layer);
            ReadOnlySpan<float> weights = parameters.Slice(_layout.WeightOffset(layer), fanIn * fanOut);
            float* destination = _aligned + _offsets[layer];
            for (int k = 0; k < fanIn; k++)
            {
                weights.Slice(k * fanOut, fanOut).CopyTo(new Span<float>(destination + ((nint)k * _strides[layer]), fanOut));
            }
        }
    }

    /// <summary>
    /// Returns the padded weight matrix of <paramref name="layer"/> and its row stride in floats, or null (and a
    /// stride of 0) when the layer is not padded and runs on the parameters themselves.
    /// </summary>
    public float* WeightsOf(int layer, out int stride)
    {
        stride = _strides[layer];
        return _offsets[layer] < 0 ? null : _aligned + _offsets[layer];
    }
}
