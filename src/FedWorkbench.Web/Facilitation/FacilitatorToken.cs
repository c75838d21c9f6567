using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace FedWorkbench.Web.Facilitation;

/// <summary>
/// The facilitator token: 32 bytes from a cryptographic generator, encoded as base64url without padding
/// (43 characters from A–Z, a–z, 0–9, '-' and '_'). Only its SHA-256 is stored.
/// </summary>
public static class FacilitatorToken
{
    /// <summary>Random bytes of a token.</summary>
    public const int ByteLength = 32;

    /// <summary>Characters of an encoded token.</summary>
    public const int Length = 43;

    /// <summary>The name of the URL fragment parameter that carries the token.</summary>
    public const string FragmentName = "facilitate";

    /// <summary>The header that carries the token in API requests; it never goes into a URL the server sees.</summary>
    public const string HeaderName = "X-Facilitator-Token";

    /// <summary>Returns a new token.</summary>
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(ByteLength));

    /// <summary>Returns the SHA-256 of the token's UTF-8 bytes as 64 lowercase hexadecimal digits, as stored in the room.</summary>
    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>
    /// Returns true when <paramref name="token"/> hashes to <paramref name="storedHash"/>. The hashes are compared in
    /// constant time, so the time taken reveals nothing about how much of a guess was right.
    /// </summary>
    public static bool Matches(string? token, string? storedHash)
    {
        if (string.IsNullOrEmpty(token) || storedHash is not { Length: 64 } || token.Length > 4 * Length)
        {
            return false;
        }

        byte[] expected;
        try
        {
            expected = Convert.FromHexString(storedHash);
        }
        catch (FormatException)
        {
            return false;
        }

        byte[] actual = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Returns the app-relative facilitator link of a room, <c>/rooms/{code}#facilitate={token}</c>.</summary>
    public static string LinkPath(string roomCode, string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(roomCode);
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        return $"/rooms/{Uri.EscapeDataString(roomCode)}#{FragmentName}={token}";
    }
}
