using FedWorkbench.Data.Baselines;
using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Training;
using FedWorkbench.Web.Baselines;
using FedWorkbench.Web.Components.Experiments;
using FedWorkbench.Web.Components.Runs;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Tables;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using MudBlazor;

namespace FedWorkbench.Web.Components.Pages;

/// <summary>The experiment form: edit, validate, import, export and launch an experiment.</summary>
public partial class NewExperiment : IAsyncDisposable
{
    private ExperimentForm _form = ExperimentForm.FromConfig(new ExperimentConfig());
    private ExperimentFormResult _result = new(null, FieldErrors.None);
    private ExperimentFields? _fields;
    private bool _launching;
    private string? _launchError;
    private string? _importError;
    private bool _fashionMnistInstalled = true;
    private string _fashionMnistFolder = string.Empty;
    private bool _focusFirstInvalidAfterRender;
    private IJSObjectReference? _module;

    // Notifications about this form, removed when the page is left so that they do not cover the run page.
    private readonly List<Snackbar> _formNotifications = [];

    [Inject]
    private IRunService Runs { get; set; } = default!;

    [Inject]
    private DatasetCatalog Datasets { get; set; } = default!;

    [Inject]
    private TableUploads Tables { get; set; } = default!;

    [Inject]
    private FileDownloader Downloader { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ExperimentDraft Draft { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private ILogger<NewExperiment> Logger { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private IOptionsMonitor<BaselineOptions> BaselineLimits { get; set; } = default!;

    private FieldErrors Errors => _result.Errors;

    // The engine baseline's epochs follow the experiment, so the help states how many it trains for these settings.
    private string BaselineHelp
    {
        get
        {
            const string Purpose = "Optional: models trained on all the training data in one place, drawn on the run page for comparison.";
            if (_result is not { IsValid: true, Config: { } config })
            {
                return Purpose;
            }

            int maxEpochs = BaselineLimits.CurrentValue.MaxEngineEpochs;
            int epochs = BaselineSettings.ForExperiment(config, maxEpochs).Epochs;
            string cap = epochs == maxEpochs ? $", at most {maxEpochs}" : string.Empty;
            return $"{Purpose} The engine model trains for {epochs} {(epochs == 1 ? "epoch" : "epochs")} over the pooled data: rounds × local epochs{cap}.";
        }
    }

    private string LaunchSummary
    {
        get
        {
            if (_result is not { IsValid: true, Config: { } config })
            {
                // Right after "Your CSV file" is chosen, the missing file is the next step, not a setting to fix.
                if (Errors.Count == 1 && Errors.Has(ExperimentForm.TableField))
                {
                    return "Choose a CSV file, or use the sample file, before launching.";
                }

                return Errors.Count == 1 ? "Fix 1 setting before launching." : $"Fix {Errors.Count} settings before launching.";
            }

            int sampled = ClientSampler.ClientsPerRound(config.Clients, config.ClientFraction);
            return $"{config.Rounds:N0} rounds, about {sampled:N0} of {config.Clients:N0} clients per round.";
        }
    }

    /// <summary>Messages of invalid settings whose fields are hidden by the current choices.</summary>
    private IReadOnlyList<string> HiddenFieldMessages =>
        Errors.Fields.Where(name => !_form.IsFieldShown(name)).Select(name => Errors.For(name)!).ToList();

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        _fashionMnistFolder = Datasets.FashionMnistFolder;
        _fashionMnistInstalled = Datasets.IsFashionMnistInstalled();

        // "Edit as new experiment" on a run page leaves its configuration here.
        if (Draft.Take() is { } draft)
        {
            _form = ExperimentForm.FromConfig(draft);
            await RestoreTableAsync();
        }

        Revalidate();
    }

    /// <inheritdoc />
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            // Launch opens the run page, which then draws its charts without waiting for plotly.js.
            await PlotlyPreloader.PreloadAsync(JS);
        }

        if (!_focusFirstInvalidAfterRender)
        {
            return;
        }

        // After a failed launch the sections with invalid settings are open now, so their inputs can take focus.
        _focusFirstInvalidAfterRender = false;
        _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Pages/NewExperiment.razor.js");
        await _module.InvokeVoidAsync("focusFirstInvalid");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (Snackbar notification in _formNotifications)
        {
            Snackbar.Remove(notification);
        }

        if (_module is null)
        {
            return;
        }

        try
        {
            await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone, and the browser released the module with it.
        }
    }

    private void Revalidate()
    {
        _result = _form.ToConfig();
        _launchError = null;
    }

    // A change to one setting can make another one valid or invalid, as Clients K does for the top-k memory limit,
    // so every shown input checks its value again, not only the one that changed.
    private async Task OnFormChangedAsync()
    {
        Revalidate();
        if (_fields is not null)
        {
            await _fields.ValidateAsync();
        }
    }

