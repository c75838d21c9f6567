using System.Globalization;
using FedWorkbench.Data;
using FedWorkbench.Web.Tables;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace FedWorkbench.Web.Components.Experiments;

/// <summary>
/// The "Choose a CSV file" and "Use the sample file" buttons: stores the file through <see cref="TableUploads"/>,
/// shows a progress bar while it is read and the rejection's message under the buttons.
/// </summary>
public partial class TableFilePicker
{
    private static readonly string MaxFileText = $"{CsvLimits.MaxFileBytes / (1024 * 1024)} MiB";
    private static readonly string MaxRowsText = CsvLimits.MaxRows.ToString("N0", CultureInfo.InvariantCulture);
    private static readonly string MaxColumnsText = CsvLimits.MaxColumns.ToString("N0", CultureInfo.InvariantCulture);

    private readonly string _inputId = $"table-file-{Guid.NewGuid():N}";
    private readonly string _helpId = $"table-file-help-{Guid.NewGuid():N}";
    private bool _loading;
    private string _loadingName = string.Empty;
    private string? _uploadError;

    /// <summary>Text beside the buttons about the chosen file, such as its name, rows and columns; null for none.</summary>
    [Parameter]
    public string? Summary { get; set; }

    /// <summary>Whether both buttons are disabled, for example because the facilitator locked the element.</summary>
    [Parameter]
    public bool Disabled { get; set; }

    /// <summary>Raised with the stored file once it has been read.</summary>
    [Parameter]
    public EventCallback<TableUpload> Loaded { get; set; }

    /// <summary>Raised with true when reading a file starts and with false when it ends.</summary>
    [Parameter]
    public EventCallback<bool> LoadingChanged { get; set; }

    [Inject]
    private TableUploads Uploads { get; set; } = default!;

    [Inject]
    private ILogger<TableFilePicker> Logger { get; set; } = default!;

    /// <summary>Returns the summary of a chosen file, for example "loans.csv: 2,400 rows, 11 columns", or its name alone when its profile is unknown.</summary>
    public static string SummaryOf(string fileName, TableUpload? file) => file is null
        ? fileName
        : string.Create(CultureInfo.InvariantCulture, $"{fileName}: {file.RowCount:N0} rows, {file.ColumnCount:N0} columns");

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
        await LoadingChanged.InvokeAsync(true);
        StateHasChanged();
        TableUpload? upload = null;
        try
        {
            upload = await store();
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

        await LoadingChanged.InvokeAsync(false);
        if (upload is not null)
        {
            await Loaded.InvokeAsync(upload);
        }
    }
}
