namespace FedWorkbench.Simulation.Privacy.SecureAggregation;

/// <summary>
/// Bytes of one secure-aggregation round, counted message by message for n selected clients, m of which report,
/// and vectors of L values. Each client sends and receives through the server.
/// </summary>
/// <remarks>
/// Up: 2 public keys per client (16n), n − 1 encrypted share messages per client (52·n·(n − 1)), one masked vector
/// per reporting client (4·L·m), and one unmasking share per selected client from each reporting client (12·m·n).
/// Down: the key list of n entries to each client (20·n²), the n·(n − 1) encrypted share messages forwarded to
/// their recipients (52·n·(n − 1)), and the list of reporting clients to each of them (4·m²).
/// </remarks>
internal static class SecureAggregationTraffic
{
    /// <summary>Bytes of a client id.</summary>
    public const int ClientIdBytes = 4;

    /// <summary>Bytes of a public key, a field element of 61 bits stored in 8 bytes.</summary>
    public const int PublicKeyBytes = 8;

    /// <summary>Bytes of a Shamir share, a field element.</summary>
    public const int ShareBytes = 8;

    /// <summary>Bytes of one masked value, an element of ℤ/2³²ℤ.</summary>
    public const int RingElementBytes = 4;

    /// <summary>
    /// Bytes that authenticated encryption adds to each share message: a 12-byte nonce and a 16-byte tag, as
    /// AES-GCM uses. The simulation does not encrypt, so this is counted, not produced.
    /// </summary>
    public const int EncryptionOverheadBytes = 28;

    /// <summary>
    /// Bytes of one encrypted share message from client u to client v: the plaintext u ‖ v ‖ share of u's masking
    /// key ‖ share of u's self-mask seed (24 bytes), plus <see cref="EncryptionOverheadBytes"/>.
    /// </summary>
    public const int EncryptedShareBytes = (2 * ClientIdBytes) + (2 * ShareBytes) + EncryptionOverheadBytes;

    /// <summary>Bytes of one unmasking share: the owner's id and the share.</summary>
    public const int UnmaskingShareBytes = ClientIdBytes + ShareBytes;

    /// <summary>Returns the bytes the clients send: 16n + 52·n·(n − 1) + 4·L·m + 12·m·n.</summary>
    /// <param name="selected">Selected clients n.</param>
    /// <param name="reported">Reporting clients m.</param>
    /// <param name="length">Values per vector L.</param>
    public static long BytesUp(int selected, int reported, int length)
    {
        long n = selected;
        long m = reported;
        long publicKeys = n * 2 * PublicKeyBytes;
        long encryptedShares = n * (n - 1) * EncryptedShareBytes;
        long maskedVectors = m * length * RingElementBytes;
        long unmaskingShares = m * n * UnmaskingShareBytes;
        return publicKeys + encryptedShares + maskedVectors + unmaskingShares;
    }

    /// <summary>Returns the bytes the server sends: 20·n² + 52·n·(n − 1) + 4·m².</summary>
    /// <param name="selected">Selected clients n.</param>
    /// <param name="reported">Reporting clients m.</param>
    public static long BytesDown(int selected, int reported)
    {
        long n = selected;
        long m = reported;
        long keyLists = n * n * (ClientIdBytes + (2 * PublicKeyBytes));
        long forwardedShares = n * (n - 1) * EncryptedShareBytes;
        long survivorLists = m * m * ClientIdBytes;
        return keyLists + forwardedShares + survivorLists;
    }
}
