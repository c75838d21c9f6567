namespace FedWorkbench.Web.Facilitation;

/// <summary>Registers facilitation.</summary>
public static class FacilitationServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="BoardLockRegistry"/>, <see cref="FacilitationService"/> as <see cref="IFacilitationService"/> and
    /// <see cref="SessionSummaryBuilder"/>, all singletons.
    /// </summary>
    public static IServiceCollection AddFacilitation(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<BoardLockRegistry>();
        services.AddSingleton<FacilitationService>();
        services.AddSingleton<IFacilitationService>(provider => provider.GetRequiredService<FacilitationService>());
        services.AddSingleton<SessionSummaryBuilder>();
        return services;
    }
}
