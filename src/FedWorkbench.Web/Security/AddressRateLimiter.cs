using System.Net;
using System.Threading.RateLimiting;
using FedWorkbench.Web.Hubs;
using FedWorkbench.Web.Operations;
using Microsoft.Extensions.Options;

namespace FedWorkbench.Web.Security;

/// <summary>A rate limit that applies per client address.</summary>
public enum AddressLimit
{
    /// <summary>Requests to <c>/api/*</c>, <see cref="RateLimitOptions.ApiRequestsPerMinutePerAddress"/>.</summary>
    ApiRequests,

    /// <summary>Rooms created, <see cref="RateLimitOptions.RoomsPerHourPerAddress"/>.</summary>
    RoomCreations,

    /// <summary>Runs launched or resumed, <see cref="RateLimitOptions.RunLaunchesPerHourPerAddress"/>.</summary>
    RunLaunches,

    /// <summary>Board and run hub method calls, <see cref="RateLimitOptions.HubCallsPerSecondPerAddress"/>.</summary>
    HubCalls,

    /// <summary>CSV files uploaded, <see cref="RateLimitOptions.TableUploadsPerHourPerAddress"/>.</summary>
    TableUploads,
}

/// <summary>The outcome of one request against an address limit.</summary>
/// <param name="Allowed">Whether the request may proceed.</param>
/// <param name="RetryAfter">When a rejected request may be tried again, when the limiter provides it.</param>
/// <param name="Message">For a rejected request, the sentence shown to the client; empty otherwise.</param>
public readonly record struct AddressLimitDecision(bool Allowed, TimeSpan? RetryAfter, string Message);

/// <summary>
/// The per-address rate limiters shared by the HTTP rate-limiting middleware, the hub filter and the Blazor
/// actions, so that a room created from the home page and one created with <c>POST /api/rooms</c> count against the
/// same limit. Every rejection is counted in <see cref="WorkbenchMetrics"/> and logged at most once per second per
/// limit with the number of repeats. Register it as a singleton.
/// </summary>
public sealed class AddressRateLimiter : IDisposable
{
    private readonly RateLimitOptions _options;
    private readonly WorkbenchMetrics _metrics;
    private readonly ILogger<AddressRateLimiter> _logger;
    private readonly Dictionary<AddressLimit, PartitionedRateLimiter<string>> _limiters;
    private readonly Dictionary<AddressLimit, RepeatCounter> _logGates;

    /// <summary>Creates the limiters from <paramref name="options"/>.</summary>
    public AddressRateLimiter(IOptions<RateLimitOptions> options, WorkbenchMetrics metrics, TimeProvider time, ILogger<AddressRateLimiter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
        _limiters = new()
        {
            [AddressLimit.ApiRequests] = FixedWindow(_options.ApiRequestsPerMinutePerAddress, TimeSpan.FromMinutes(1)),
            [AddressLimit.RoomCreations] = FixedWindow(_options.RoomsPerHourPerAddress, TimeSpan.FromHours(1)),
            [AddressLimit.RunLaunches] = FixedWindow(_options.RunLaunchesPerHourPerAddress, TimeSpan.FromHours(1)),
            [AddressLimit.HubCalls] = PerSecond(_options.HubCallsPerSecondPerAddress),
            [AddressLimit.TableUploads] = FixedWindow(_options.TableUploadsPerHourPerAddress, TimeSpan.FromHours(1)),
        };
        _logGates = Enum.GetValues<AddressLimit>().ToDictionary(limit => limit, _ => new RepeatCounter(time));
    }

