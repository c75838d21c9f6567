using Microsoft.JSInterop;

namespace FedWorkbench.Web.Ui;

/// <summary>
/// Reads and writes the room settings that the browser keeps in localStorage: the display name, the client token
/// per room and the recent rooms. Scoped: one per circuit. Call it only after the first render, when JavaScript
/// interop is available.
/// </summary>
public sealed class RoomBrowserStorage(IJSRuntime js)
{
    /// <summary>Returns the remembered display name, or null.</summary>
    public async Task<string?> GetDisplayNameAsync()
    {
        string? name = await js.InvokeAsync<string?>("localStorage.getItem", RoomDisplayName.StorageKey);
        return RoomDisplayName.Validate(name) is null ? RoomDisplayName.Normalize(name) : null;
    }

    /// <summary>Remembers <paramref name="name"/> for every room.</summary>
    public async Task SetDisplayNameAsync(string name) =>
        await js.InvokeVoidAsync("localStorage.setItem", RoomDisplayName.StorageKey, RoomDisplayName.Normalize(name));

    /// <summary>Returns this browser's token for room <paramref name="code"/>, making and storing one on first use.</summary>
    public async Task<string> GetOrCreateTokenAsync(string code)
    {
        string key = RoomClientToken.StorageKey(code);
        string? token = await js.InvokeAsync<string?>("localStorage.getItem", key);
        if (RoomClientToken.IsValid(token))
        {
            return token!;
        }

        token = RoomClientToken.Create();
        await js.InvokeVoidAsync("localStorage.setItem", key, token);
        return token;
    }

    /// <summary>Returns the rooms this browser opened, newest first.</summary>
    public async Task<IReadOnlyList<RecentRoom>> GetRecentRoomsAsync() =>
        RoomRecentList.Parse(await js.InvokeAsync<string?>("localStorage.getItem", RoomRecentList.StorageKey));

    /// <summary>Puts the room first in the recent rooms.</summary>
    public async Task RememberRoomAsync(string code, string name)
    {
        IReadOnlyList<RecentRoom> rooms = RoomRecentList.Add(await GetRecentRoomsAsync(), new RecentRoom(code, name, DateTimeOffset.UtcNow));
        await js.InvokeVoidAsync("localStorage.setItem", RoomRecentList.StorageKey, RoomRecentList.Serialize(rooms));
    }
}
