using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;

namespace FedWorkbench.Web.Components.Runs;

/// <summary>Table of an experiment's settings, leaving out those that do not apply (for example α under IID).</summary>
public partial class RunConfigTable
{
    private ExperimentConfig? _shownConfig;
    private IReadOnlyList<RunConfigRow> _rows = [];
    private bool _configChanged;

    /// <summary>Configuration to show.</summary>
    [Parameter, EditorRequired]
    public ExperimentConfig Config { get; set; } = default!;

    private IReadOnlyList<RunConfigRow> Rows => _rows;

    /// <inheritdoc />
    protected override void OnParametersSet()
    {
        // A run page renders after every flush of rounds, but its configuration never changes while it is open,
        // so the rows are built once and the table renders only for a new configuration.
        if (!ReferenceEquals(Config, _shownConfig))
        {
            _shownConfig = Config;
            _rows = RunConfigRows.For(Config);
            _configChanged = true;
        }
    }

    /// <inheritdoc />
    protected override bool ShouldRender() => _configChanged;

    /// <inheritdoc />
    protected override void OnAfterRender(bool firstRender) => _configChanged = false;
}
