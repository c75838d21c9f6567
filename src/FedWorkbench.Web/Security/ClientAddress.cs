using System.Net;

namespace FedWorkbench.Web.Security;

/// <summary>
/// The address of the client whose request or Blazor event is being handled, as an ambient value. The security
/// middleware sets it for each HTTP request, and <see cref="CircuitAddressHandler"/> sets it for each inbound
/// activity of a Blazor circuit, so that singleton services such as <see cref="Runs.RunLaunchLimits"/> can apply
/// per-address limits without an address parameter on every service method.
/// </summary>
public static class ClientAddress
{
    private static readonly AsyncLocal<IPAddress?> _current = new();

    /// <summary>The current client's address, or null outside a request or circuit (background work, tests).</summary>
    public static IPAddress? Current
    {
        get => _current.Value;
        set => _current.Value = value;
    }

    /// <summary>
    /// Returns the partition key of an address: IPv4-mapped IPv6 addresses count as their IPv4 address, and an
    /// IPv6 address counts by its /64 prefix, because one host usually owns a whole /64.
    /// </summary>
    public static string KeyOf(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            byte[] bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }

        return address.ToString();
    }
}
