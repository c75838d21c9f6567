namespace FedWorkbench.Web.Ui;

/// <summary>Registers the services the pages use besides MudBlazor and the run back end.</summary>
public static class UiServiceCollectionExtensions
{
    /// <summary>Adds the file download helper and the experiment draft, one of each per circuit.</summary>
    public static IServiceCollection AddWorkbenchUi(this IServiceCollection services)
    {
        services.AddScoped<FileDownloader>();
        services.AddScoped<ExperimentDraft>();
        return services;
    }
}
