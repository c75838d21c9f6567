namespace FedWorkbench.Web.Operations;

/// <summary>Registers and maps what operators use: health endpoints and OpenTelemetry metrics.</summary>
public static class OperationsExtensions
{
    /// <summary>Adds the health checks and the OpenTelemetry meter provider.</summary>
    public static IServiceCollection AddOperations(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        // TODO: issue 6, the operations helper registers health checks and OpenTelemetry here.
        return services;
    }

    /// <summary>Maps the health endpoints and the Prometheus scraping endpoint.</summary>
    public static WebApplication MapOperations(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // TODO: issue 6, the operations helper maps /health/live, /health/ready and /metrics here.
        return app;
    }
}
