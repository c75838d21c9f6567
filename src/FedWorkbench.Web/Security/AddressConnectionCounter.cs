using System.Collections.Concurrent;
using System.Net;
using FedWorkbench.Web.Hubs;
using FedWorkbench.Web.Operations;
using Microsoft.Extensions.Options;

namespace FedWorkbench.Web.Security;

/// <summary>
/// Counts the hub connections and Blazor circuits open per client address and rejects one over
/// <see cref="RateLimitOptions.ConnectionsPerAddress"/>. Register it as a singleton. Thread-safe.
/// </summary>
public sealed class AddressConnectionCounter(
    IOptions<RateLimitOptions> options,
    WorkbenchMetrics metrics,
    TimeProvider time,
    ILogger<AddressConnectionCounter> logger)
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);
    private readonly RepeatCounter _logGate = new(time);

    /// <summary>The limit per address.</summary>
    public int Limit => options.Value.ConnectionsPerAddress;

    /// <summary>
    /// Counts one more connection of <paramref name="address"/>. Returns the partition key to pass to
    /// <see cref="Close"/>, or null when the address already has <see cref="Limit"/> connections open (the rejection
    /// is counted and logged). A null address is not counted and gets the empty key.
    /// </summary>
    public string? TryOpen(IPAddress? address)
    {
        if (address is null)
        {
            return "";
        }

        string key = ClientAddress.KeyOf(address);
        int limit = Limit;
        while (true)
        {
            int current = _open.GetOrAdd(key, 0);
            if (current >= limit)
            {
                metrics.RequestRejected("connection-limit");
                if (_logGate.Count() is int rejected and > 0)
                {
                    SecurityLog.ConnectionLimited(logger, key, current, limit, rejected);
                }

                return null;
            }

            if (_open.TryUpdate(key, current + 1, current))
            {
                return key;
            }
        }
    }

    /// <summary>Counts one connection of the address with partition <paramref name="key"/> as closed.</summary>
    public void Close(string key)
    {
        if (key.Length == 0)
        {
            return;
        }

        while (_open.TryGetValue(key, out int current))
        {
            if (current <= 1)
            {
                // Removes the entry only if no other connection opened in between.
                if (_open.TryRemove(new KeyValuePair<string, int>(key, current)))
                {
                    return;
                }
            }
            else if (_open.TryUpdate(key, current - 1, current))
            {
                return;
            }
        }
    }

    /// <summary>Returns the number of open connections of <paramref name="address"/>.</summary>
    public int CountOpen(IPAddress address) => _open.TryGetValue(ClientAddress.KeyOf(address), out int count) ? count : 0;

    /// <summary>Returns the sentence shown to a rejected connection.</summary>
    public string RejectionMessage() =>
        $"Too many connections from your address: this instance allows at most {Limit:N0} open at once "
        + $"({RateLimitOptions.SectionName}:{nameof(RateLimitOptions.ConnectionsPerAddress)}). Close other FedWorkbench tabs and reload the page.";
}
