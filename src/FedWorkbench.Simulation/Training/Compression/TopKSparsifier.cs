using System.Buffers;
using FedWorkbench.Simulation.Training.Checkpoints;

namespace FedWorkbench.Simulation.Training.Compression;

/// <summary>
/// Top-k sparsification with error feedback (Stich et al. 2018, "Sparsified SGD with memory"). Each client
/// sends the k largest |values| of a = Δ + e as (int32 index, float32 value) pairs, 8·k bytes, and keeps the
/// rest as its residual for the next round: e ← a − sent.
/// </summary>
/// <remarks>
/// Residuals are allocated on a client's first update, P floats each, so memory grows to at most K·P·4 bytes.
/// Each client's residual is touched only by that client's call, so calls for distinct clients may run at
/// once. Among coordinates with equal |value| at the threshold, the lower indices are kept. When Δ + e
/// contains a NaN or an infinity, all of it is sent and e stays unchanged.
/// </remarks>
internal sealed class TopKSparsifier : UpdateCompressor
{
    private readonly int _kept;
    private readonly int _parameterCount;
    private readonly float[]?[] _residuals;

    /// <summary>Creates the sparsifier for updates of <paramref name="parameterCount"/> values, keeping <paramref name="kept"/> of them.</summary>
    public TopKSparsifier(int kept, int parameterCount, int clientCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kept);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parameterCount);
        ArgumentOutOfRangeException.ThrowIfNegative(clientCount);
        _kept = kept;
        _parameterCount = parameterCount;
        _residuals = new float[clientCount][];
    }

    /// <summary>Coordinates kept: k = max(1, ⌈f·P⌉), at most P.</summary>
    public static int KeptCount(double fraction, int parameterCount) =>
        (int)Math.Clamp(Math.Ceiling(fraction * parameterCount), 1, parameterCount);

    /// <summary>Error feedback residual e of <paramref name="client"/>; empty before its first update.</summary>
    public ReadOnlySpan<float> Residual(int client) => _residuals[client];

    /// <inheritdoc/>
    public override long Compress(Span<float> delta, int seed, int round, int client)
    {
        if (delta.Length != _parameterCount)
        {
            throw new ArgumentException($"Client {client} sent {delta.Length} values, but the model has {_parameterCount} parameters.", nameof(delta));
        }

        float[] residual = _residuals[client] ??= new float[_parameterCount];

        int kept = Math.Min(_kept, delta.Length);
        bool finite = true;
        for (int i = 0; i < delta.Length; i++)
        {
            delta[i] += residual[i];
            finite &= float.IsFinite(delta[i]);
        }

        // A non-finite update goes out as it is, so that update validation rejects it, and the residual stays
        // as it was instead of carrying the NaN or infinity into later rounds.
        if (!finite)
        {
            return 8L * kept;
        }

        float threshold = KthLargestMagnitude(delta, kept);
        int strictlyAbove = 0;
        foreach (float value in delta)
        {
            if (MathF.Abs(value) > threshold)
            {
                strictlyAbove++;
            }
        }

        // Every |value| above the threshold is sent, then values equal to it, lowest index first, until k are sent.
        int tiesToKeep = kept - strictlyAbove;
        for (int i = 0; i < delta.Length; i++)
        {
            float magnitude = MathF.Abs(delta[i]);
            bool send = magnitude > threshold || (magnitude == threshold && tiesToKeep-- > 0);
            residual[i] = send ? 0 : delta[i];
            if (!send)
            {
                delta[i] = 0;
            }
        }

        return 8L * kept;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<StateSection> CreateStateSections() =>
        [new ClientVectorsSection("TOPK", "the top-k error-feedback residuals", _residuals, _parameterCount)];

    /// <summary>Returns the k-th largest |value| (k from 1), by quickselect on a pooled copy.</summary>
    private static float KthLargestMagnitude(ReadOnlySpan<float> values, int k)
    {
        float[] rented = ArrayPool<float>.Shared.Rent(values.Length);
        try
        {
            Span<float> magnitudes = rented.AsSpan(0, values.Length);
            for (int i = 0; i < values.Length; i++)
            {
                magnitudes[i] = MathF.Abs(values[i]);
            }

            return Select(magnitudes, magnitudes.Length - k);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>Returns the value of rank <paramref name="rank"/> (0 = smallest) by Hoare quickselect, reordering <paramref name="values"/>.</summary>
    private static float Select(Span<float> values, int rank)
    {
        int left = 0;
        int right = values.Length - 1;
        while (left < right)
        {
            float pivot = values[left + ((right - left) / 2)];
            int i = left;
            int j = right;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (rank <= j)
            {
                right = j;
            }
            else if (rank >= i)
            {
                left = i;
            }
            else
            {
                return values[rank];
            }
        }

        return values[rank];
    }
}
