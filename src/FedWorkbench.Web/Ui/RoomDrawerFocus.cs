using Microsoft.JSInterop;

namespace FedWorkbench.Web.Ui;

/// <summary>
/// Keyboard support of one of the room's drawers through <c>js/drawer-focus.js</c>: the focus moves into the
/// drawer when it opens, Escape closes it, and the focus returns to the control that opened it. Each drawer
/// component owns one instance and calls <see cref="UpdateAsync"/> after every render.
/// </summary>
public sealed class RoomDrawerFocus(IJSRuntime js, string drawerTestId) : IAsyncDisposable
{
    private IJSObjectReference? _module;
    private bool _open;

    /// <summary>Tells the browser that the drawer opened or closed; does nothing when its state did not change.</summary>
    public async Task UpdateAsync(bool open)
    {
        if (open == _open)
        {
            return;
        }

        _open = open;
        try
        {
            // The import map written by <ImportMap /> resolves this path to the fingerprinted file.
            _module ??= await js.InvokeAsync<IJSObjectReference>("import", "./js/drawer-focus.js");
            await _module.InvokeVoidAsync(open ? "drawerOpened" : "drawerClosed", drawerTestId);
        }
        catch (JSDisconnectedException)
        {
            // The page is closing, and with it the drawer.
        }
    }

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
