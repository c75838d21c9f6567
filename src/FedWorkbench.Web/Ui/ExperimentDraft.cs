using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Web.Ui;

/// <summary>
/// Hands a configuration from one page to the experiment form within a circuit, for "Edit as new experiment".
/// Scoped, so each browser tab has its own; a full page reload starts with an empty draft.
/// </summary>
public sealed class ExperimentDraft
{
    private ExperimentConfig? _config;

    /// <summary>Stores the configuration the experiment form opens with next.</summary>
    public void Set(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
    }

    /// <summary>Returns the stored configuration and clears it, or returns null when none is stored.</summary>
    public ExperimentConfig? Take()
    {
        ExperimentConfig? config = _config;
        _config = null;
        return config;
    }
}
