using System.Security.Cryptography;

namespace FedWorkbench.Web.Ui;

/// <summary>
/// The secret a browser keeps per room. The server derives the participant id from it, so undo history and
/// presence survive a page reload. Anyone who has it can act as that participant.
/// </summary>
public static class RoomClientToken
{
    // 32 characters of a 64-letter alphabet carry 192 random bits.
    private const int Length = 32;
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /// <summary>Returns the localStorage key of the token for room <paramref name="code"/>.</summary>
    public static string StorageKey(string code) => $"fedwb.token.{code}";

    /// <summary>Makes a new token from a cryptographic random number generator.</summary>
    public static string Create() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>Whether <paramref name="token"/> has the shape the hub accepts: 16 to 64 of A–Z, a–z, 0–9, '-' and '_'.</summary>
    public static bool IsValid(string? token) =>
        token is { Length: >= 16 and <= 64 } && token.All(c => Alphabet.Contains(c, StringComparison.Ordinal));
}
