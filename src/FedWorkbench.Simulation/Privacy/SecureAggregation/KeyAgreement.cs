using FedWorkbench.Simulation.Randomness;

namespace FedWorkbench.Simulation.Privacy.SecureAggregation;

/// <summary>A Diffie-Hellman key pair in the multiplicative group of <see cref="PrimeField"/>.</summary>
/// <param name="SecretKey">The secret exponent, in [1, p − 2].</param>
/// <param name="PublicKey">g^SecretKey mod p.</param>
internal readonly record struct KeyPair(ulong SecretKey, ulong PublicKey);

/// <summary>
/// Finite-field Diffie-Hellman over p = 2⁶¹ − 1 with generator g = 37, the smallest primitive root of p. Two
/// clients that exchange public keys compute the same shared secret s_ij = g^(a_i·a_j) = s_ji.
/// </summary>
/// <remarks>
/// NOTE: this is not secure, because discrete logarithms modulo a 61-bit prime are easy to compute. It reproduces
/// the protocol's data flow, not its security.
/// </remarks>
internal static class KeyAgreement
{
    /// <summary>The generator g = 37 of the multiplicative group modulo 2⁶¹ − 1.</summary>
    public const ulong Generator = 37;

    /// <summary>Draws a secret key uniformly from [1, p − 2] and returns it with its public key.</summary>
    public static KeyPair GenerateKeyPair(ref SeededRandom random)
    {
        ulong secretKey;
        do
        {
            secretKey = PrimeField.NextElement(ref random);
        }
        while (secretKey == 0 || secretKey == PrimeField.Modulus - 1);

        return new KeyPair(secretKey, PrimeField.Power(Generator, secretKey));
    }

    /// <summary>Computes the shared secret (otherPublicKey)^secretKey mod p.</summary>
    public static ulong Agree(ulong secretKey, ulong otherPublicKey) => PrimeField.Power(otherPublicKey, secretKey);
}
