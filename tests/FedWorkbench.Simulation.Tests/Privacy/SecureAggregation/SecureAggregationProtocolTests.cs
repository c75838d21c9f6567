using FedWorkbench.Simulation.Privacy.SecureAggregation;
using FedWorkbench.Simulation.Randomness;

namespace FedWorkbench.Simulation.Tests.Privacy.SecureAggregation;

public sealed class SecureAggregationProtocolTests
{
    private const int Seed = 7;
    private const int Length = 101;
    private const double Bound = 3;

    private static readonly int[] Selected = [2, 5, 8, 11, 14, 17];

    [Fact]
    public void Aggregate_NoDropoutEqualsQuantizedSum()
    {
        // Arrange
        var protocol = new SecureAggregationProtocol(Seed, Length, threshold: 0.5);
        var reported = Selected.Select(client => (client, RandomValues(Length, client))).ToList();

        // Act
        SecureAggregationResult result = protocol.Aggregate(round: 3, Selected, reported, Bound);

        // Assert
        AssertQuantizedSum(reported, Selected.Length, result);
    }

    [Theory]
    [InlineData(new[] { 5 })]
    [InlineData(new[] { 2, 17 })]
    [InlineData(new[] { 2, 8, 14 })]
    [InlineData(new[] { 11, 14, 17 })]
    public void Aggregate_DropoutsUpToThresholdEqualQuantizedSum(int[] dropped)
    {
        // Arrange: threshold 0.5 of 6 clients needs t = 3 reports, so up to 3 may drop out.
        var protocol = new SecureAggregationProtocol(Seed, Length, threshold: 0.5);
        var reported = Selected.Except(dropped).Select(client => (client, RandomValues(Length, client))).ToList();

        // Act
        SecureAggregationResult result = protocol.Aggregate(round: 4, Selected, reported, Bound);

        // Assert
        AssertQuantizedSum(reported, Selected.Length, result);
    }

    [Fact]
    public void Aggregate_DecodedSumWithinHalfStepPerClient()
    {
        // Arrange: some values lie beyond the bound, so the real sum is of the clipped values.
        var protocol = new SecureAggregationProtocol(Seed, Length, threshold: 0.6);
        var reported = Selected.Take(5).Select(client => (client, RandomValues(Length, client, scale: 4))).ToList();

        // Act
        SecureAggregationResult result = protocol.Aggregate(round: 1, Selected, reported, Bound);

        // Assert: each of the 5 encoded values is within step/2 of its clipped value.
        double tolerance = 5 * result.QuantizationStep / 2 * (1 + 1e-9);
        for (int i = 0; i < Length; i++)
        {
            double realSum = reported.Sum(update => Math.Clamp((double)update.Item2[i], -Bound, Bound));
            Assert.True(Math.Abs(result.Sum[i] - realSum) <= tolerance, $"Coordinate {i}: decoded {result.Sum[i]}, real {realSum}, tolerance {tolerance}.");
        }
    }

    [Fact]
    public void Aggregate_QuantizationStepFromScale()
    {
        var protocol = new SecureAggregationProtocol(Seed, Length, threshold: 0.5);
        var reported = Selected.Select(client => (client, RandomValues(Length, client))).ToList();

        SecureAggregationResult result = protocol.Aggregate(round: 1, Selected, reported, Bound);

        // scale = ⌊(2³¹ − 1)/6⌋/3 = 357913941/3, so the step is 3/357913941.
        Assert.Equal(3.0 / 357913941, result.QuantizationStep, 1e-20);
    }

