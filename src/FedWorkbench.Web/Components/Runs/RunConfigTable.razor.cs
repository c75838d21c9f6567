using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;

namespace FedWorkbench.Web.Components.Runs;

/// <summary>Table of an experiment's settings, leaving out those that do not apply (for example α under IID).</summary>
public partial class RunConfigTable
{
    /// <summary>Configuration to show.</summary>
    [Parameter, EditorRequired]
    public ExperimentConfig Config { get; set; } = default!;

    private IReadOnlyList<RunConfigRow> Rows => RunConfigRows.For(Config);
}
