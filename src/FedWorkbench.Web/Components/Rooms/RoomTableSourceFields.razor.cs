using System.Globalization;
using System.Text.Json;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Components.Experiments;
using FedWorkbench.Web.Tables;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;

namespace FedWorkbench.Web.Components.Rooms;

/// <summary>
/// The CSV choices of a selected data source: the file, the label, owner and feature columns and the test fraction.
/// It reads the file's columns from <see cref="TableUploads"/> and raises <see cref="Committed"/> for each choice;
/// the room page writes the choice to the board.
/// </summary>
/// <remarks>
/// A new file is committed at once with an empty label column, so that the file shows on everyone's board, and the
/// board's problems list requests the label until one is picked.
/// </remarks>
public partial class RoomTableSourceFields
{
    // The owner select's value for "none"; MudSelect does not take null as an item value.
    private const string NoOwner = "";

    private static readonly RealField TestFractionField = new(ExperimentForm.TestFractionLabel, "0.2");
    private static readonly string TestFractionHelp = string.Create(CultureInfo.InvariantCulture,
        $"Share of each owner's rows held out to measure accuracy, above 0 and at most {TableSource.MaxTestFraction}.");

    // inputmode that requests a decimal keyboard from mobile browsers.
    private const MudBlazor.InputMode DecimalKeyboard = MudBlazor.InputMode.@decimal;

    private TableUpload? _file;
    private string? _lookedUpId;
    private bool _looking;
    private string? _lookupError;
    private string? _commitError;
    private string? _testFractionText;
    private string? _testFractionError;

    /// <summary>The selected data source, as the board module last reported it.</summary>
    [Parameter, EditorRequired]
    public BoardElement Element { get; set; } = default!;

    /// <summary>Whether the facilitator locked the element or the board for this person.</summary>
    [Parameter]
    public bool Locked { get; set; }

    /// <summary>The compiler's problems with the element's <c>table</c> property.</summary>
    [Parameter]
    public IReadOnlyList<BoardProblem> Problems { get; set; } = [];

    /// <summary>Raised for each committed choice; the handler writes it to the board as one operation.</summary>
    [Parameter]
    public EventCallback<RoomTableChoice> Committed { get; set; }

    [Inject]
    private TableUploads Uploads { get; set; } = default!;

    /// <summary>The element's table while its dataset is the CSV file, otherwise null.</summary>
    private TableSource? Table { get; set; }

    private string? Summary => Table is { } table ? TableFilePicker.SummaryOf(table.FileName ?? "CSV file", _file) : null;

    private IReadOnlyList<string> ColumnNames => _file is { } file
        ? [.. file.Columns.Select(c => c.Name)]
        : [.. new[] { NullIfEmpty(Table?.LabelColumn), Table?.OwnerColumn }.Concat(Table?.FeatureColumns ?? []).OfType<string>()
            .Distinct(StringComparer.OrdinalIgnoreCase)];

    private IEnumerable<string> FeatureChoices => ColumnNames.Where(c =>
        !TableColumnChoices.SameColumn(c, Table?.LabelColumn) && !TableColumnChoices.SameColumn(c, Table?.OwnerColumn));

    private IReadOnlyList<string> DefaultFeatures => TableColumnChoices.DefaultFeatures(_file, Table?.LabelColumn, Table?.OwnerColumn);

    private IReadOnlyList<string> EffectiveFeatures => Table?.FeatureColumns ?? DefaultFeatures;

    private string OwnerHelp => TableColumnChoices.OwnerCount(_file, Table?.OwnerColumn) is int owners
        ? $"Each of the {owners:N0} owners becomes one client under the natural partition."
        : "Optional: the column naming the site, bank or device that holds each row.";

    /// <inheritdoc />
    protected override async Task OnParametersSetAsync()
    {
        Table = IsTableDataset(Element) ? RoomTableEdits.ReadTable(Element.Props) : null;
        if (_testFractionError is null)
        {
            _testFractionText = FormatFraction(Table?.TestFraction ?? TableSource.DefaultTestFraction);
        }

        if (Table is { } table && table.Id != _lookedUpId)
        {
            if (_file?.Id == table.Id)
            {
                // The board caught up with the file this person just chose.
                _lookedUpId = table.Id;
            }
            else
            {
                await LookUpAsync(table.Id);
            }
        }
    }

    private static bool IsTableDataset(BoardElement element) =>
        element.Props.TryGetValue("dataset", out JsonElement dataset) && dataset.ValueKind == JsonValueKind.String
        && dataset.GetString() == RoomTableEdits.TableDataset;

