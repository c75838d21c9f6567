using System.ComponentModel.DataAnnotations;
using System.Net;

namespace FedWorkbench.Web.Security;

/// <summary>Settings of the security headers and of the client address. Bound from the <c>Security</c> configuration section.</summary>
public sealed class SecurityOptions : IValidatableObject
{
    /// <summary>Configuration section the options are bound from.</summary>
    public const string SectionName = "Security";

    /// <summary>
    /// IP addresses of reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> headers are trusted,
    /// separated by semicolons, as in <c>AllowedHosts</c>: for example <c>10.0.0.2;10.0.0.3</c>. Empty by default:
    /// then the client address is the TCP peer, and the headers are ignored, because any client could send them.
    /// Behind a proxy that is not listed, every visitor shares the proxy's address and its limits.
    /// </summary>
    public string KnownProxies { get; set; } = "";

    /// <summary>
    /// Sends the content security policy as <c>Content-Security-Policy-Report-Only</c>, so the browser reports
    /// violations in its console without blocking anything. Default false.
    /// </summary>
    public bool ContentSecurityPolicyReportOnly { get; set; }

    /// <summary>Returns the addresses of <see cref="KnownProxies"/>; call it after validation.</summary>
    public IReadOnlyList<IPAddress> ParseKnownProxies() =>
        SplitEntries(KnownProxies).Select(entry => IPAddress.TryParse(entry, out IPAddress? address)
            ? address
            : throw new InvalidOperationException($"Security:KnownProxies entry '{entry}' was not validated.")).ToArray();

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (string entry in SplitEntries(KnownProxies))
        {
            // A network such as 10.0.0.0/24 parses as no address, so it is rejected here too.
            if (!IPAddress.TryParse(entry, out _))
            {
                yield return new ValidationResult(
                    $"Security:KnownProxies contains '{entry}', which is not an IP address; list the proxies' addresses, "
                    + "such as 10.0.0.2;10.0.0.3, separated by semicolons.",
                    [nameof(KnownProxies)]);
            }
        }
    }

    private static string[] SplitEntries(string? list) =>
        (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
