using System.Text.Json;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace FedWorkbench.Web.Components.Rooms;

/// <summary>
/// One input of the properties panel. It commits on change (blur or Enter for text, a pick for a choice or a
/// swatch), so that each committed edit becomes one board operation and typing sends nothing.
/// </summary>
public partial class RoomPropertyInput
{
    private string _text = string.Empty;
    private string? _shownValue;
    private string? _parseError;

    /// <summary>The field to show.</summary>
    [Parameter, EditorRequired]
    public RoomPropertyField Field { get; set; } = default!;

    /// <summary>The element's current value of the property.</summary>
    [Parameter]
    public JsonElement Value { get; set; }

    /// <summary>The compiler's problems about this property of the element.</summary>
    [Parameter]
    public IReadOnlyList<BoardProblem> Problems { get; set; } = [];

    /// <summary>Raised with a parsed value that passed <see cref="BoardSchema.Check"/>.</summary>
    [Parameter]
    public EventCallback<(string Name, JsonElement Value)> Committed { get; set; }

    /// <summary>Whether the input is read-only, for example while the facilitator locked the element.</summary>
    [Parameter]
    public bool Disabled { get; set; }

    private bool HasError => _parseError is not null;

    private string? ErrorText => _parseError;

    // MudTextField's own default is 524,288 characters, but text properties stop at the board's limit.
    private int MaxLength => Field.Kind == BoardPropertyKind.Text ? BoardLimits.MaxTextLength : 524_288;

    private string TestId => $"property-{Field.Name}";

    private InputMode InputMode => Field.Kind switch
    {
        BoardPropertyKind.Integer => InputMode.numeric,
        BoardPropertyKind.Number => InputMode.@decimal,
        _ => InputMode.text,
    };

    /// <inheritdoc />
    protected override void OnParametersSet()
    {
        // A new value from the board (someone's edit, an undo, a conflict) replaces the text, and with it an
        // earlier parse error of text that was never sent.
        string raw = Value.ValueKind == JsonValueKind.Undefined ? string.Empty : Value.GetRawText();
        if (raw != _shownValue)
        {
            _shownValue = raw;
            _text = RoomPropertyForm.Format(Value);
            _parseError = null;
        }
    }

    private async Task CommitAsync(string? text)
    {
        _text = text ?? string.Empty;
        if (!RoomPropertyForm.TryParse(Field, _text, out JsonElement value, out string? error))
        {
            _parseError = error;
            return;
        }

        _parseError = null;
        if (Value.ValueKind != JsonValueKind.Undefined && JsonElement.DeepEquals(value, Value))
        {
            return;
        }

        await Committed.InvokeAsync((Field.Name, value));
    }

    private string SwatchClass(string swatch) =>
        string.Equals(swatch, _text, StringComparison.OrdinalIgnoreCase) ? "room-swatch room-swatch-selected" : "room-swatch";
}
