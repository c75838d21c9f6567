using FedWorkbench.Simulation.Randomness;

namespace FedWorkbench.Simulation.Privacy.SecureAggregation;

/// <summary>
/// One selected client's part of a secure-aggregation round: its two key pairs, its self-mask seed b_i, the shares
/// it received from the other selected clients, and the masking of its input.
/// </summary>
/// <remarks>
/// All draws come from <c>SeededRandom(seed, RandomStreams.SecureAggregation, round, client)</c> in this order:
/// the encryption key pair, the masking key pair, the self-mask seed, then the coefficients of the polynomial that
/// shares the masking secret key and those of the polynomial that shares the self-mask seed.
/// </remarks>
internal sealed class SecureAggregationClient
{
    private SeededRandom _random;
    private readonly ulong _selfMaskSeed;
    private readonly ulong[] _maskingKeyShares;
    private readonly ulong[] _selfMaskSeedShares;

    /// <summary>Draws the keys and self-mask seed of <paramref name="client"/> for one round.</summary>
    /// <param name="seed">Experiment seed.</param>
    /// <param name="round">Round number.</param>
    /// <param name="client">Client id, at least 0.</param>
    /// <param name="selectedCount">Clients selected this round, each of which sends this client one share message.</param>
    public SecureAggregationClient(int seed, int round, int client, int selectedCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(client);
        ArgumentOutOfRangeException.ThrowIfLessThan(selectedCount, 1);
        Client = client;
        _maskingKeyShares = new ulong[selectedCount];
        _selfMaskSeedShares = new ulong[selectedCount];
        _random = new SeededRandom(seed, RandomStreams.SecureAggregation, round, client);
        EncryptionKeys = KeyAgreement.GenerateKeyPair(ref _random);
        MaskingKeys = KeyAgreement.GenerateKeyPair(ref _random);
        _selfMaskSeed = PrimeField.NextElement(ref _random);
    }

    /// <summary>The client's id.</summary>
    public int Client { get; }

    /// <summary>The client's Shamir evaluation point, its id + 1, because the point 0 would reveal the secret.</summary>
    public ulong SharePoint => (ulong)Client + 1;

    /// <summary>
    /// The key pair whose agreement would encrypt the share messages. The simulation sends shares unencrypted,
    /// so only its public key is used, for the byte count.
    /// </summary>
    public KeyPair EncryptionKeys { get; }

    /// <summary>The key pair whose agreement with each other client gives the pairwise mask seeds s_ij.</summary>
    public KeyPair MaskingKeys { get; }

    /// <summary>
    /// Splits the masking secret key and the self-mask seed into t-of-n Shamir shares, one per point in
    /// <paramref name="points"/>. Share k goes to the client whose evaluation point is points[k].
    /// </summary>
    public (ulong[] MaskingKeyShares, ulong[] SelfMaskSeedShares) CreateShares(ReadOnlySpan<ulong> points, int threshold)
    {
        ulong[] maskingKeyShares = ShamirSecretSharing.Split(MaskingKeys.SecretKey, threshold, points, ref _random);
        ulong[] selfMaskSeedShares = ShamirSecretSharing.Split(_selfMaskSeed, threshold, points, ref _random);
        return (maskingKeyShares, selfMaskSeedShares);
    }

    /// <summary>Stores the shares that the selected client at <paramref name="ownerIndex"/> sent to this client.</summary>
    public void ReceiveShares(int ownerIndex, ulong maskingKeyShare, ulong selfMaskSeedShare)
    {
        _maskingKeyShares[ownerIndex] = maskingKeyShare;
        _selfMaskSeedShares[ownerIndex] = selfMaskSeedShare;
    }

    /// <summary>
    /// Masks an encoded input in place: y_i = x_i + PRG(b_i) + Σ_{j>i} PRG(s_ij) − Σ_{j<i} PRG(s_ij) mod 2³²,
    /// over every other selected client j, ordered by client id.
    /// </summary>
    /// <param name="input">The encoded input x_i, overwritten with y_i.</param>
    /// <param name="peers">Every selected client's id and masking public key; this client's own entry is skipped.</param>
    public void MaskInput(Span<uint> input, IReadOnlyList<(int Client, ulong MaskingPublicKey)> peers)
    {
        MaskGenerator.Add(input, _selfMaskSeed, MaskGenerator.SelfMaskStream);
        foreach ((int peer, ulong publicKey) in peers)
        {
            if (peer == Client)
            {
                continue;
            }

            ulong sharedSecret = KeyAgreement.Agree(MaskingKeys.SecretKey, publicKey);
            if (peer > Client)
            {
                MaskGenerator.Add(input, sharedSecret, MaskGenerator.PairwiseMaskStream);
            }
            else
            {
                MaskGenerator.Subtract(input, sharedSecret, MaskGenerator.PairwiseMaskStream);
            }
        }
    }

    /// <summary>
    /// Returns the share this client stores of the selected client at <paramref name="ownerIndex"/>: of its
    /// self-mask seed when that client reported, of its masking secret key when it dropped out. The protocol requests
    /// one of the two per owner, because with both the server could remove every mask from that owner's input.
    /// </summary>
    public ulong UnmaskingShare(int ownerIndex, bool ownerReported) =>
        ownerReported ? _selfMaskSeedShares[ownerIndex] : _maskingKeyShares[ownerIndex];
}
