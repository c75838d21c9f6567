using System.ComponentModel.DataAnnotations;
using System.Net;

namespace FedWorkbench.Web.Operations;

/// <summary>The Prometheus metrics endpoint and who may read it. Bound from the <c>Operations</c> configuration section.</summary>
public sealed class OperationsOptions : IValidatableObject
{
    /// <summary>Configuration section the options are bound from.</summary>
    public const string SectionName = "Operations";

    /// <summary>Whether the app collects OpenTelemetry metrics and serves them at <see cref="MetricsPath"/>. Default true.</summary>
    public bool MetricsEnabled { get; set; } = true;

    /// <summary>Path of the Prometheus scraping endpoint. Default <c>/metrics</c>.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Operations:MetricsPath is empty; set it to a path such as /metrics.")]
    [RegularExpression("^/[A-Za-z0-9/._~-]*$",
        ErrorMessage = "Operations:MetricsPath must start with / and contain only letters, digits and / . _ ~ -; for example /metrics.")]
    public string MetricsPath { get; set; } = "/metrics";

    /// <summary>
    /// Addresses and networks, besides loopback, whose requests to <see cref="MetricsPath"/> are served, separated by
    /// semicolons, as in <c>AllowedHosts</c>: for example <c>10.0.0.5;192.168.1.0/24</c>. Default empty: only loopback
    /// (127.0.0.0/8 and ::1). Requests from other addresses, and requests without an address, get 404 as if the
    /// endpoint did not exist. The address is the one after the forwarded-headers middleware, so behind a reverse
    /// proxy it is the client's only when the proxy is trusted.
    /// </summary>
    public string MetricsAllowedFrom { get; set; } = "";

    /// <summary>Returns the networks of <see cref="MetricsAllowedFrom"/>; call it after validation.</summary>
    public IReadOnlyList<IPNetwork> ParseMetricsAllowedFrom() =>
        SplitEntries(MetricsAllowedFrom).Select(entry => TryParseNetwork(entry, out IPNetwork network)
            ? network
            : throw new InvalidOperationException($"Operations:MetricsAllowedFrom entry '{entry}' was not validated.")).ToArray();

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (string entry in SplitEntries(MetricsAllowedFrom))
        {
            if (!TryParseNetwork(entry, out _))
            {
                yield return new ValidationResult(
                    $"Operations:MetricsAllowedFrom contains '{entry}', which is neither an IP address nor a network; "
                    + "use addresses such as 10.0.0.5 and networks such as 10.0.0.0/24, separated by semicolons.",
                    [nameof(MetricsAllowedFrom)]);
            }
        }
    }

    private static string[] SplitEntries(string? list) =>
        (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    // A bare address becomes a network of that one address (/32 or /128).
    private static bool TryParseNetwork(string entry, out IPNetwork network)
    {
        if (!entry.Contains('/', StringComparison.Ordinal) && IPAddress.TryParse(entry, out IPAddress? address))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return IPNetwork.TryParse(entry, out network);
    }
}
