using FedWorkbench.Simulation.Randomness;

namespace FedWorkbench.Simulation.Privacy.SecureAggregation;

/// <summary>
/// Shamir t-of-n secret sharing over <see cref="PrimeField"/> (Shamir 1979): the secret is the constant term of a
/// random polynomial of degree t − 1, each share is its value at a distinct nonzero point, and any t shares
/// determine the polynomial. Fewer than t shares are consistent with every secret.
/// </summary>
internal static class ShamirSecretSharing
{
    /// <summary>
    /// Splits <paramref name="secret"/> into one share per point of <paramref name="points"/>. The t − 1 random
    /// coefficients are drawn from <paramref name="random"/>, lowest degree first.
    /// </summary>
    /// <param name="secret">The secret, in [0, p).</param>
    /// <param name="threshold">Shares t needed to reconstruct, at least 1; t = 1 makes every share equal to the secret.</param>
    /// <param name="points">Distinct nonzero evaluation points in [1, p).</param>
    /// <param name="random">Source of the polynomial's coefficients.</param>
    /// <returns>The shares, in the order of <paramref name="points"/>.</returns>
    public static ulong[] Split(ulong secret, int threshold, ReadOnlySpan<ulong> points, ref SeededRandom random)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(secret, PrimeField.Modulus);
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(threshold, points.Length);

        var coefficients = new ulong[threshold];
        coefficients[0] = secret;
        for (int degree = 1; degree < threshold; degree++)
        {
            coefficients[degree] = PrimeField.NextElement(ref random);
        }

        var shares = new ulong[points.Length];
        for (int i = 0; i < points.Length; i++)
        {
            shares[i] = Evaluate(coefficients, points[i]);
        }

        return shares;
    }

    /// <summary>
    /// Returns the Lagrange coefficients λ_k = Π_{m≠k} x_m / (x_m − x_k), which give the polynomial's value at 0 as
    /// Σ λ_k·y_k. They depend only on the points, so one set serves every secret shared over the same points.
    /// </summary>
    /// <param name="points">Distinct nonzero evaluation points.</param>
    public static ulong[] LagrangeCoefficientsAtZero(ReadOnlySpan<ulong> points)
    {
        var coefficients = new ulong[points.Length];
        for (int k = 0; k < points.Length; k++)
        {
            ulong numerator = 1;
            ulong denominator = 1;
            for (int m = 0; m < points.Length; m++)
            {
                if (m == k)
                {
                    continue;
                }

                if (points[m] == points[k])
                {
                    throw new ArgumentException($"Evaluation point {points[k]} occurs more than once. Give each share its own point.", nameof(points));
                }

                numerator = PrimeField.Multiply(numerator, points[m]);
                denominator = PrimeField.Multiply(denominator, PrimeField.Subtract(points[m], points[k]));
            }

            coefficients[k] = PrimeField.Multiply(numerator, PrimeField.Inverse(denominator));
        }

        return coefficients;
    }

    /// <summary>
    /// Reconstructs the secret from shares at <paramref name="points"/> by Lagrange interpolation at 0. With at
    /// least t shares the result is the secret. With fewer it is the constant term of a different polynomial.
    /// </summary>
    public static ulong Reconstruct(ReadOnlySpan<ulong> points, ReadOnlySpan<ulong> shares)
    {
        if (points.Length != shares.Length)
        {
            throw new ArgumentException($"{shares.Length} shares were given for {points.Length} points. Pass one share per point.", nameof(shares));
        }

        return Combine(LagrangeCoefficientsAtZero(points), shares);
    }

    /// <summary>Returns Σ λ_k·y_k mod p for coefficients from <see cref="LagrangeCoefficientsAtZero"/>.</summary>
    public static ulong Combine(ReadOnlySpan<ulong> lagrangeCoefficients, ReadOnlySpan<ulong> shares)
    {
        ulong secret = 0;
        for (int k = 0; k < shares.Length; k++)
        {
            secret = PrimeField.Add(secret, PrimeField.Multiply(lagrangeCoefficients[k], shares[k]));
        }

        return secret;
    }

    private static ulong Evaluate(ulong[] coefficients, ulong point)
    {
        // Horner's rule, highest degree first.
        ulong value = 0;
        for (int degree = coefficients.Length - 1; degree >= 0; degree--)
        {
            value = PrimeField.Add(PrimeField.Multiply(value, point), coefficients[degree]);
        }

        return value;
    }
}
