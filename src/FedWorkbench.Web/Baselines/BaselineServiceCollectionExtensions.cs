namespace FedWorkbench.Web.Baselines;

/// <summary>Registers the centralized baselines of runs.</summary>
public static class BaselineServiceCollectionExtensions
{
    /// <summary>
    /// Adds the options (section <c>Baselines</c>, validated at start-up), <see cref="BaselineStore"/> and
    /// <see cref="BaselineService"/> as singletons, and <see cref="BaselineWorker"/> as a hosted service. Call it
    /// after the database initializer is added, so that the worker starts on a migrated database.
    /// </summary>
    public static IServiceCollection AddBaselines(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<BaselineOptions>()
            .Bind(configuration.GetSection(BaselineOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<BaselineStore>();
        services.AddSingleton<BaselineService>();
        services.AddHostedService<BaselineWorker>();
        return services;
    }
}
