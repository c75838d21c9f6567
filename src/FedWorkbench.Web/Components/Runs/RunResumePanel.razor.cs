using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace FedWorkbench.Web.Components.Runs;

/// <summary>
/// The note of an interrupted run with its Resume button. Resuming only queues the run: the page that shows this
/// follows the run's events, so it moves on to Queued and Running by itself.
/// </summary>
public partial class RunResumePanel
{
    private bool _resuming;

    /// <summary>The interrupted run.</summary>
    [Parameter, EditorRequired]
    public RunSummary Summary { get; set; } = default!;

    [Inject]
    private IRunService Runs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private string? Note => RunResumeNote.Describe(Summary);

    private async Task ResumeAsync()
    {
        _resuming = true;
        try
        {
            await Runs.ResumeAsync(Summary.Id);
            Snackbar.Add("Run resumed; it continues when a worker is free.", Severity.Success);
        }
        catch (RunResumeException ex)
        {
            // Written for the user; RunService has logged it.
            Snackbar.Add(ex.Message, Severity.Warning);
        }
        finally
        {
            _resuming = false;
        }
    }
}
