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

    private static readonly string TestFractionHelp =
        $"Share of each owner's rows held out to measure accuracy, above 0 and at most {TableSource.MaxTestFraction.ToString(CultureInfo.InvariantCulture)}.";

    // inputmode that asks mobile browsers for a decimal keyboard.
    private const MudBlazor.InputMode DecimalKeyboard = MudBlazor.InputMode.@decimal;

    // Whether the file picker is reading a file, during which the note about a file that is not stored is hidden.
    private bool _loading;

    /// <summary>Values being edited; the component writes the file and column choices into it.</summary>
    [Parameter, EditorRequired]
    public ExperimentForm Form { get; set; } = default!;

    /// <summary>Current messages of the form.</summary>
    [Parameter]
    public FieldErrors Errors { get; set; } = FieldErrors.None;

    /// <summary>Raised after any value in <see cref="Form"/> changed.</summary>
    [Parameter]
    public EventCallback Changed { get; set; }

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

    private async Task OnFileLoadedAsync(TableUpload upload)
    {
        Form.UseTable(upload);
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

    private string FileSummary(string fileName) => TableFilePicker.SummaryOf(fileName, Form.TableFile);

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

    /// <summary>Returns how the preview describes a column's inferred type, with its values that are not numbers.</summary>
    internal static string InferredText(CsvColumnProfile column)
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
