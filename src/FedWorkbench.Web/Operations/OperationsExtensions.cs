using FedWorkbench.Simulation.Models;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace FedWorkbench.Web.Operations;

/// <summary>Registers and maps what operators use: health endpoints and OpenTelemetry metrics.</summary>
public static class OperationsExtensions
{
    /// <summary>Path of the liveness endpoint: 200 while the process serves requests, with no dependency checked.</summary>
    public const string LivenessPath = "/health/live";

    /// <summary>Path of the readiness endpoint: 200 when the database, migrations, data set and run worker are usable, else 503.</summary>
    public const string ReadinessPath = "/health/ready";

    private const string ReadyTag = "ready";

    // A check that has not finished within this time counts as Unhealthy. It is longer than the default SQLite
    // busy timeout (5 s), so a database that is only locked for a moment is not reported as down.
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(8);

    /// <summary>
    /// How long a graceful stop waits for open requests before the host stops anyway. Blazor circuits and board
    /// hub connections are WebSockets that stay open until the browser leaves, so Kestrel would otherwise wait out
    /// the default 30 s, longer than <c>docker stop</c> waits (10 s) before it kills the process. The run worker
    /// marks running runs Interrupted at ApplicationStopping, before this wait starts.
    /// </summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Adds the options (section <c>Operations</c>, validated at start-up), the host's shutdown timeout of
    /// <see cref="ShutdownTimeout"/>, the readiness checks, the circuit counter and, unless <see cref="OperationsOptions.MetricsEnabled"/> is false, the OpenTelemetry meter
    /// provider with the Prometheus exporter.
    /// </summary>
    public static IServiceCollection AddOperations(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<OperationsOptions>()
            .Bind(configuration.GetSection(OperationsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<DatasetHealthCheck>("fashion-mnist", tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<RunWorkerHealthCheck>("run-worker", tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<WarmUpHealthCheck>("warm-up", tags: [ReadyTag], timeout: CheckTimeout);

        services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);

        services.AddSingleton<CircuitCounter>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, CountingCircuitHandler>());
        services.AddSingleton<WorkbenchGauges>();

        // Read here, not through IOptions, because the meter provider is set up before the container is built.
        // An invalid section still fails at start-up through ValidateOnStart above.
        var options = configuration.GetSection(OperationsOptions.SectionName).Get<OperationsOptions>() ?? new OperationsOptions();
        if (options.MetricsEnabled)
        {
            services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddMeter(WorkbenchMetrics.MeterName)

                // ASP.NET Core's and .NET's own meters: HTTP requests and their duration, Kestrel connections,
                // SignalR connections (the board hub and Blazor circuits), circuits and the runtime (GC, CPU, memory).
                .AddMeter(
                    "Microsoft.AspNetCore.Hosting",
                    "Microsoft.AspNetCore.Server.Kestrel",
                    "Microsoft.AspNetCore.Http.Connections",
                    "Microsoft.AspNetCore.Components.Server.Circuits",
                    "System.Runtime")
                .AddPrometheusExporter());
        }

        return services;
    }

    /// <summary>
    /// Maps <see cref="LivenessPath"/>, <see cref="ReadinessPath"/> and, when metrics are enabled, the Prometheus
    /// scraping endpoint at <see cref="OperationsOptions.MetricsPath"/>, restricted to the addresses in
    /// <see cref="OperationsOptions.MetricsAllowedFrom"/> and loopback. Rate limiting does not apply to them, so that
    /// probes and scrapes never get 429.
    /// </summary>
    public static WebApplication MapOperations(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.MapHealthChecks(LivenessPath, new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).DisableRateLimiting();
        app.MapHealthChecks(ReadinessPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(ReadyTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).DisableRateLimiting();

        OperationsOptions options = app.Services.GetRequiredService<IOptions<OperationsOptions>>().Value;
        ILogger logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OperationsExtensions));
        OperationsLog.KernelPathSelected(logger, KernelSelection.Description, KernelSelection.EnvironmentVariable);
        if (!options.MetricsEnabled)
        {
            OperationsLog.MetricsDisabled(logger);
            return app;
        }

        // Resolving the gauges registers their callbacks on the meter, before the first scrape.
        app.Services.GetRequiredService<WorkbenchGauges>();

        var filter = new MetricsAccessFilter(options.ParseMetricsAllowedFrom());
        app.MapPrometheusScrapingEndpoint(options.MetricsPath, meterProvider: null, configureBranchedPipeline: filter.Apply, optionsName: null)
            .DisableRateLimiting();
        OperationsLog.MetricsEndpointMapped(
            logger,
            options.MetricsPath,
            string.IsNullOrWhiteSpace(options.MetricsAllowedFrom) ? "no other address" : options.MetricsAllowedFrom);
        return app;
    }
}
