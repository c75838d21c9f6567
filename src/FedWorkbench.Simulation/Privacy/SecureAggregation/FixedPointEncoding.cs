namespace FedWorkbench.Simulation.Privacy.SecureAggregation;

/// <summary>
/// Fixed-point encoding of real values as elements of the ring ℤ/2³²ℤ. A value x is clipped to [−B, B] and sent
/// as round(x·scale) mod 2³², negative values in two's complement. The scale is ⌊(2³¹ − 1)/n⌋/B, so the sum of up
/// to n encoded values stays within a signed 32-bit integer and decodes without wrapping around.
/// </summary>
internal readonly struct FixedPointEncoding
{
    /// <summary>Creates the encoding for sums of up to <paramref name="summands"/> values within ±<paramref name="bound"/>.</summary>
    public FixedPointEncoding(double bound, int summands)
    {
        if (!double.IsFinite(bound) || bound <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bound), bound, "The clipping bound must be a positive finite number.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(summands, 1);
        Bound = bound;
        MaxMagnitude = int.MaxValue / summands;
        Scale = MaxMagnitude / bound;
    }

    /// <summary>The clipping bound B.</summary>
    public double Bound { get; }

    /// <summary>The largest absolute encoded value, ⌊(2³¹ − 1)/n⌋, which is what B encodes to.</summary>
    public int MaxMagnitude { get; }

    /// <summary>Ring units per unit of the real value.</summary>
    public double Scale { get; }

    /// <summary>The quantization step 1/scale. An encoded value decodes to within half a step of its clipped value.</summary>
    public double Step => 1 / Scale;

    /// <summary>Clips <paramref name="value"/> to ±B and encodes it, rounding half to even.</summary>
    public uint Encode(double value)
    {
        double clipped = Math.Clamp(value, -Bound, Bound);

        // The clamp guards against B·scale landing one unit above MaxMagnitude through floating-point rounding.
        long level = Math.Clamp((long)Math.Round(clipped * Scale), -MaxMagnitude, MaxMagnitude);
        return unchecked((uint)(int)level);
    }

    /// <summary>Decodes a ring element, read as a signed 32-bit integer, back to a real value.</summary>
    public double Decode(uint element) => unchecked((int)element) / Scale;
}
