using Microsoft.JSInterop;

namespace FedWorkbench.Web.Ui;

/// <summary>
/// Saves server-side text as a file in the user's browser through the <c>js/download.js</c> module.
/// Scoped: one instance per circuit, because it holds that circuit's module reference.
/// </summary>
public sealed class FileDownloader(IJSRuntime js) : IAsyncDisposable
{
    private IJSObjectReference? _module;

    /// <summary>Starts a browser download of <paramref name="text"/> named <paramref name="fileName"/>.</summary>
    public async Task DownloadTextAsync(string fileName, string text, string contentType, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentNullException.ThrowIfNull(text);

        // The import map written by <ImportMap /> resolves this path to the fingerprinted file.
        _module ??= await js.InvokeAsync<IJSObjectReference>("import", cancellationToken, "./js/download.js");
        await _module.InvokeVoidAsync("downloadText", cancellationToken, fileName, text, contentType);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => JSModuleReference.ReleaseAsync(_module);
}
