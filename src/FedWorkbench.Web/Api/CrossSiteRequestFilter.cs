namespace FedWorkbench.Web.Api;

/// <summary>
/// Rejects state-changing API requests that a browser sends on behalf of another site. Without it, any web page
/// a user opens could launch or cancel runs on a FedWorkbench served on their machine: a cross-origin POST with a
/// <c>text/plain</c> body needs no CORS preflight.
/// </summary>
/// <remarks>
/// Browsers mark every such request with <c>Sec-Fetch-Site</c> and, for a POST, with <c>Origin</c>. Scripts and
/// tools such as curl send neither, so they are not affected. Requests from the app's own origin pass.
/// </remarks>
internal static class CrossSiteRequestFilter
{
    /// <summary>Returns a 403 problem for a cross-site browser request; otherwise runs the endpoint.</summary>
    public static async ValueTask<object?> RejectCrossSiteAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        HttpRequest request = context.HttpContext.Request;
        if (IsCrossSite(request))
        {
            ILogger logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CrossSiteRequestFilter));
            // The raw header is attacker-controlled, so only its parsed host reaches the log.
            string originHost = Uri.TryCreate(request.Headers.Origin.ToString(), UriKind.Absolute, out Uri? origin) ? origin.Authority : "no valid Origin";
            ApiLog.CrossSiteRequestRejected(logger, request.Method, request.Path, originHost);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Requests from other sites are not accepted.",
                detail: "This endpoint changes data, so a browser may call it only from FedWorkbench's own pages. "
                    + "Call it from a script or a tool such as curl instead.");
        }

        return await next(context);
    }

    /// <summary>
    /// Wraps a hub endpoint (negotiate and the WebSocket upgrade) so that a cross-site browser request gets a 403
    /// before SignalR handles it. Board hub methods change boards, and run hub connections count against the
    /// visitor's connection limit. A WebSocket upgrade is not bound by CORS.
    /// </summary>
    public static void RejectCrossSiteHubRequests(EndpointBuilder endpoint)
    {
        RequestDelegate? inner = endpoint.RequestDelegate;
        if (inner is null)
        {
            return;
        }

        endpoint.RequestDelegate = async httpContext =>
        {
            HttpRequest request = httpContext.Request;
            if (!IsCrossSite(request))
            {
                await inner(httpContext);
                return;
            }

            ILogger logger = httpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CrossSiteRequestFilter));
            string originHost = Uri.TryCreate(request.Headers.Origin.ToString(), UriKind.Absolute, out Uri? origin) ? origin.Authority : "no valid Origin";
            ApiLog.CrossSiteRequestRejected(logger, request.Method, request.Path, originHost);
            await TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Requests from other sites are not accepted.",
                detail: "The board connection changes boards, so a browser may open it only from FedWorkbench's own pages.")
                .ExecuteAsync(httpContext);
        };
    }

    private static bool IsCrossSite(HttpRequest request)
    {
        // "same-origin" is the app's own page; "none" is a request the user typed or bookmarked.
        string fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0 && fetchSite is not ("same-origin" or "none"))
        {
            return true;
        }

        string origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return false;
        }

        return !Uri.TryCreate(origin, UriKind.Absolute, out Uri? originUri)
            || !string.Equals(originUri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(originUri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
