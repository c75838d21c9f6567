namespace FedWorkbench.Web.Security;

/// <summary>Registers and applies what protects a public instance: rate limits, security headers and retention.</summary>
public static class PublicInstanceExtensions
{
    /// <summary>Adds the rate limiter, the instance limits and the retention service.</summary>
    public static IServiceCollection AddPublicInstanceProtection(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        // TODO: issue 6, the limits helper registers rate limiting, security headers and retention here.
        return services;
    }

    /// <summary>Adds the forwarded-headers, security-header and rate-limiting middleware.</summary>
    public static WebApplication UsePublicInstanceProtection(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // TODO: issue 6, the limits helper adds the middleware here.
        return app;
    }
}