    private async Task LaunchAsync()
    {
        if (_launching)
        {
            return;
        }

        _fields?.CommitPendingInput();
        Revalidate();
        ExperimentFormResult result = _result;
        if (!result.IsValid)
        {
            await ValidateFieldsAsync();
            _launchError = ExperimentFormMessages.LaunchError(result.Errors, _form.IsFieldShown);
            _focusFirstInvalidAfterRender = true;
            return;
        }

        // The button stays disabled after a successful launch, because a second click queued on the circuit before
        // the navigation would otherwise pass the guard above and launch the same experiment again.
        _launching = true;
        _launchError = null;
        try
        {
            Guid runId = await Runs.LaunchAsync(result.Config!, origin: null, _form.Baselines);
            UiLog.RunLaunchedFromForm(Logger, runId);
            Navigation.NavigateTo($"runs/{runId}");
        }
        catch (ExperimentException ex)
        {
            // An invalid configuration or a full queue: the message is written for the user, who may try again.
            UiLog.LaunchRejected(Logger, ex.Message);
            _launchError = ex.Message;
            _launching = false;
        }
    }

    private async Task ExportAsync()
    {
        Revalidate();
        ExperimentFormResult result = _result;
        if (result.Config is null)
        {
            await ValidateFieldsAsync();
            Snackbar.Add("Export failed: some fields contain text that is not a number. Fix the fields marked invalid, then export again.",
                Severity.Error);
            return;
        }

        await Downloader.DownloadTextAsync(ExperimentFiles.FileNameFor(result.Config), ExperimentJson.Serialize(result.Config), ExperimentFiles.ContentType);
        if (!result.IsValid)
        {
            Snackbar.Add("Exported, but the file has invalid settings: fix them before launching it.", Severity.Warning);
        }
    }

    private async Task OnImportedAsync(ExperimentConfig config)
    {
        _form = ExperimentForm.FromConfig(config);
        await RestoreTableAsync();
        _importError = null;
        Revalidate();
        _fields?.Expand(ExperimentFormSections.ChangedFromDefaults(config));
        await ValidateFieldsAsync();
        string what = config.Name is { Length: > 0 } name ? $"\"{name}\"" : "the experiment";
        Notify(Errors.Count == 0 ? $"Imported {what}." : $"Imported {what}; fix the settings marked invalid.",
            Errors.Count == 0 ? Severity.Success : Severity.Warning);
    }

    private async Task ApplyPresetAsync(ExperimentPreset preset)
    {
        _form = ExperimentForm.FromConfig(preset.Config);
        _importError = null;
        Revalidate();
        _fields?.Expand(ExperimentFormSections.ChangedFromDefaults(preset.Config));
        await ValidateFieldsAsync();
        string filled = $"Filled the form with the preset \"{preset.Title}\"";
        Notify(Errors.Count == 0 ? $"{filled}." : $"{filled}; fix the settings marked invalid.",
            Errors.Count == 0 ? Severity.Success : Severity.Warning);
    }

    /// <summary>
    /// Opens the sections that hold invalid settings and shows the messages of all visible inputs, after the
    /// inputs have rendered the current form.
    /// </summary>
    private async Task ValidateFieldsAsync()
    {
        if (_fields is null)
        {
            return;
        }

        _fields.ExpandSectionsWithErrors(Errors);

        // The inputs validate their rendered values, so let a new form (after an import) render first.
        StateHasChanged();
        await Task.Yield();
        await _fields.ValidateAsync();
    }

    private void Notify(string message, Severity severity)
    {
        if (Snackbar.Add(message, severity) is { } notification)
        {
            _formNotifications.Add(notification);
        }
    }

    /// <summary>
    /// Reads the profile of the stored file that an imported or edited experiment names, so that its columns can be
    /// chosen again. A file that is not stored keeps the column names of the experiment, and the form shows a note.
    /// </summary>
    private async Task RestoreTableAsync()
    {
        if (!_form.UsesTable || _form.TableId is not { } id)
        {
            return;
        }

        try
        {
            if (await Tables.FindAsync(id) is { } file)
            {
                _form.UseTable(file);
                _form.ApplyTableRules();
            }
        }
        catch (TableUploadException ex)
        {
            // TableUploads has logged it; the file's own columns stay unknown, as for a file that is not stored.
            _importError = ex.Message;
        }
    }

    private void OnBaselinesChanged(IEnumerable<BaselineKind> kinds) => _form.Baselines = [.. kinds];

    private static string BaselineText(BaselineKind kind) => kind switch
    {
        BaselineKind.Engine => "Engine model on pooled data",
        BaselineKind.MaximumEntropy => "Maximum entropy (ML.NET logistic regression)",
        BaselineKind.LightGbm => "LightGBM (ML.NET)",
        _ => kind.ToString(),
    };

    private void OnImportFailed(string message) => _importError = message;

    private void ClearImportError() => _importError = null;

    private void UseSyntheticDataset()
    {
        _form.Dataset = DatasetKind.Synthetic;
        Revalidate();
    }

    private async Task ResetToDefaultsAsync()
    {
        _form = ExperimentForm.FromConfig(new ExperimentConfig());
        _importError = null;
        Revalidate();
        await ValidateFieldsAsync();
    }
}
