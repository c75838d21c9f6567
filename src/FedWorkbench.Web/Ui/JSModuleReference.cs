using Microsoft.JSInterop;

namespace FedWorkbench.Web.Ui;

/// <summary>Helpers for the JavaScript modules that the per-circuit UI services import.</summary>
internal static class JSModuleReference
{
    /// <summary>Releases <paramref name="module"/> in the browser, if it was imported and the circuit still exists.</summary>
    public static async ValueTask ReleaseAsync(IJSObjectReference? module)
    {
        if (module is null)
        {
            return;
        }

        try
        {
            await module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone, and the browser released the module with it.
        }
    }
}
