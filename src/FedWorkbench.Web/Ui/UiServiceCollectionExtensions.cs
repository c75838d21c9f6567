namespace FedWorkbench.Web.Ui;

/// <summary>Registers the services the pages use besides MudBlazor and the run back end.</summary>
public static class UiServiceCollectionExtensions
{
    /// <summary>
    /// Adds the file download helper, the run charts' module, the experiment draft and the room's browser storage
    /// (facilitator tokens included), one of each per circuit.
    /// </summary>
    public static IServiceCollection AddWorkbenchUi(this IServiceCollection services)
    {
        services.AddScoped<FileDownloader>();
        services.AddScoped<RunChartsModule>();
        services.AddScoped<ExperimentDraft>();
        services.AddScoped<RoomBrowserStorage>();
        services.AddScoped<RoomFacilitatorStorage>();
        return services;
    }
}