    [Fact]
    public void Aggregate_TooManyDropoutsThrows()
    {
        // Arrange: t = ⌈0.5·6⌉ = 3, but only 2 clients report.
        var protocol = new SecureAggregationProtocol(Seed, Length, threshold: 0.5);
        var reported = new[] { 5, 14 }.Select(client => (client, RandomValues(Length, client))).ToList();

        // Act
        var error = Assert.Throws<SecureAggregationException>(() => protocol.Aggregate(round: 2, Selected, reported, Bound));

        // Assert
        Assert.Contains("2 of the 6 selected clients reported", error.Message, StringComparison.Ordinal);
        Assert.Contains("at least 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("lower the secure-aggregation threshold", error.Message, StringComparison.Ordinal);
        Assert.Contains("over-selection", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Aggregate_TooManySelectedThrows()
    {
        var protocol = new SecureAggregationProtocol(Seed, Length, threshold: 0.5);
        int[] selected = Enumerable.Range(0, SecureAggregationProtocol.MaxSelectedClients + 1).ToArray();
        var reported = selected.Select(client => (client, new float[Length])).ToList();

        var error = Assert.Throws<SecureAggregationException>(() => protocol.Aggregate(round: 1, selected, reported, Bound));

        Assert.Contains("at most 1,000 selected clients per round, but this round selected 1,001", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Aggregate_SameSeedSameResult()
    {
        var reported = Selected.Select(client => (client, RandomValues(Length, client))).ToList();

        SecureAggregationResult first = new SecureAggregationProtocol(Seed, Length, 0.5).Aggregate(5, Selected, reported, Bound);
        SecureAggregationResult second = new SecureAggregationProtocol(Seed, Length, 0.5).Aggregate(5, Selected, reported, Bound);
        SecureAggregationResult otherSeed = new SecureAggregationProtocol(Seed + 1, Length, 0.5).Aggregate(5, Selected, reported, Bound);
        SecureAggregationResult otherRound = new SecureAggregationProtocol(Seed, Length, 0.5).Aggregate(6, Selected, reported, Bound);

        Assert.Equal(first.Sum, second.Sum);
        Assert.Equal(first.Sample.Masked, second.Sample.Masked);
        Assert.NotEqual(first.Sample.Masked, otherSeed.Sample.Masked);
        Assert.NotEqual(first.Sample.Masked, otherRound.Sample.Masked);

        // The masks differ, but they cancel, so the sum does not depend on the seed.
        Assert.Equal(first.Sum, otherSeed.Sum);
    }

    [Fact]
    public void Aggregate_CountsBytesPerMessage()
    {
        // Arrange: n = 5 selected, m = 3 reporting, L = 7 values.
        int[] selected = [0, 1, 2, 3, 4];
        var protocol = new SecureAggregationProtocol(Seed, 7, threshold: 0.6);
        var reported = new[] { 0, 2, 4 }.Select(client => (client, RandomValues(7, client))).ToList();

        // Act
        SecureAggregationResult result = protocol.Aggregate(round: 1, selected, reported, Bound);

        // Assert. Up: keys 5·16 = 80, share messages 5·4·52 = 1040, masked vectors 3·7·4 = 84, unmasking shares 3·5·12 = 180.
        Assert.Equal(80 + 1040 + 84 + 180, result.BytesUp);

        // Down: key lists 5·5·20 = 500, forwarded share messages 5·4·52 = 1040, survivor lists 3·3·4 = 36.
        Assert.Equal(500 + 1040 + 36, result.BytesDown);
    }

    [Fact]
    public void Aggregate_SampleIsFirstReportedVector()
    {
        // Arrange
        var protocol = new SecureAggregationProtocol(Seed, Length, threshold: 0.5);
        var reported = new[] { 5, 8, 14, 17 }.Select(client => (client, RandomValues(Length, client))).ToList();

        // Act
        SecureAggregationResult result = protocol.Aggregate(round: 9, Selected, reported, Bound);

        // Assert: client 5 masks its encoded input exactly as a client built from the same seed does.
        var encoding = new FixedPointEncoding(Bound, Selected.Length);
        uint[] expected = reported[0].Item2.Select(value => encoding.Encode(value)).ToArray();
        var client = new SecureAggregationClient(Seed, 9, 5, Selected.Length);
        client.MaskInput(expected, PublicKeys(Seed, 9, Selected));

        Assert.Equal(5, result.Sample.Client);
        Assert.Equal(reported[0].Item2[..50], result.Sample.Update);
        Assert.Equal(expected[..50], result.Sample.Masked);
    }

    [Fact]
    public void Aggregate_ShortVectorSampleHasAllValues()
    {
        var protocol = new SecureAggregationProtocol(Seed, 3, threshold: 1);
        var reported = new[] { 1, 4 }.Select(client => (client, RandomValues(3, client))).ToList();

        SecureAggregationResult result = protocol.Aggregate(round: 1, [1, 4], reported, Bound);

        Assert.Equal(3, result.Sample.Update.Length);
        Assert.Equal(3, result.Sample.Masked.Length);
    }

    [Fact]
    public void Aggregate_SingleClientReturnsItsValues()
    {
        var protocol = new SecureAggregationProtocol(Seed, Length, threshold: 0.6);
        var reported = new List<(int, float[])> { (3, RandomValues(Length, 3)) };

        SecureAggregationResult result = protocol.Aggregate(round: 1, [3], reported, Bound);

        AssertQuantizedSum(reported, 1, result);
    }

    [Fact]
    public void Aggregate_RejectsClientNotSelected()
    {
        var protocol = new SecureAggregationProtocol(Seed, Length, threshold: 0.5);
        var reported = new[] { 5, 6 }.Select(client => (client, RandomValues(Length, client))).ToList();

        var error = Assert.Throws<ArgumentException>(() => protocol.Aggregate(round: 1, Selected, reported, Bound));

        Assert.Contains("Reported client 6", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Aggregate_RejectsNonFiniteValue()
    {
        var protocol = new SecureAggregationProtocol(Seed, Length, threshold: 0.5);
        var reported = Selected.Select(client => (client, RandomValues(Length, client))).ToList();
        reported[1].Item2[4] = float.NaN;

        var error = Assert.Throws<ArgumentException>(() => protocol.Aggregate(round: 1, Selected, reported, Bound));

        Assert.Contains("Client 5 reported the non-finite value NaN at coordinate 4. Clients must check", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.6, 5, 3)]
    [InlineData(0.5, 6, 3)]
    [InlineData(0.3, 10, 3)]
    [InlineData(0.1, 5, 2)]
    [InlineData(0.01, 2, 2)]
    [InlineData(1.0, 7, 7)]
    [InlineData(0.5, 1, 1)]
    public void RequiredReports_CeilingWithMinimumTwo(double threshold, int selected, int expected)
    {
        Assert.Equal(expected, SecureAggregationProtocol.RequiredReports(threshold, selected));
    }

    [Fact]
    public void MaskedInput_LooksUniform()
    {
        // Arrange: every coordinate encodes the same value, so the unmasked input sits in one bucket.
        const int coordinates = 1 << 16;
        var encoding = new FixedPointEncoding(Bound, Selected.Length);
        uint[] input = Enumerable.Repeat(encoding.Encode(0.25), coordinates).ToArray();
        double unmaskedHighByte = ChiSquare(input, value => value >> 24);

        // Act
        var client = new SecureAggregationClient(Seed, 1, Selected[2], Selected.Length);
        client.MaskInput(input, PublicKeys(Seed, 1, Selected));

        // Assert: chi-square over 256 buckets of the high and of the low byte has 255 degrees of freedom, and
        // 330.55 is its 0.999 quantile (Wilson-Hilferty). Mean and variance of uniform values on [0, 2³²) are
        // 2³¹ and 2⁶⁴/12. Over 65,536 values the mean's standard deviation is about 4.8·10⁶ (tolerance 5σ) and
        // the variance's relative standard deviation about 0.35% (tolerance 2%).
        const double criticalValue = 330.55;
        Assert.True(unmaskedHighByte > criticalValue, $"The unmasked input should fail the test, but its chi-square is {unmaskedHighByte}.");
        double highByte = ChiSquare(input, value => value >> 24);
        double lowByte = ChiSquare(input, value => value & 0xFF);
        Assert.True(highByte < criticalValue, $"Chi-square of the high byte is {highByte}.");
        Assert.True(lowByte < criticalValue, $"Chi-square of the low byte is {lowByte}.");

        double mean = input.Average(value => (double)value);
        double variance = input.Average(value => ((double)value - mean) * ((double)value - mean));
        double uniformMean = Math.Pow(2, 31);
        double uniformVariance = Math.Pow(2, 64) / 12;
        Assert.InRange(mean, uniformMean - 2.5e7, uniformMean + 2.5e7);
        Assert.InRange(variance / uniformVariance, 0.98, 1.02);
    }

    [Fact]
    public void MaskedInputs_PairwiseMasksCancel()
    {
        // Arrange: zero inputs, so the sum of the masked vectors is the sum of the masks.
        const int coordinates = 33;
        var sum = new uint[coordinates];
        var selfMasks = new uint[coordinates];

        // Act
        foreach (int selected in Selected)
        {
            var client = new SecureAggregationClient(Seed, 2, selected, Selected.Length);
            var masked = new uint[coordinates];
            client.MaskInput(masked, PublicKeys(Seed, 2, Selected));
            for (int i = 0; i < coordinates; i++)
            {
                sum[i] += masked[i];
            }

            var selfMaskOnly = new uint[coordinates];
            client.MaskInput(selfMaskOnly, [(selected, client.MaskingKeys.PublicKey)]);
            for (int i = 0; i < coordinates; i++)
            {
                selfMasks[i] += selfMaskOnly[i];
            }
        }

        // Assert: what is left is exactly the sum of the self masks.
        Assert.Equal(selfMasks, sum);
    }

    private static void AssertQuantizedSum(IReadOnlyList<(int Client, float[] Values)> reported, int selectedCount, SecureAggregationResult result)
    {
        // The expected value is the ring sum of the encoded inputs, decoded once. Distinct ring sums decode to
        // distinct doubles, so exact equality here is exact equality in ℤ/2³²ℤ.
        var encoding = new FixedPointEncoding(Bound, selectedCount);
        for (int i = 0; i < Length; i++)
        {
            uint ringSum = 0;
            foreach ((int _, float[] values) in reported)
            {
                ringSum += encoding.Encode(values[i]);
            }

            Assert.Equal(encoding.Decode(ringSum), result.Sum[i]);
        }
    }

    private static (int Client, ulong MaskingPublicKey)[] PublicKeys(int seed, int round, int[] selected) =>
        selected.Select(client => (client, new SecureAggregationClient(seed, round, client, selected.Length).MaskingKeys.PublicKey)).ToArray();

    private static double ChiSquare(uint[] values, Func<uint, uint> bucketOf)
    {
        var counts = new int[256];
        foreach (uint value in values)
        {
            counts[bucketOf(value)]++;
        }

        double expected = values.Length / 256.0;
        return counts.Sum(count => (count - expected) * (count - expected) / expected);
    }

    private static float[] RandomValues(int length, int client, double scale = 1)
    {
        var random = new SeededRandom(99, client);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)(scale * random.NextGaussian());
        }

        return values;
    }
}
