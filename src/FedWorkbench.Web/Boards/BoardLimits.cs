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

    /// <summary>Whether <paramref name="id"/> is a valid element or operation id: 1 to 64 of A–Z, a–z, 0–9, '-' and '_'.</summary>
    public static bool IsValidId(string? id) =>
        id is { Length: > 0 and <= MaxIdLength } && !id.AsSpan().ContainsAnyExcept(IdCharacters);

    private static readonly System.Buffers.SearchValues<char> IdCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
}
