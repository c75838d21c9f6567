using System.Numerics;
using FedWorkbench.Simulation.Privacy.SecureAggregation;
using FedWorkbench.Simulation.Randomness;

namespace FedWorkbench.Simulation.Tests.Privacy.SecureAggregation;

public sealed class SecureAggregationPrimitiveTests
{
    private static readonly BigInteger Modulus = (BigInteger.One << 61) - 1;

    [Fact]
    public void PrimeField_MultiplyMatchesBigInteger()
    {
        var random = new SeededRandom(1, 2);
        ulong[] edges = [0, 1, PrimeField.Modulus - 1, PrimeField.Modulus - 2, 1UL << 60];
        var values = edges.Concat(Enumerable.Range(0, 200).Select(_ => PrimeField.NextElement(ref random))).ToArray();

        foreach (ulong a in values)
        {
            foreach (ulong b in values.Take(20))
            {
                Assert.Equal((ulong)(a * (BigInteger)b % Modulus), PrimeField.Multiply(a, b));
                Assert.Equal((ulong)((a + (BigInteger)b) % Modulus), PrimeField.Add(a, b));
                Assert.Equal((ulong)(((a - (BigInteger)b) % Modulus + Modulus) % Modulus), PrimeField.Subtract(a, b));
            }
        }
    }

    [Fact]
    public void PrimeField_PowerAndInverseMatchBigInteger()
    {
        var random = new SeededRandom(3, 4);
        for (int i = 0; i < 100; i++)
        {
            ulong a = PrimeField.NextElement(ref random);
            ulong exponent = random.NextUInt64();
            Assert.Equal((ulong)BigInteger.ModPow(a, exponent, Modulus), PrimeField.Power(a, exponent));
            if (a != 0)
            {
                Assert.Equal(1UL, PrimeField.Multiply(a, PrimeField.Inverse(a)));
            }
        }
    }

    [Fact]
    public void KeyAgreement_SharedSecretIsSymmetric()
    {
        var random = new SeededRandom(5, 6);
        for (int i = 0; i < 50; i++)
        {
            KeyPair first = KeyAgreement.GenerateKeyPair(ref random);
            KeyPair second = KeyAgreement.GenerateKeyPair(ref random);

            Assert.Equal((ulong)BigInteger.ModPow(KeyAgreement.Generator, first.SecretKey, Modulus), first.PublicKey);
            Assert.InRange(first.SecretKey, 1UL, PrimeField.Modulus - 2);
            Assert.Equal(KeyAgreement.Agree(first.SecretKey, second.PublicKey), KeyAgreement.Agree(second.SecretKey, first.PublicKey));
        }
    }

    [Fact]
    public void KeyAgreement_GeneratorIsPrimitiveRoot()
    {
        // p − 1 = 2·3²·5²·7·11·13·31·41·61·151·331·1321. g generates the group when g^((p−1)/q) ≠ 1 for every prime q.
        ulong[] primeFactors = [2, 3, 5, 7, 11, 13, 31, 41, 61, 151, 331, 1321];
        BigInteger product = primeFactors.Aggregate(BigInteger.One, (total, factor) => total * factor) * 3 * 5;
        Assert.Equal(Modulus - 1, product);

        foreach (ulong factor in primeFactors)
        {
            Assert.NotEqual(1UL, PrimeField.Power(KeyAgreement.Generator, (PrimeField.Modulus - 1) / factor));
        }
    }

