using System.Text.Json;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;

namespace FedWorkbench.Web.Components.Rooms;

/// <summary>One committed edit in the properties panel: one property of one element.</summary>
public sealed record RoomPropertyEdit(string ElementId, string Name, JsonElement Value);

/// <summary>
/// The right-hand panel: the inputs of the selected element, generated from <see cref="BoardSchema"/>, with the
/// compiler's problems under them. For several selected elements, it shows their count, a shared colour and delete.
/// </summary>
public partial class RoomPropertiesPanel
{
    // The data source's table, which RoomTableSourceFields edits instead of a generic input.
    private const string TableProperty = RoomTableEdits.TableProperty;

    private IReadOnlyList<RoomPropertyField> _fields = [];

    // The colour of every selected element when they all have the same one, otherwise null.
    private string? _sharedColor;

    /// <summary>The selected elements, as the board module last reported them.</summary>
    [Parameter]
    public IReadOnlyList<BoardElement> Selection { get; set; } = [];

    /// <summary>The board's compiler problems.</summary>
    [Parameter]
    public RoomProblems Problems { get; set; } = RoomProblems.None;

    /// <summary>Raised for each committed edit of the selected element.</summary>
    [Parameter]
    public EventCallback<RoomPropertyEdit> Edited { get; set; }

    /// <summary>
    /// Raised for each committed CSV choice of a selected data source, which may change other elements too (see
    /// <see cref="RoomTableEdits"/>).
    /// </summary>
    [Parameter]
    public EventCallback<RoomTableChoice> TableChosen { get; set; }

    /// <summary>Raised with a colour for every selected element.</summary>
    [Parameter]
    public EventCallback<string> ColorAll { get; set; }

    /// <summary>Raised when the user deletes the selection.</summary>
    [Parameter]
    public EventCallback Delete { get; set; }

    /// <summary>Whether the facilitator locked the board or a selected element for this person, which disables every control.</summary>
    [Parameter]
    public bool Locked { get; set; }

    /// <inheritdoc />
    protected override void OnParametersSet()
    {
        // The help of some fields depends on other properties (the partition decides the minimum client size's text).
        _fields = Selection is [BoardElement element] && BoardSchema.Find(element.Type) is not null
            ? RoomPropertyForm.Fields(element.Type, element.Props)
            : [];
        _sharedColor = SharedColor(Selection);
    }

    /// <summary>
    /// Returns the colour that all <paramref name="elements"/> have, or null when they differ or one of them was
    /// sent without its colour.
    /// </summary>
    internal static string? SharedColor(IReadOnlyList<BoardElement> elements)
    {
        string? shared = null;
        foreach (BoardElement element in elements)
        {
            if (element.Props is null || !element.Props.TryGetValue("color", out JsonElement color)
                || color.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            string value = color.GetString()!;
            if (shared is not null && !string.Equals(shared, value, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            shared = value;
        }

        return shared;
    }

    private static JsonElement ValueOf(BoardElement element, string name) =>
        element.Props.TryGetValue(name, out JsonElement value) ? value : default;

    private static string TypeTitle(BoardElement element) => BoardSchema.Find(element.Type)?.Title ?? element.Type;

    private Task CommitAsync(string elementId, (string Name, JsonElement Value) edit) =>
        Edited.InvokeAsync(new RoomPropertyEdit(elementId, edit.Name, edit.Value));
}
