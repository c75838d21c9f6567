using System.Diagnostics.CodeAnalysis;

namespace FedWorkbench.Web.Ui;

/// <summary>Builds room links and reads a room code back from a pasted link or code.</summary>
public static class RoomLinks
{
    private const string RoomsSegment = "rooms/";

    /// <summary>Returns the app-relative path of the room page, for example <c>rooms/abc123</c>.</summary>
    public static string RoomPath(string code)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        return RoomsSegment + Uri.EscapeDataString(code);
    }

    /// <summary>Returns the absolute share link of the room, built on the app's base address such as <c>https://host/</c>.</summary>
    public static string ShareLink(string baseUri, string code)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(baseUri);
        string root = baseUri.EndsWith('/') ? baseUri : baseUri + "/";
        return root + RoomPath(code);
    }

    /// <summary>
    /// Returns the app-relative facilitator link, <c>rooms/abc123#facilitate=TOKEN</c>. The token is in the fragment,
    /// which browsers never send to the server, so it stays out of request logs.
    /// </summary>
    public static string FacilitatorPath(string code, string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        return RoomPath(code) + FacilitatorFragmentPrefix + Uri.EscapeDataString(token);
    }

    /// <summary>Returns the absolute facilitator link of the room.</summary>
    public static string FacilitatorLink(string baseUri, string code, string token) =>
        ShareLink(baseUri, code) + FacilitatorFragmentPrefix + Uri.EscapeDataString(token);

    /// <summary>Returns <paramref name="uri"/> without its fragment, for removing the facilitator token from the address bar.</summary>
    public static string WithoutFragment(string uri)
    {
        int hash = uri.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? uri : uri[..hash];
    }

    /// <summary>The fragment before the facilitator token; js/facilitator-link.js reads the same prefix.</summary>
    public const string FacilitatorFragmentPrefix = "#facilitate=";

    /// <summary>
    /// Reads a room code from a link such as <c>https://host/rooms/abc123?board=…</c> or from the bare code, or sets
    /// <paramref name="error"/> to a message for the user.
    /// </summary>
    public static bool TryParseCode(string? text, [NotNullWhen(true)] out string? code, [NotNullWhen(false)] out string? error)
    {
        code = null;
        string trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            error = "Paste a room link or its code.";
            return false;
        }

        string candidate = trimmed;
        int rooms = trimmed.LastIndexOf("/" + RoomsSegment, StringComparison.OrdinalIgnoreCase);
        if (rooms >= 0)
        {
            candidate = trimmed[(rooms + RoomsSegment.Length + 1)..];
            int end = candidate.IndexOfAny(['/', '?', '#']);
            if (end >= 0)
            {
                candidate = candidate[..end];
            }
        }
        else if (trimmed.Contains('/', StringComparison.Ordinal))
        {
            error = $"'{Shorten(trimmed)}' is not a room link. A room link ends in /rooms/ and the room's code.";
            return false;
        }

        candidate = candidate.ToLowerInvariant();
        if (!Boards.RoomService.IsWellFormedCode(candidate))
        {
            error = $"'{Shorten(candidate)}' is not a room code. A code has {Boards.RoomService.CodeLength} letters and digits. Paste the whole link.";
            return false;
        }

        code = candidate;
        error = null;
        return true;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