    [Fact]
    public void Shamir_AnyThresholdSharesReconstruct()
    {
        // Arrange: 3-of-6 sharing at the points of clients 0, 3, 4, 9, 10 and 20.
        ulong[] points = [1, 4, 5, 10, 11, 21];
        const ulong secret = 1_234_567_890_123UL;
        var random = new SeededRandom(8, 9);
        ulong[] shares = ShamirSecretSharing.Split(secret, 3, points, ref random);

        // Act and assert: every subset of 3 or more shares gives the secret.
        int subsets = 0;
        foreach (int[] subset in Subsets(points.Length).Where(subset => subset.Length >= 3))
        {
            ulong reconstructed = ShamirSecretSharing.Reconstruct(subset.Select(k => points[k]).ToArray(), subset.Select(k => shares[k]).ToArray());
            Assert.True(reconstructed == secret, $"Shares {string.Join(", ", subset)} gave {reconstructed}.");
            subsets++;
        }

        Assert.Equal(20 + 15 + 6 + 1, subsets);
    }

    [Fact]
    public void Shamir_FewerSharesGiveWrongValue()
    {
        ulong[] points = [1, 4, 5, 10, 11, 21];
        const ulong secret = 987_654_321UL;
        var random = new SeededRandom(10, 11);
        ulong[] shares = ShamirSecretSharing.Split(secret, 3, points, ref random);

        foreach (int[] subset in Subsets(points.Length).Where(subset => subset.Length is 1 or 2))
        {
            ulong reconstructed = ShamirSecretSharing.Reconstruct(subset.Select(k => points[k]).ToArray(), subset.Select(k => shares[k]).ToArray());
            Assert.True(reconstructed != secret, $"Only {subset.Length} shares ({string.Join(", ", subset)}) reconstructed the secret.");
        }
    }

    [Fact]
    public void Shamir_ThresholdOneSharesAreSecret()
    {
        var random = new SeededRandom(12, 13);

        ulong[] shares = ShamirSecretSharing.Split(42, 1, [1, 2, 3], ref random);

        Assert.Equal([42UL, 42UL, 42UL], shares);
    }

    [Fact]
    public void Shamir_RejectsRepeatedPoint()
    {
        var error = Assert.Throws<ArgumentException>(() => ShamirSecretSharing.Reconstruct([3, 5, 3], [1, 2, 3]));

        Assert.Contains("Evaluation point 3 occurs more than once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FixedPoint_EncodesFromScaleFormula()
    {
        // Arrange: B = 2 and n = 4 give ⌊(2³¹ − 1)/4⌋ = 536870911 and scale = 536870911/2 = 268435455.5.
        var encoding = new FixedPointEncoding(2, 4);

        // Assert
        Assert.Equal(536870911, encoding.MaxMagnitude);
        Assert.Equal(268435455.5, encoding.Scale);
        Assert.Equal(536870911U, encoding.Encode(2));
        Assert.Equal(536870911U, encoding.Encode(7.5));
        Assert.Equal(4294967296U - 536870911U, encoding.Encode(-5));
        Assert.Equal(134217728U, encoding.Encode(0.5));
        Assert.Equal(0U, encoding.Encode(0));
        Assert.Equal(-0.5, encoding.Decode(encoding.Encode(-0.5)), 1e-8);

        // Four values at the bound sum to 2147483644 without wrapping and decode to 8.
        uint sum = 4 * encoding.Encode(2);
        Assert.Equal(8.0, encoding.Decode(sum));
        Assert.Equal(-8.0, encoding.Decode(4 * encoding.Encode(-2)));
    }

    [Fact]
    public void MaskGenerator_SubtractUndoesAdd()
    {
        uint[] values = [1, 2, 3, 4, 5];

        MaskGenerator.Add(values, 123456789, MaskGenerator.PairwiseMaskStream);
        uint[] masked = (uint[])values.Clone();
        MaskGenerator.Subtract(values, 123456789, MaskGenerator.PairwiseMaskStream);

        Assert.NotEqual([1U, 2U, 3U, 4U, 5U], masked);
        Assert.Equal([1U, 2U, 3U, 4U, 5U], values);
    }

    private static IEnumerable<int[]> Subsets(int count)
    {
        for (int mask = 1; mask < 1 << count; mask++)
        {
            yield return Enumerable.Range(0, count).Where(k => (mask & (1 << k)) != 0).ToArray();
        }
    }
}
