using System.Globalization;

namespace FedWorkbench.Simulation.Privacy.SecureAggregation;

/// <summary>
/// A simulation of pairwise-masking secure aggregation (Bonawitz et al. 2017, "Practical Secure Aggregation for
/// Privacy-Preserving Machine Learning"): fixed-point encoding in the ring of 32-bit integers, pairwise masks from
/// seeded key agreement that cancel in the sum, self masks, and threshold secret sharing that lets the server
/// remove the masks of clients that dropped out.
/// </summary>
/// <remarks>
/// One round follows the semi-honest version of the protocol. (0) Each selected client advertises two public
/// keys. (1) Each client Shamir-shares its masking secret key and self-mask seed among all selected clients.
/// (2) Each reporting client sends its masked input, and the server sums them. (3) The reporting clients send, for
/// each selected client, a share of its self-mask seed if it reported or of its masking secret key if it dropped
/// out, and the server reconstructs those secrets and removes the remaining masks.
/// The simulation assumes that every selected client finishes steps 0 and 1 and that every reporting client
/// finishes step 3. It omits the consistency check and signatures of the version secure against active
/// adversaries, and it does not encrypt the share messages.
/// </remarks>
internal sealed class SecureAggregationProtocol
{
    /// <summary>Maximum selected clients per round, because the cost grows with the square of that number.</summary>
    public const int MaxSelectedClients = 1_000;

    /// <summary>Coordinates of the first reported vector that <see cref="SecureAggregationResult.Sample"/> contains, at most.</summary>
    public const int SampleLength = 50;

    private readonly int _seed;
    private readonly int _length;
    private readonly double _threshold;

