using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace FedWorkbench.Web.Security;

/// <summary>
/// The global limiter of ASP.NET Core's rate-limiting middleware: every request to <c>/api/*</c> takes one permit of
/// <see cref="AddressLimit.ApiRequests"/>, and <c>POST /api/rooms</c> also one of <see cref="AddressLimit.RoomCreations"/>.
/// Other paths (pages, static files, hubs) are not limited here. Run launches are limited in
/// <see cref="Runs.RunLaunchLimits"/>, which checks launches from the API and from Blazor alike.
/// </summary>
internal sealed class HttpAddressLimiter(AddressRateLimiter limiter) : PartitionedRateLimiter<HttpContext>
{
    /// <summary>Path of the room creation endpoint.</summary>
    public const string RoomsPath = "/api/rooms";

    /// <inheritdoc />
    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    /// <inheritdoc />
    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        if (!resource.Request.Path.StartsWithSegments("/api"))
        {
            return Lease.Granted;
        }

        System.Net.IPAddress? address = resource.Connection.RemoteIpAddress;
        AddressLimitDecision decision = limiter.TryAcquire(AddressLimit.ApiRequests, address);
        if (decision.Allowed && HttpMethods.IsPost(resource.Request.Method) && IsRoomsPath(resource.Request.Path))
        {
            decision = limiter.TryAcquire(AddressLimit.RoomCreations, address);
        }

        return decision.Allowed ? Lease.Granted : new Lease(decision);
    }

    /// <summary>
    /// Returns whether a path is the room creation endpoint as routing matches it: any case, with or without trailing
    /// slashes (<c>/api/rooms/</c> creates a room too).
    /// </summary>
    public static bool IsRoomsPath(PathString path) =>
        path.Value is { } value && value.TrimEnd('/').Equals(RoomsPath, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(resource, permitCount));

    /// <summary>
    /// Writes the 429 response of a rejected request: a problem details body naming the limit and when to retry, and a
    /// <c>Retry-After</c> header in whole seconds.
    /// </summary>
    public static async ValueTask WriteRejectionAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        HttpContext http = context.HttpContext;
        string detail = context.Lease.TryGetMetadata(MetadataName.ReasonPhrase, out string? reason) && reason is not null
            ? reason
            : "Too many requests from your address. Wait a moment and try again.";
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter))
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests.",
            detail: detail).ExecuteAsync(http);
    }

    /// <summary>A lease that is granted, or rejected with a reason phrase and a retry delay.</summary>
    private sealed class Lease : RateLimitLease
    {
        public static readonly Lease Granted = new(null);

        private readonly AddressLimitDecision? _rejection;

        public Lease(AddressLimitDecision? rejection) => _rejection = rejection;

        public override bool IsAcquired => _rejection is null;

        public override IEnumerable<string> MetadataNames =>
            _rejection is null ? [] : [MetadataName.ReasonPhrase.Name, MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            if (_rejection is not { } rejection)
            {
                return false;
            }

            if (metadataName == MetadataName.ReasonPhrase.Name)
            {
                metadata = rejection.Message;
                return true;
            }

            if (metadataName == MetadataName.RetryAfter.Name && rejection.RetryAfter is { } wait)
            {
                metadata = wait;
                return true;
            }

            return false;
        }
    }
}
