using FedWorkbench.Web.Runs;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace FedWorkbench.Web.Security;

/// <summary>Registers and applies what protects a public instance: rate limits, security headers and retention.</summary>
public static class PublicInstanceExtensions
{
    /// <summary>
    /// Adds the options (sections <c>RateLimits</c>, <c>Security</c>, <c>Retention</c>, validated at start-up), the
    /// per-address limiters, the run launch limits, the hub filter, the circuit handler, the HTTP rate limiter and
    /// the retention service.
    /// </summary>
    public static IServiceCollection AddPublicInstanceProtection(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<RateLimitOptions>()
            .Bind(configuration.GetSection(RateLimitOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<SecurityOptions>()
            .Bind(configuration.GetSection(SecurityOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<RetentionOptions>()
            .Bind(configuration.GetSection(RetentionOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddHttpContextAccessor();
        services.AddSingleton<AddressRateLimiter>();
        services.AddSingleton<AddressConnectionCounter>();
        services.AddSingleton<RunLaunchLimits>();
        services.AddSingleton<HubRateLimitFilter>();
        services.Configure<HubOptions>(options => options.AddFilter<HubRateLimitFilter>());
        services.AddScoped<CircuitHandler, CircuitAddressHandler>();

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = HttpAddressLimiter.WriteRejectionAsync;
        });
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>()
            .Configure<AddressRateLimiter>((options, limiter) => options.GlobalLimiter = new HttpAddressLimiter(limiter));

        services.AddOptions<ForwardedHeadersOptions>()
            .Configure<IOptions<SecurityOptions>>((forwarded, security) =>
            {
                forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
                forwarded.KnownProxies.Clear();
                forwarded.KnownIPNetworks.Clear();
                foreach (System.Net.IPAddress proxy in security.Value.ParseKnownProxies())
                {
                    forwarded.KnownProxies.Add(proxy);
                }
            });

        services.AddSingleton<RetentionService>();
        services.AddHostedService(provider => provider.GetRequiredService<RetentionService>());
        return services;
    }

    /// <summary>
    /// Adds, in order: forwarded headers when <see cref="SecurityOptions.KnownProxies"/> is set, the middleware that
    /// records the client address for per-address limits, the security headers, and the HTTP rate limiter.
    /// </summary>
    public static WebApplication UsePublicInstanceProtection(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        SecurityOptions security = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        IReadOnlyList<System.Net.IPAddress> proxies = security.ParseKnownProxies();
        if (proxies.Count > 0)
        {
            SecurityLog.ForwardedHeadersEnabled(app.Logger, proxies.Count, string.Join(", ", proxies));
            app.UseForwardedHeaders();
        }

        app.Use(static async (context, next) =>
        {
            // Hub connections and Blazor circuits run inside their HTTP request, so their calls see this value too.
            ClientAddress.Current = context.Connection.RemoteIpAddress;
            await next(context);
        });
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseRateLimiter();
        return app;
    }
}