    /// <summary>
    /// Takes one permit of <paramref name="limit"/> for <paramref name="address"/>. A null address (background
    /// work, tests without a connection) is never limited. A rejection is counted and logged.
    /// </summary>
    public AddressLimitDecision TryAcquire(AddressLimit limit, IPAddress? address)
    {
        if (address is null)
        {
            return new AddressLimitDecision(true, null, "");
        }

        string key = ClientAddress.KeyOf(address);
        using RateLimitLease lease = _limiters[limit].AttemptAcquire(key);
        if (lease.IsAcquired)
        {
            return new AddressLimitDecision(true, null, "");
        }

        TimeSpan? retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan wait) ? wait : null;
        RecordRejection(limit, key);
        return new AddressLimitDecision(false, retryAfter, RejectionMessage(limit, retryAfter));
    }

    /// <summary>Counts a rejection in the metrics and logs it, at most one line per second per limit.</summary>
    internal void RecordRejection(AddressLimit limit, string addressKey)
    {
        _metrics.RequestRejected("rate-limit");
        if (_logGates[limit].Count() is int rejected and > 0)
        {
            SecurityLog.RateLimited(_logger, addressKey, OptionName(limit), Allowance(limit), rejected);
        }
    }

    /// <summary>Returns the sentence shown for a rejection, naming the limit and when to try again.</summary>
    public string RejectionMessage(AddressLimit limit, TimeSpan? retryAfter)
    {
        string wait = retryAfter is { } span ? $" Try again in {Describe(span)}." : " Wait a moment and try again.";
        return $"Too many requests from your address: this instance allows {Allowance(limit)} ({OptionName(limit)}).{wait}";
    }

    /// <summary>Returns the allowance in words, for example "at most 20 rooms per hour".</summary>
    public string Allowance(AddressLimit limit) => limit switch
    {
        AddressLimit.ApiRequests => $"at most {_options.ApiRequestsPerMinutePerAddress:N0} API requests per minute",
        AddressLimit.RoomCreations => $"at most {_options.RoomsPerHourPerAddress:N0} new rooms per hour",
        AddressLimit.RunLaunches => $"at most {_options.RunLaunchesPerHourPerAddress:N0} run launches per hour",
        AddressLimit.HubCalls => $"at most {_options.HubCallsPerSecondPerAddress:N0} calls per second",
        AddressLimit.TableUploads => $"at most {_options.TableUploadsPerHourPerAddress:N0} CSV uploads per hour",
        _ => throw new ArgumentOutOfRangeException(nameof(limit), limit, "Unknown address limit."),
    };

    /// <summary>Returns the configuration key of the limit, for example <c>RateLimits:RoomsPerHourPerAddress</c>.</summary>
    public static string OptionName(AddressLimit limit) => RateLimitOptions.SectionName + ":" + limit switch
    {
        AddressLimit.ApiRequests => nameof(RateLimitOptions.ApiRequestsPerMinutePerAddress),
        AddressLimit.RoomCreations => nameof(RateLimitOptions.RoomsPerHourPerAddress),
        AddressLimit.RunLaunches => nameof(RateLimitOptions.RunLaunchesPerHourPerAddress),
        AddressLimit.HubCalls => nameof(RateLimitOptions.HubCallsPerSecondPerAddress),
        AddressLimit.TableUploads => nameof(RateLimitOptions.TableUploadsPerHourPerAddress),
        _ => throw new ArgumentOutOfRangeException(nameof(limit), limit, "Unknown address limit."),
    };

    /// <summary>Returns a wait such as "1 second", "12 seconds" or "14 minutes", rounded up.</summary>
    public static string Describe(TimeSpan wait)
    {
        int seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        if (seconds < 120)
        {
            return seconds == 1 ? "1 second" : $"{seconds} seconds";
        }

        int minutes = (seconds + 59) / 60;
        return $"{minutes} minutes";
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (PartitionedRateLimiter<string> limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }

    private static PartitionedRateLimiter<string> FixedWindow(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    // A token bucket holding one second's worth of calls, refilled every 100 ms, so a burst of a full second passes.
    private static PartitionedRateLimiter<string> PerSecond(int permitsPerSecond) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = permitsPerSecond,
            TokensPerPeriod = Math.Max(1, permitsPerSecond / 10),
            ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
}
