namespace FedWorkbench.Web.Security;

/// <summary>Log messages of rate limits, instance limits and connection limits; event ids 700–799.</summary>
internal static partial class SecurityLog
{
    // Warning, at most one line per limit and address per interval: RateLimitLogGate counts the repeats in between.
    [LoggerMessage(EventId = 700, EventName = "RateLimited", Level = LogLevel.Warning,
        Message = "Rejected {RejectedCount} request(s) from {Address} over the rate limit {Limit} ({Allowed})")]
    public static partial void RateLimited(ILogger logger, string address, string limit, string allowed, int rejectedCount);

    [LoggerMessage(EventId = 701, EventName = "ConnectionLimited", Level = LogLevel.Warning,
        Message = "Rejected {RejectedCount} connection(s) from {Address}: it already has {Open} open, the limit is {Limit}")]
    public static partial void ConnectionLimited(ILogger logger, string address, int open, int limit, int rejectedCount);

    [LoggerMessage(EventId = 702, EventName = "RunLaunchLimited", Level = LogLevel.Information,
        Message = "Rejected a run launch over the instance limit {Option}: {Reason}")]
    public static partial void RunLaunchLimited(ILogger logger, string option, string reason);

    [LoggerMessage(EventId = 703, EventName = "ForwardedHeadersEnabled", Level = LogLevel.Information,
        Message = "Trusting X-Forwarded-For and X-Forwarded-Proto from {ProxyCount} known proxies: {Proxies}")]
    public static partial void ForwardedHeadersEnabled(ILogger logger, int proxyCount, string proxies);
}
