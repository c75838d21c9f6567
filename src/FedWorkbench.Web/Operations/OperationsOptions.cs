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
    /// Addresses and networks, besides loopback, whose requests to <see cref="MetricsPath"/> are served, for example
    /// <c>10.0.0.5</c> or <c>10.0.0.0/24</c>. Default empty: only loopback (127.0.0.0/8 and ::1). Requests from
    /// other addresses, and requests without an address, get 404 as if the endpoint did not exist. The address is
    /// the one after the forwarded-headers middleware, so behind a reverse proxy it is the client's only when the
    /// proxy is trusted.
    /// </summary>
    public string[] MetricsAllowedFrom { get; set; } = [];

    /// <summary>Returns the parsed <see cref="MetricsAllowedFrom"/> entries; call after validation.</summary>
    public IReadOnlyList<IPNetwork> ParseMetricsAllowedFrom() =>
        MetricsAllowedFrom.Select(entry => TryParseNetwork(entry, out IPNetwork network)
            ? network
            : throw new InvalidOperationException($"Operations:MetricsAllowedFrom entry '{entry}' was not validated.")).ToArray();

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (int i = 0; i < MetricsAllowedFrom.Length; i++)
        {
            if (!TryParseNetwork(MetricsAllowedFrom[i], out _))
            {
                yield return new ValidationResult(
                    $"Operations:MetricsAllowedFrom:{i} is '{MetricsAllowedFrom[i]}', which is neither an IP address nor a network; "
                    + "set it to an address such as 10.0.0.5 or a network such as 10.0.0.0/24, whose address ends in zero bits.",
                    [nameof(MetricsAllowedFrom)]);
            }
        }
    }

    // A bare address becomes a network of that one address (/32 or /128).
    private static bool TryParseNetwork(string? entry, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(entry))
        {
            return false;
        }

        string trimmed = entry.Trim();
        if (IPAddress.TryParse(trimmed, out IPAddress? address) && !trimmed.Contains('/', StringComparison.Ordinal))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return IPNetwork.TryParse(trimmed, out network);
    }
}
