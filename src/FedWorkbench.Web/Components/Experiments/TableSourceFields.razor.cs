using System.Globalization;
using FedWorkbench.Data;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Tables;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace FedWorkbench.Web.Components.Experiments;

/// <summary>
/// Inputs of an experiment on an uploaded CSV file: the file picker and the sample file, the preview, and the label,
/// owner, feature, type and test-fraction choices, which it writes into <see cref="Form"/>.
/// </summary>
public partial class TableSourceFields
{
    // The owner select's value for "none"; MudSelect does not take null as an item value.
    private const string NoOwner = "";

    private static readonly string MaxFileText = $"{CsvLimits.MaxFileBytes / (1024 * 1024)} MiB";
    private static readonly string MaxRowsText = CsvLimits.MaxRows.ToString("N0", CultureInfo.InvariantCulture);
    private static readonly string MaxColumnsText = CsvLimits.MaxColumns.ToString("N0", CultureInfo.InvariantCulture);
    private static readonly string TestFractionHelp =
        $"Share of each owner's rows held out to measure accuracy, above 0 and at most {TableSource.MaxTestFraction.ToString(CultureInfo.InvariantCulture)}.";

    // inputmode that asks mobile browsers for a decimal keyboard.
    private const MudBlazor.InputMode DecimalKeyboard = MudBlazor.InputMode.@decimal;

    private readonly string _inputId = $"table-file-{Guid.NewGuid():N}";
    private bool _loading;
    private string _loadingName = string.Empty;
    private string? _uploadError;

    /// <summary>Values being edited; the component writes the file and column choices into it.</summary>
    [Parameter, EditorRequired]
    public ExperimentForm Form { get; set; } = default!;

    /// <summary>Current messages of the form.</summary>
    [Parameter]
    public FieldErrors Errors { get; set; } = FieldErrors.None;

    /// <summary>Raised after any value in <see cref="Form"/> changed.</summary>
    [Parameter]
    public EventCallback Changed { get; set; }

    [Inject]
    private TableUploads Uploads { get; set; } = default!;

    [Inject]
    private ILogger<TableSourceFields> Logger { get; set; } = default!;

    private string OwnerHelp => Form.OwnerCount is int owners
        ? $"Each of the {owners:N0} owners becomes one client under the natural partition."
        : "Optional: the column naming the site, bank or device that holds each row.";

    // The label and the owner are not features, so the feature select leaves them out.
    private IEnumerable<string> FeatureChoices =>
        Form.TableColumnNames.Where(c => !string.Equals(c, Form.LabelColumn, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(c, Form.OwnerColumn, StringComparison.OrdinalIgnoreCase));

    private Func<string?, string?> LabelValidator => value =>
    {
        ExperimentForm candidate = Form.Clone();
        candidate.LabelColumn = value;
        return candidate.ToConfig().Errors.For(ExperimentForm.LabelColumnField);
    };

    private Func<string?, string?> TestFractionValidator => value =>
    {
        ExperimentForm candidate = Form.Clone();
        candidate.TableTestFractionText = value;
        return candidate.ToConfig().Errors.For(ExperimentForm.TestFractionField);
    };

    private async Task OnFileChosenAsync(InputFileChangeEventArgs e)
    {
        IBrowserFile file = e.File;

        await LoadAsync(file.Name, async () =>
        {
            // A file over the limit is not opened: TableUploads rejects it by its announced size with the message.
            await using Stream stream = file.Size > CsvLimits.MaxFileBytes ? Stream.Null : file.OpenReadStream(CsvLimits.MaxFileBytes);
            return await Uploads.StoreAsync(stream, file.Name, file.Size);
        });
    }

    private Task UseSampleAsync() =>
        LoadAsync(Path.GetFileName(TableUploads.SamplePath), () => Uploads.StoreSampleAsync());

    private async Task LoadAsync(string name, Func<Task<TableUpload>> store)
    {
        _loading = true;
        _loadingName = name;
        _uploadError = null;
        StateHasChanged();
        try
        {
            TableUpload upload = await store();
            Form.UseTable(upload);
        }
        catch (TableUploadException ex)
        {
            // TableUploads has logged the rejection; the message is written for the user.
            _uploadError = ex.Message;
        }
        catch (IOException ex)
        {
            // The browser stopped sending the file, for example because it changed on disk while it was read.
            Logger.LogInformation(ex, "Reading the uploaded file {FileName} from the browser failed", name);
            _uploadError = $"The file {name} could not be read from your browser ({ex.Message}). Choose it again.";
        }
        finally
        {
            _loading = false;
        }

        await NotifyChangedAsync();
    }

    private async Task OnLabelChangedAsync(string? column)
    {
        Form.LabelColumn = column;
        if (column is not null && string.Equals(column, Form.OwnerColumn, StringComparison.OrdinalIgnoreCase))
        {
            Form.ChooseOwner(null);
        }

        // The label is no feature, so a narrowed feature list drops it.
        if (Form.FeatureColumns is { } features)
        {
            Form.ChooseFeatures(features.Where(f => !string.Equals(f, column, StringComparison.OrdinalIgnoreCase)));
        }

        await NotifyChangedAsync();
    }

    private async Task OnOwnerChangedAsync(string? column)
    {
        Form.ChooseOwner(column);
        await NotifyChangedAsync();
    }

    private async Task OnFeaturesChangedAsync(IEnumerable<string?>? columns)
    {
        Form.ChooseFeatures((columns ?? []).OfType<string>());
        await NotifyChangedAsync();
    }

    private async Task OnColumnTypeChangedAsync(string column, ChangeEventArgs e)
    {
        if (e.Value is string type && ExperimentForm.ColumnTypeNames.Contains(type))
        {
            Form.ChooseColumnType(column, type);
            await NotifyChangedAsync();
        }
    }

    private Task NotifyChangedAsync()
    {
        Form.ApplyTableRules();
        return Changed.InvokeAsync();
    }

    private string FileSummary(string fileName) => Form.TableFile is { } file
        ? string.Create(CultureInfo.InvariantCulture, $"{fileName}: {file.RowCount:N0} rows, {file.ColumnCount:N0} columns")
        : fileName;

    private static string OwnerText(string? column) => string.IsNullOrEmpty(column) ? "none" : column;

    private string FeaturesText(IReadOnlyList<string> selected) =>
        selected.Count == FeatureChoices.Count() ? $"All {selected.Count} other columns" : $"{selected.Count} columns";

    private string ColumnRole(string column)
    {
        if (string.Equals(column, Form.LabelColumn, StringComparison.OrdinalIgnoreCase))
        {
            return " (label)";
        }

        return string.Equals(column, Form.OwnerColumn, StringComparison.OrdinalIgnoreCase) ? " (owner)" : string.Empty;
    }

    private static string InferredText(CsvColumnProfile column)
    {
        if (column.IsEmpty)
        {
            return "empty";
        }

        string type = column.InferredType == CsvColumnType.Numeric ? "numeric" : "categorical";
        return column.HasNumericErrors
            ? string.Create(CultureInfo.InvariantCulture, $"{type}, {column.NonNumericCount:N0} values are not numbers (first '{column.FirstNonNumericValue}' on line {column.FirstNonNumericLine:N0})")
            : type;
    }
}
