using System.ComponentModel.DataAnnotations;
using System.Net;

namespace FedWorkbench.Web.Security;

/// <summary>Settings of the security headers and of the client address. Bound from the <c>Security</c> configuration section.</summary>
public sealed class SecurityOptions : IValidatableObject
{
    /// <summary>Configuration section the options are bound from.</summary>
    public const string SectionName = "Security";

    /// <summary>
    /// IP addresses of reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> headers are trusted.
    /// Empty by default: then the client address is the TCP peer, and the headers are ignored, because any client
    /// could send them. Behind a proxy that is not listed, every visitor shares the proxy's address and its limits.
    /// </summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>
    /// Sends the content security policy as <c>Content-Security-Policy-Report-Only</c>, so the browser reports
    /// violations in its console without blocking anything. Default false.
    /// </summary>
    public bool ContentSecurityPolicyReportOnly { get; set; }

    /// <summary>The parsed <see cref="KnownProxies"/>; valid after validation.</summary>
    public IReadOnlyList<IPAddress> ParseKnownProxies() =>
        KnownProxies.Select(text => IPAddress.Parse(text.Trim())).ToArray();

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (int i = 0; i < KnownProxies.Count; i++)
        {
            string text = KnownProxies[i] ?? "";
            if (!IPAddress.TryParse(text.Trim(), out _))
            {
                yield return new ValidationResult(
                    $"Security:KnownProxies:{i} is '{text}', which is not an IP address; list the proxy's address, such as 10.0.0.2.",
                    [nameof(KnownProxies)]);
            }
        }
    }
}
