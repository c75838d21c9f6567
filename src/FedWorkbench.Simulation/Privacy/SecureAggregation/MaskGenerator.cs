using FedWorkbench.Simulation.Randomness;

namespace FedWorkbench.Simulation.Privacy.SecureAggregation;

/// <summary>
/// The pseudo-random generator that expands a field element (a pairwise shared secret or a self-mask seed) into a
/// mask vector over ℤ/2³²ℤ: each 64-bit draw of <see cref="SeededRandom"/> gives two ring elements, low half first.
/// </summary>
/// <remarks>
/// NOTE: xoshiro256** is not a cryptographic generator, so the masks only look uniform. A real deployment expands
/// seeds with a cipher in counter mode, for example AES-CTR.
/// </remarks>
internal static class MaskGenerator
{
    /// <summary>Stream id of pairwise masks PRG(s_ij). It differs from the self-mask stream, so equal seeds still expand to unrelated masks.</summary>
    public const long PairwiseMaskStream = 1;

    /// <summary>Stream id of self masks PRG(b_i).</summary>
    public const long SelfMaskStream = 2;

    /// <summary>Adds PRG(<paramref name="seed"/>) to <paramref name="target"/> element-wise, modulo 2³².</summary>
    public static void Add(Span<uint> target, ulong seed, long stream)
    {
        var random = new SeededRandom(unchecked((long)seed), stream);
        int i = 0;
        for (; i + 1 < target.Length; i += 2)
        {
            ulong bits = random.NextUInt64();
            target[i] = unchecked(target[i] + (uint)bits);
            target[i + 1] = unchecked(target[i + 1] + (uint)(bits >> 32));
        }

        if (i < target.Length)
        {
            target[i] = unchecked(target[i] + (uint)random.NextUInt64());
        }
    }

    /// <summary>Subtracts PRG(<paramref name="seed"/>) from <paramref name="target"/> element-wise, modulo 2³².</summary>
    public static void Subtract(Span<uint> target, ulong seed, long stream)
    {
        var random = new SeededRandom(unchecked((long)seed), stream);
        int i = 0;
        for (; i + 1 < target.Length; i += 2)
        {
            ulong bits = random.NextUInt64();
            target[i] = unchecked(target[i] - (uint)bits);
            target[i + 1] = unchecked(target[i + 1] - (uint)(bits >> 32));
        }

        if (i < target.Length)
        {
            target[i] = unchecked(target[i] - (uint)random.NextUInt64());
        }
    }
}
