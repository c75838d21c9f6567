using FedWorkbench.Simulation.Randomness;

namespace FedWorkbench.Simulation.Training.Compression;

/// <summary>
/// Unbiased stochastic uniform quantization to b bits per coordinate (Suresh et al. 2017, Alistarh et al.
/// 2017, QSGD), per bucket of <see cref="BucketSize"/> coordinates with the bucket's float32 min and max.
/// </summary>
/// <remarks>
/// A bucket's grid has s = 2^b − 1 steps of width h = (max − min)/s. A value x with t = (x − min)/h is sent as
/// level ⌊t⌋ + 1 with probability t − ⌊t⌋ and as ⌊t⌋ otherwise, so its decoded value min + level·h has
/// expectation x. The encoding takes ⌈P·b/8⌉ bytes of levels plus 8 bytes (min and max) per bucket. Rounding
/// draws come from <c>SeededRandom(seed, RandomStreams.Compression, round, client)</c> in coordinate order.
/// A bucket that contains a NaN or an infinity is left unchanged, so that update validation rejects it.
/// </remarks>
internal sealed class StochasticQuantizer : UpdateCompressor
{
    /// <summary>Coordinates that share one min and max.</summary>
    public const int BucketSize = 512;

    private readonly int _bits;
    private readonly int _steps;

    public StochasticQuantizer(int bits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, 16);
        _bits = bits;
        _steps = (1 << bits) - 1;
    }

    /// <summary>Encoded size of P coordinates at b bits: ⌈P·b/8⌉ + 8·⌈P/512⌉ bytes.</summary>
    public static long EncodedBytes(int parameterCount, int bits) =>
        ((((long)parameterCount * bits) + 7) / 8) + (8L * ((parameterCount + BucketSize - 1) / BucketSize));

    /// <inheritdoc/>
    public override long Compress(Span<float> delta, int seed, int round, int client)
    {
        var random = new SeededRandom(seed, RandomStreams.Compression, round, client);
        for (int start = 0; start < delta.Length; start += BucketSize)
        {
            QuantizeBucket(delta.Slice(start, Math.Min(BucketSize, delta.Length - start)), ref random);
        }

        return EncodedBytes(delta.Length, _bits);
    }

    private void QuantizeBucket(Span<float> bucket, ref SeededRandom random)
    {
        float min = bucket[0];
        float max = bucket[0];
        foreach (float value in bucket)
        {
            if (!float.IsFinite(value))
            {
                return;
            }

            min = MathF.Min(min, value);
            max = MathF.Max(max, value);
        }

        if (min == max)
        {
            return;
        }

        // Double arithmetic keeps the step exact enough that level s decodes to max and level 0 to min.
        double step = ((double)max - min) / _steps;
        for (int i = 0; i < bucket.Length; i++)
        {
            double position = (bucket[i] - (double)min) / step;
            double lower = Math.Floor(position);
            int level = (int)lower + (random.NextDouble() < position - lower ? 1 : 0);
            level = Math.Clamp(level, 0, _steps);
            bucket[i] = level == _steps ? max : (float)Math.Min(min + (level * step), max);
        }
    }
}
