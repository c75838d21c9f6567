using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Web.Ui;

/// <summary>File names and content type of exported experiment files.</summary>
public static class ExperimentFiles
{
    /// <summary>MIME type of the experiment file.</summary>
    public const string ContentType = "application/json";

    /// <summary>
    /// Returns a file name derived from the experiment name, for example "iid-baseline.experiment.json", or
    /// "experiment.json" when the name has no letters or digits.
    /// </summary>
    public static string FileNameFor(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        string stem = FileNameStem.From(config.Name);
        return stem.Length == 0 ? "experiment.json" : $"{stem}.experiment.json";
    }
}
