using Microsoft.JSInterop;

namespace FedWorkbench.Web.Ui;

/// <summary>
/// Keeps the facilitator token of each room in the browser: read from the facilitator link's fragment by
/// <c>js/facilitator-link.js</c>, then stored in localStorage under the room code. Scoped: one per circuit. Call it
/// only after the first render. The token never goes into a log, a page or the address bar.
/// </summary>
public sealed class RoomFacilitatorStorage(IJSRuntime js) : IAsyncDisposable
{
    private IJSObjectReference? _module;

    /// <summary>Returns the localStorage key of room <paramref name="code"/>'s facilitator token.</summary>
    public static string StorageKey(string code) => $"fedwb.facilitator.{code}";

    /// <summary>Returns the token in the address's <c>#facilitate=</c> fragment, or null.</summary>
    public async Task<string?> ReadFragmentTokenAsync()
    {
        // The import map written by <ImportMap /> resolves this path to the fingerprinted file.
        _module ??= await js.InvokeAsync<IJSObjectReference>("import", "./js/facilitator-link.js");
        return await _module.InvokeAsync<string?>("readFacilitatorFragment");
    }

    /// <summary>Returns the stored token of room <paramref name="code"/>, or null.</summary>
    public async Task<string?> GetAsync(string code) =>
        await js.InvokeAsync<string?>("localStorage.getItem", StorageKey(code));

    /// <summary>Stores <paramref name="token"/> as room <paramref name="code"/>'s facilitator token.</summary>
    public async Task SetAsync(string code, string token) =>
        await js.InvokeVoidAsync("localStorage.setItem", StorageKey(code), token);

    /// <summary>Forgets room <paramref name="code"/>'s facilitator token, for example one the room no longer accepts.</summary>
    public async Task RemoveAsync(string code) =>
        await js.InvokeVoidAsync("localStorage.removeItem", StorageKey(code));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_module is not null)
            {
                await _module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone, and the browser released the module with it.
        }
    }
}