    /// <summary>Creates the protocol for vectors of <paramref name="length"/> values.</summary>
    /// <param name="seed">Experiment seed; every key, mask and polynomial is drawn from it.</param>
    /// <param name="length">Values per client vector.</param>
    /// <param name="threshold">Fraction of the selected clients that must report for the sum to be unmasked, in (0, 1].</param>
    public SecureAggregationProtocol(int seed, int length, double threshold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        if (!(threshold > 0 && threshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The secure-aggregation threshold must be in (0, 1].");
        }

        _seed = seed;
        _length = length;
        _threshold = threshold;
    }

    /// <summary>
    /// Returns the Shamir threshold t = ⌈threshold·n⌉ for n selected clients, raised to 2 when n ≥ 2. A threshold
    /// of 1 would make every share equal to the secret, so one share would reveal it. With n = 1, t is 1 and the
    /// server learns the single update, which is also the sum.
    /// </summary>
    public static int RequiredReports(double threshold, int selectedCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(selectedCount, 1);

        // The tolerance keeps products such as 0.3·10 = 3.0000000000000004 from rounding up to 4.
        int required = (int)Math.Ceiling((threshold * selectedCount) - 1e-9);
        return Math.Clamp(required, Math.Min(2, selectedCount), selectedCount);
    }

    /// <summary>
    /// Runs one round. Every client in <paramref name="selected"/> took part in key agreement and secret sharing;
    /// the clients in <paramref name="reported"/> (a subset, in selection order) send their masked vectors. Each
    /// value is encoded in fixed point so that the sum of up to |selected| values within ±<paramref name="bound"/>
    /// cannot wrap around. Returns the unmasked, decoded sum. Throws <see cref="SecureAggregationException"/> when
    /// fewer clients reported than the threshold needs, or when more than <see cref="MaxSelectedClients"/> are selected.
    /// </summary>
    public SecureAggregationResult Aggregate(int round, IReadOnlyList<int> selected, IReadOnlyList<(int Client, float[] Values)> reported, double bound)
    {
        ArgumentNullException.ThrowIfNull(selected);
        ArgumentNullException.ThrowIfNull(reported);
        int[] reportedIndices = ValidateClients(selected, reported);
        var encoding = new FixedPointEncoding(bound, selected.Count);
        int required = RequiredReports(_threshold, selected.Count);
        if (reported.Count < required)
        {
            throw new SecureAggregationException(TooFewReportsMessage(round, selected.Count, reported.Count, required));
        }

        // Step 0: key generation and advertisement.
        var clients = new SecureAggregationClient[selected.Count];
        var maskingPublicKeys = new (int Client, ulong MaskingPublicKey)[selected.Count];
        var points = new ulong[selected.Count];
        for (int i = 0; i < selected.Count; i++)
        {
            clients[i] = new SecureAggregationClient(_seed, round, selected[i], selected.Count);
            maskingPublicKeys[i] = (selected[i], clients[i].MaskingKeys.PublicKey);
            points[i] = clients[i].SharePoint;
        }

        // Step 1: every client shares its masking secret key and self-mask seed with every selected client.
        for (int owner = 0; owner < clients.Length; owner++)
        {
            (ulong[] keyShares, ulong[] seedShares) = clients[owner].CreateShares(points, required);
            for (int holder = 0; holder < clients.Length; holder++)
            {
                clients[holder].ReceiveShares(owner, keyShares[holder], seedShares[holder]);
            }
        }

        // Step 2: the reporting clients mask their inputs, and the server adds what it receives.
        var sum = new uint[_length];
        var masked = new uint[_length];
        MaskedUpdateSample? sample = null;
        for (int r = 0; r < reported.Count; r++)
        {
            float[] values = reported[r].Values;
            for (int i = 0; i < _length; i++)
            {
                masked[i] = encoding.Encode(values[i]);
            }

            clients[reportedIndices[r]].MaskInput(masked, maskingPublicKeys);
            sample ??= CreateSample(reported[r].Client, values, masked);
            for (int i = 0; i < _length; i++)
            {
                sum[i] = unchecked(sum[i] + masked[i]);
            }
        }

        // Step 3: unmasking.
        RemoveMasks(sum, clients, maskingPublicKeys, reportedIndices, required);
        var decoded = new double[_length];
        for (int i = 0; i < _length; i++)
        {
            decoded[i] = encoding.Decode(sum[i]);
        }

        return new SecureAggregationResult(
            decoded,
            encoding.Step,
            SecureAggregationTraffic.BytesUp(selected.Count, reported.Count, _length),
            SecureAggregationTraffic.BytesDown(selected.Count, reported.Count),
            sample!);
    }

    /// <summary>
    /// Reconstructs, from the shares of the first t reporting clients, the self-mask seed of every reporting client
    /// and the masking secret key of every dropped client, and removes their masks from <paramref name="sum"/>.
    /// </summary>
    private static void RemoveMasks(
        uint[] sum,
        SecureAggregationClient[] clients,
        (int Client, ulong MaskingPublicKey)[] maskingPublicKeys,
        int[] reportedIndices,
        int required)
    {
        var reportedFlags = new bool[clients.Length];
        foreach (int index in reportedIndices)
        {
            reportedFlags[index] = true;
        }

        // Every reporting client sends its shares and is counted in the bytes, but t of them determine each secret.
        int[] responders = reportedIndices[..required];
        var responderPoints = new ulong[required];
        for (int k = 0; k < required; k++)
        {
            responderPoints[k] = clients[responders[k]].SharePoint;
        }

        ulong[] lagrange = ShamirSecretSharing.LagrangeCoefficientsAtZero(responderPoints);
        var shares = new ulong[required];
        for (int owner = 0; owner < clients.Length; owner++)
        {
            for (int k = 0; k < required; k++)
            {
                shares[k] = clients[responders[k]].UnmaskingShare(owner, reportedFlags[owner]);
            }

            ulong secret = ShamirSecretSharing.Combine(lagrange, shares);
            if (reportedFlags[owner])
            {
                MaskGenerator.Subtract(sum, secret, MaskGenerator.SelfMaskStream);
                continue;
            }

            // The dropped client's pairwise masks with the clients that reported did not cancel. Reporting client v
            // added PRG(s_vu) when the dropped client u has the larger id and subtracted it otherwise, so undo that.
            int dropped = clients[owner].Client;
            foreach (int reporter in reportedIndices)
            {
                (int survivor, ulong publicKey) = maskingPublicKeys[reporter];
                ulong sharedSecret = KeyAgreement.Agree(secret, publicKey);
                if (dropped > survivor)
                {
                    MaskGenerator.Subtract(sum, sharedSecret, MaskGenerator.PairwiseMaskStream);
                }
                else
                {
                    MaskGenerator.Add(sum, sharedSecret, MaskGenerator.PairwiseMaskStream);
                }
            }
        }
    }

    /// <summary>Checks the client lists and returns each reporting client's index in <paramref name="selected"/>.</summary>
    private int[] ValidateClients(IReadOnlyList<int> selected, IReadOnlyList<(int Client, float[] Values)> reported)
    {
        if (selected.Count == 0)
        {
            throw new ArgumentException("Secure aggregation needs at least one selected client.", nameof(selected));
        }

        if (selected.Count > MaxSelectedClients)
        {
            throw new SecureAggregationException(string.Create(CultureInfo.InvariantCulture,
                $"Secure aggregation supports at most {MaxSelectedClients:N0} selected clients per round, but this round selected {selected.Count:N0}. " +
                $"Lower the client fraction or the over-selection."));
        }

        var indexOf = new Dictionary<int, int>(selected.Count);
        for (int i = 0; i < selected.Count; i++)
        {
            if (selected[i] < 0 || !indexOf.TryAdd(selected[i], i))
            {
                throw new ArgumentException($"Selected client {selected[i]} is negative or listed twice. Pass distinct client ids.", nameof(selected));
            }
        }

        var indices = new int[reported.Count];
        int previous = -1;
        for (int r = 0; r < reported.Count; r++)
        {
            (int client, float[] values) = reported[r];
            if (!indexOf.TryGetValue(client, out int index) || index <= previous)
            {
                throw new ArgumentException(
                    $"Reported client {client} is not selected, is listed twice or is out of selection order. Pass a subset of the selected clients in their order.",
                    nameof(reported));
            }

            ArgumentNullException.ThrowIfNull(values, nameof(reported));
            if (values.Length != _length)
            {
                throw new ArgumentException($"Client {client} reported {values.Length} values, but the protocol was created for {_length}.", nameof(reported));
            }

            int nonFinite = Array.FindIndex(values, value => !float.IsFinite(value));
            if (nonFinite >= 0)
            {
                throw new ArgumentException(
                    $"Client {client} reported the non-finite value {values[nonFinite]} at coordinate {nonFinite}. Clients must check their update before masking it.",
                    nameof(reported));
            }

            indices[r] = index;
            previous = index;
        }

        return indices;
    }

    private string TooFewReportsMessage(int round, int selectedCount, int reportedCount, int required) =>
        string.Create(CultureInfo.InvariantCulture,
            $"Secure aggregation could not unmask round {round}: {reportedCount} of the {selectedCount} selected clients reported, " +
            $"but removing the masks of the {selectedCount - reportedCount} that dropped out needs shares from at least {required} " +
            $"(the threshold {_threshold:0.###} × {selectedCount} clients, rounded up, and at least 2 when two or more are selected). Lower the dropout or raise the round deadline, " +
            $"lower the secure-aggregation threshold, or raise the over-selection so that more clients report.");

    private static MaskedUpdateSample CreateSample(int client, float[] values, uint[] masked)
    {
        int count = Math.Min(SampleLength, values.Length);
        return new MaskedUpdateSample(client, values[..count], masked[..count]);
    }
}

/// <summary>The outcome of one secure-aggregation round.</summary>
/// <param name="Sum">The decoded sum of the reported vectors, exact up to the fixed-point rounding of each value.</param>
/// <param name="QuantizationStep">The fixed-point step 1/scale: each encoded value is within half a step of the real one.</param>
/// <param name="BytesUp">Bytes the clients sent for the protocol: public keys, encrypted shares, masked vectors and unmasking shares.</param>
/// <param name="BytesDown">Bytes the server relayed to the clients: public keys, shares, and the list of survivors.</param>
/// <param name="Sample">The first coordinates of the first reported vector, real and as the server received it.</param>
internal sealed record SecureAggregationResult(double[] Sum, double QuantizationStep, long BytesUp, long BytesDown, MaskedUpdateSample Sample);

/// <summary>Exception raised when secure aggregation cannot finish a round. Its message gives the reason for the user.</summary>
public sealed class SecureAggregationException(string message) : Exception(message);
