using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FedWorkbench.Simulation.Models;

/// <summary>
/// Scratch buffers for forward and backward passes over up to <see cref="MaxRows"/> samples at a time. One
/// thread uses a workspace at a time; reusing it avoids allocating per batch.
/// </summary>
/// <remarks>
/// The buffers live on the pinned object heap, so the raw pointers taken once here stay valid for the
/// workspace's lifetime.
/// </remarks>
internal sealed unsafe class ModelWorkspace
{
    private readonly float[][] _activations;
    private readonly float[] _deltaA;
    private readonly float[] _deltaB;
    private readonly float*[] _activationPointers;

    public ModelWorkspace(ModelLayout layout, int maxRows)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRows);
        Layout = layout;
        MaxRows = maxRows;

        _activations = new float[layout.Widths.Count][];
        _activationPointers = new float*[layout.Widths.Count];
        for (int i = 0; i < _activations.Length; i++)
        {
            _activations[i] = GC.AllocateArray<float>(maxRows * layout.Widths[i], pinned: true);
            _activationPointers[i] = AddressOf(_activations[i]);
        }

        _deltaA = GC.AllocateArray<float>(maxRows * layout.MaxWidth, pinned: true);
        _deltaB = GC.AllocateArray<float>(maxRows * layout.MaxWidth, pinned: true);
        DeltaA = AddressOf(_deltaA);
        DeltaB = AddressOf(_deltaB);
        Labels = new byte[maxRows];
    }

    /// <summary>Network shape the buffers are sized for.</summary>
    public ModelLayout Layout { get; }

    /// <summary>Largest number of samples one pass may take.</summary>
    public int MaxRows { get; }

    /// <summary>Labels of the current batch.</summary>
    public byte[] Labels { get; }

    /// <summary>First gradient buffer of MaxRows × MaxWidth floats.</summary>
    public float* DeltaA { get; }

    /// <summary>Second gradient buffer, swapped with <see cref="DeltaA"/> from layer to layer.</summary>
    public float* DeltaB { get; }

    /// <summary>
    /// Returns the buffer of layer width <paramref name="index"/>: 0 is the gathered input batch, 1 to L − 1 the
    /// hidden activations after ReLU, L the logits.
    /// </summary>
    public float* Activations(int index) => _activationPointers[index];

    private static float* AddressOf(float[] pinnedArray) =>
        (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinnedArray));
}
