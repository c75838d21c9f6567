using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace FedWorkbench.Web.Security;

/// <summary>
/// Adds the security headers to every response: a content security policy that Blazor Server, MudBlazor, Plotly and
/// the board script work under, and headers against MIME sniffing, framing, referrer leaks and cross-origin windows.
/// </summary>
/// <remarks>
/// Blazor's <c>&lt;ImportMap /&gt;</c> writes the import map as an inline script, which <c>script-src 'self'</c>
/// blocks, so the policy allows exactly that script by its SHA-256 hash. The map comes from the endpoint's
/// <see cref="ImportMapDefinition"/>, which lists the fingerprinted assets of this build.
/// Styles need <c>'unsafe-inline'</c>: MudBlazor renders <c>style</c> attributes, and Plotly inserts style elements
/// and sets inline styles on its charts.
/// </remarks>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next, IOptions<SecurityOptions> options)
{
    /// <summary>The policy's directives except <c>script-src</c>, which depends on the page's import map.</summary>
    public const string BasePolicy =
        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private readonly ConcurrentDictionary<ImportMapDefinition, string> _policies = new();
    private readonly string _headerName = options.Value.ContentSecurityPolicyReportOnly
        ? "Content-Security-Policy-Report-Only"
        : "Content-Security-Policy";

    /// <summary>Sets the headers, then runs the rest of the pipeline.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        IHeaderDictionary headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers[_headerName] = PolicyFor(context.GetEndpoint()?.Metadata.GetMetadata<ImportMapDefinition>());
        return next(context);
    }

    /// <summary>Returns the policy for a page with <paramref name="importMap"/>, or for a response without one.</summary>
    public string PolicyFor(ImportMapDefinition? importMap) =>
        importMap is null
            ? $"{BasePolicy}; script-src 'self'"
            : _policies.GetOrAdd(importMap, map => $"{BasePolicy}; script-src 'self' '{ScriptHash(map.ToString())}'");

    /// <summary>Returns the CSP source of an inline script: "sha256-" and the base64 SHA-256 of its UTF-8 text.</summary>
    public static string ScriptHash(string script) =>
        "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)));
}
