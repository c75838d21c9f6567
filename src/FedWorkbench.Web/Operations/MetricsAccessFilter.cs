using System.Net;

namespace FedWorkbench.Web.Operations;

/// <summary>
/// Decides whether a request may read the metrics: loopback always, other addresses only when
/// <see cref="OperationsOptions.MetricsAllowedFrom"/> contains them. Metrics show what the instance is doing,
/// so a public instance must not hand them to strangers.
/// </summary>
internal sealed class MetricsAccessFilter(IReadOnlyList<IPNetwork> allowedNetworks)
{
    /// <summary>Returns true when <paramref name="remoteAddress"/> may read the metrics; null (no network peer) is rejected.</summary>
    public bool IsAllowed(IPAddress? remoteAddress)
    {
        if (remoteAddress is null)
        {
            return false;
        }

        // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d, which neither IsLoopback nor an IPv4 network matches.
        IPAddress address = remoteAddress.IsIPv4MappedToIPv6 ? remoteAddress.MapToIPv4() : remoteAddress;
        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        foreach (IPNetwork network in allowedNetworks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Adds a middleware to the scraping endpoint's branch that returns 404, as for an unknown path, to requests
    /// from addresses that may not read the metrics.
    /// </summary>
    public void Apply(IApplicationBuilder branch)
    {
        branch.Use(async (context, next) =>
        {
            if (IsAllowed(context.Connection.RemoteIpAddress))
            {
                await next(context);
                return;
            }

            OperationsLog.MetricsRequestRejected(
                context.RequestServices.GetRequiredService<ILogger<MetricsAccessFilter>>(),
                context.Connection.RemoteIpAddress?.ToString() ?? "(none)");
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        });
    }
}