    private async Task LookUpAsync(string id)
    {
        _lookedUpId = id;
        _file = null;
        _lookupError = null;
        _looking = true;
        TableUpload? file = null;
        string? error = null;
        try
        {
            file = await Uploads.FindAsync(id);
        }
        catch (TableUploadException ex)
        {
            // TableUploads has logged the unreadable file; the message names the file.
            error = ex.Message;
        }

        // A render during the wait can start a lookup of a newer table, for example when the board reports the new
        // file after an older lookup began. Only the latest lookup sets the columns.
        if (_lookedUpId == id)
        {
            _file = file;
            _lookupError = error;
            _looking = false;
        }
    }

    private Task OnFileLoadedAsync(TableUpload upload)
    {
        _file = upload;
        _lookedUpId = upload.Id;
        _lookupError = null;

        // The same file again keeps its column choices; another file starts without them.
        TableSource table = Table is { } current && current.Id == upload.Id
            ? current with { FileName = upload.FileName }
            : new TableSource
            {
                Id = upload.Id,
                FileName = upload.FileName,
                LabelColumn = string.Empty,
                TestFraction = Table?.TestFraction ?? TableSource.DefaultTestFraction,
            };
        return CommitAsync(table);
    }

    private Task OnLabelChangedAsync(string? column)
    {
        TableSource table = Table!;
        string label = column ?? string.Empty;
        string? owner = TableColumnChoices.SameColumn(label, table.OwnerColumn) ? null : table.OwnerColumn;
        return CommitAsync(table with
        {
            LabelColumn = label,
            OwnerColumn = owner,
            FeatureColumns = Without(table.FeatureColumns, label),
        });
    }

    private Task OnOwnerChangedAsync(string? column)
    {
        TableSource table = Table!;
        string? owner = string.IsNullOrWhiteSpace(column) ? null : column;
        return CommitAsync(table with { OwnerColumn = owner, FeatureColumns = Without(table.FeatureColumns, owner) });
    }

    private Task OnFeaturesChangedAsync(IEnumerable<string?>? columns)
    {
        IReadOnlyList<string>? features = TableColumnChoices.NormalizeFeatures((columns ?? []).OfType<string>(), ColumnNames, DefaultFeatures);
        return CommitAsync(Table! with { FeatureColumns = features });
    }

    private Task OnColumnTypeChangedAsync(string column, ChangeEventArgs e)
    {
        if (Table is not { } table || e.Value is not string type || !TableColumnChoices.ColumnTypeNames.Contains(type))
        {
            return Task.CompletedTask;
        }

        Dictionary<string, string> types = TableColumnChoices.WithType(table.ColumnTypes, _file, column, type);
        return CommitAsync(table with { ColumnTypes = types.Count == 0 ? null : types });
    }

    private async Task OnTestFractionChangedAsync(string? text)
    {
        _testFractionText = text;
        if (!FormNumberParser.TryParseReal(text, TestFractionField, out double fraction, out string? error))
        {
            _testFractionError = error;
            return;
        }

        if (fraction is <= 0 || fraction > TableSource.MaxTestFraction)
        {
            _testFractionError = string.Create(CultureInfo.InvariantCulture,
                $"{ExperimentForm.TestFractionLabel}: {fraction} is outside the range; enter a value above 0 and at most {TableSource.MaxTestFraction}.");
            return;
        }

        _testFractionError = null;
        await CommitAsync(Table! with { TestFraction = fraction });
    }

    private async Task CommitAsync(TableSource table)
    {
        _commitError = RoomTableEdits.Check(table);
        if (_commitError is not null)
        {
            return;
        }

        string? previousOwner = RoomTableEdits.ReadTable(Element.Props)?.OwnerColumn;
        int? ownerCount = TableColumnChoices.OwnerCount(_file, table.OwnerColumn);
        await Committed.InvokeAsync(new RoomTableChoice(Element.Id, table, previousOwner, ownerCount));
    }

    // A narrowed feature list loses a column that became the label or the owner; null stays the default.
    private static IReadOnlyList<string>? Without(IReadOnlyList<string>? features, string? column) =>
        features?.Where(f => !TableColumnChoices.SameColumn(f, column)).ToList() is { Count: > 0 } rest ? rest : null;

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static string OwnerText(string? column) => string.IsNullOrEmpty(column) ? "none" : column;

    private string FeaturesText(IReadOnlyList<string> selected) =>
        selected.Count == FeatureChoices.Count() ? $"All {selected.Count} other columns" : $"{selected.Count} columns";

    private static string FormatFraction(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
