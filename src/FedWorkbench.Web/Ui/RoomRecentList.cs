using System.Text.Json;

namespace FedWorkbench.Web.Ui;

/// <summary>A room the browser opened before, as the home page lists it.</summary>
/// <param name="Code">The room's share code.</param>
/// <param name="Name">The room's name when it was last opened.</param>
/// <param name="OpenedAt">When the browser last opened the room.</param>
public sealed record RecentRoom(string Code, string Name, DateTimeOffset OpenedAt);

/// <summary>The list of recent rooms that the browser keeps in localStorage, newest first.</summary>
public static class RoomRecentList
{
    /// <summary>The localStorage key of the list.</summary>
    public const string StorageKey = "fedwb.rooms";

    /// <summary>Maximum number of rooms in the list. Older ones drop off.</summary>
    public const int MaxCount = 8;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Reads the stored list. Text that is missing, not JSON or of another shape gives an empty list, because the
    /// browser's storage is outside the app's control.
    /// </summary>
    public static IReadOnlyList<RecentRoom> Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            RecentRoom[]? rooms = JsonSerializer.Deserialize<RecentRoom[]>(json, Options);
            return rooms is null
                ? []
                : [.. rooms.Where(r => r is not null && RoomLinks.TryParseCode(r.Code, out _, out _)).OrderByDescending(r => r.OpenedAt).Take(MaxCount)];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>Returns the list with <paramref name="room"/> first, its older entry removed and at most <see cref="MaxCount"/> entries.</summary>
    public static IReadOnlyList<RecentRoom> Add(IReadOnlyList<RecentRoom> rooms, RecentRoom room)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        ArgumentNullException.ThrowIfNull(room);
        return [room, .. rooms.Where(r => r.Code != room.Code).Take(MaxCount - 1)];
    }

    /// <summary>Writes the list as the JSON text that <see cref="Parse"/> reads.</summary>
    public static string Serialize(IReadOnlyList<RecentRoom> rooms) => JsonSerializer.Serialize(rooms, Options);
}
