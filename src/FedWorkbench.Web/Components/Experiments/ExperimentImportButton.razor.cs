using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace FedWorkbench.Web.Components.Experiments;

/// <summary>Reads an experiment file chosen by the user and raises an event with the parsed configuration or an error message.</summary>
public partial class ExperimentImportButton
{
    private readonly string _inputId = $"experiment-file-{Guid.NewGuid():N}";

    /// <summary>Raised with the configuration read from a well-formed experiment file; the receiver validates its ranges.</summary>
    [Parameter]
    public EventCallback<ExperimentConfig> Imported { get; set; }

    /// <summary>Raised with a message for the user when the file is too large, unreadable or not an experiment file.</summary>
    [Parameter]
    public EventCallback<string> Failed { get; set; }

    /// <summary>Whether the button is disabled.</summary>
    [Parameter]
    public bool Disabled { get; set; }

    private async Task OnFileSelectedAsync(InputFileChangeEventArgs e)
    {
        IBrowserFile file = e.File;
        if (file.Size > ExperimentJson.MaxFileBytes)
        {
            await Failed.InvokeAsync(
                $"{file.Name} is {file.Size:N0} bytes; experiment files are at most {ExperimentJson.MaxFileBytes:N0} bytes. Choose a file exported from this app.");
            return;
        }

        string json;
        try
        {
            await using Stream stream = file.OpenReadStream(ExperimentJson.MaxFileBytes);
            using var reader = new StreamReader(stream);
            json = await reader.ReadToEndAsync();
        }
        catch (IOException ex)
        {
            await Failed.InvokeAsync($"{file.Name} could not be read: {ex.Message}");
            return;
        }

        ExperimentConfig config;
        try
        {
            config = ExperimentJson.Deserialize(json);
        }
        catch (ExperimentException ex)
        {
            await Failed.InvokeAsync($"{file.Name}: {ex.Message}");
            return;
        }

        await Imported.InvokeAsync(config);
    }
}
