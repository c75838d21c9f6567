namespace FedWorkbench.Web.Boards;

/// <summary>Fixed limits of boards and their operations, documented in docs/board.md.</summary>
/// <remarks>Limits an operator may want to change (rates, counts per room) live in <c>BoardOptions</c> instead.</remarks>
public static class BoardLimits
{
    /// <summary>Longest element id and longest operation id.</summary>
    public const int MaxIdLength = 64;

    /// <summary>Longest text of a note, a label or a frame title, in characters.</summary>
    public const int MaxTextLength = 2_000;

    /// <summary>Longest board or room name, in characters.</summary>
    public const int MaxNameLength = 100;

    /// <summary>Longest display name, in characters.</summary>
    public const int MaxDisplayNameLength = 40;

    /// <summary>Most items in a list property such as the hidden layer widths.</summary>
    public const int MaxListLength = 16;

    /// <summary>Most changes in one operation (a large paste or a multi-select move).</summary>
    public const int MaxChangesPerOperation = 1_000;

    /// <summary>
    /// Longest JSON text of a number value, in characters. Real coordinates and settings need far fewer; the cap
    /// keeps a board and every join snapshot from growing through numbers written with thousands of digits.
    /// </summary>
    public const int MaxNumberLength = 32;

    /// <summary>
    /// Largest JSON of a data source's CSV table (file id, columns, test fraction), in UTF-8 bytes with the letters of
    /// every script written as themselves (a Japanese character takes 3 bytes). A table that lists its feature columns
    /// one by one can reach it. Without the list (every column but the label and the owner), the sample's table takes
    /// about 200 bytes.
    /// </summary>
    public const int MaxTableBytes = 1_000;

    /// <summary>
    /// Upper bound of one change's JSON size in bytes, used to size the hub's receive limit. The text can take
    /// 2,000 × 6 = 12,000 bytes, because a client may escape each UTF-16 code unit as <c>\uXXXX</c> (the .NET
    /// System.Text.Json default escapes every non-ASCII character so). A data source's table can take 1,000 × 6 =
    /// 6,000 bytes, because escaping turns each of its UTF-8 bytes into at most 6. The 4,096 bytes cover the id, the
    /// type and every other property, each at most a <see cref="MaxNumberLength"/>-character number, a choice or a
    /// list of 16 integers. <c>BoardLimitsTests</c> builds the largest change of every type and checks it against
    /// this bound.
    /// </summary>
    public const int MaxChangeBytes = (MaxTextLength * 6) + (MaxTableBytes * 6) + 4_096;

    /// <summary>
    /// Upper bound of one valid operation's JSON size in bytes, SignalR framing included:
    /// 1,000 changes × 22,096 bytes + 4,096 bytes for the opId, the base version and the envelope = 22,100,096
    /// bytes (about 21.1 MiB).
    /// </summary>
    public const int MaxOperationBytes = MaxChangesPerOperation * MaxChangeBytes + 4_096;

    /// <summary>Whether <paramref name="id"/> is a valid element or operation id: 1 to 64 of A–Z, a–z, 0–9, '-' and '_'.</summary>
    public static bool IsValidId(string? id) =>
        id is { Length: > 0 and <= MaxIdLength } && !id.AsSpan().ContainsAnyExcept(IdCharacters);

    private static readonly System.Buffers.SearchValues<char> IdCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
}
