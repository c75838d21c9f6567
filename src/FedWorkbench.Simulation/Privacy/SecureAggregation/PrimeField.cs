using System.Runtime.CompilerServices;
using FedWorkbench.Simulation.Randomness;

namespace FedWorkbench.Simulation.Privacy.SecureAggregation;

/// <summary>
/// Arithmetic in the prime field of the Mersenne prime p = 2⁶¹ − 1, used for Diffie-Hellman keys and Shamir
/// shares. Every argument must already be reduced, that is in [0, p).
/// </summary>
/// <remarks>
/// NOTE: a 61-bit group is far too small for real key agreement, because discrete logarithms in it are cheap.
/// The simulation uses it so that keys, secrets and shares fit in one <see cref="ulong"/>.
/// </remarks>
internal static class PrimeField
{
    /// <summary>The modulus p = 2⁶¹ − 1.</summary>
    public const ulong Modulus = (1UL << 61) - 1;

    /// <summary>Returns (a + b) mod p.</summary>
    public static ulong Add(ulong a, ulong b)
    {
        ulong sum = a + b;
        return sum >= Modulus ? sum - Modulus : sum;
    }

    /// <summary>Returns (a − b) mod p.</summary>
    public static ulong Subtract(ulong a, ulong b) => a >= b ? a - b : a + Modulus - b;

    /// <summary>Returns (a · b) mod p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Multiply(ulong a, ulong b)
    {
        // Because 2⁶¹ ≡ 1 (mod p), the high bits of the 122-bit product fold onto the low 61 bits.
        UInt128 product = (UInt128)a * b;
        ulong folded = ((ulong)product & Modulus) + (ulong)(product >> 61);
        folded = (folded & Modulus) + (folded >> 61);
        return folded >= Modulus ? folded - Modulus : folded;
    }

    /// <summary>Returns b^exponent mod p by square-and-multiply.</summary>
    public static ulong Power(ulong b, ulong exponent)
    {
        ulong result = 1;
        ulong square = b;
        while (exponent != 0)
        {
            if ((exponent & 1) != 0)
            {
                result = Multiply(result, square);
            }

            square = Multiply(square, square);
            exponent >>= 1;
        }

        return result;
    }

    /// <summary>Returns a⁻¹ mod p as a^(p−2), by Fermat's little theorem. <paramref name="a"/> must not be 0.</summary>
    public static ulong Inverse(ulong a)
    {
        if (a == 0)
        {
            throw new DivideByZeroException("0 has no inverse in the prime field.");
        }

        return Power(a, Modulus - 2);
    }

    /// <summary>Draws a uniform element of [0, p) by rejection, using the top 61 bits of each draw.</summary>
    public static ulong NextElement(ref SeededRandom random)
    {
        ulong value;
        do
        {
            value = random.NextUInt64() >> 3;
        }
        while (value >= Modulus);

        return value;
    }
}
