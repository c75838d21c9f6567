namespace FedWorkbench.Web.Ui;

/// <summary>Checks the display name a person gives before joining a room.</summary>
public static class RoomDisplayName
{
    /// <summary>The localStorage key under which the browser remembers the name for every room.</summary>
    public const string StorageKey = "fedwb.name";

    /// <summary>Returns the name without surrounding white space.</summary>
    public static string Normalize(string? name) => name?.Trim() ?? string.Empty;

    /// <summary>
    /// Returns null when <paramref name="name"/>, trimmed, is 1 to <see cref="Boards.BoardLimits.MaxDisplayNameLength"/>
    /// characters long and has no control characters. Otherwise returns a message that names what to enter.
    /// </summary>
    public static string? Validate(string? name)
    {
        string trimmed = Normalize(name);
        if (trimmed.Length == 0)
        {
            return "Enter a display name, so that the others in the room know who edits.";
        }

        if (trimmed.Length > Boards.BoardLimits.MaxDisplayNameLength)
        {
            return $"The display name is {trimmed.Length} characters long; shorten it to at most {Boards.BoardLimits.MaxDisplayNameLength}.";
        }

        return trimmed.Any(char.IsControl)
            ? "The display name contains a control character such as a tab or a line break; use visible characters only."
            : null;
    }
}
