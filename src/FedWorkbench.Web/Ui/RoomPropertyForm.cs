using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Boards;

namespace FedWorkbench.Web.Ui;

/// <summary>One input of the room's properties panel, made from a <see cref="BoardPropertyDefinition"/>.</summary>
/// <param name="Definition">The schema property the input edits.</param>
/// <param name="Label">Label shown on the input: the experiment form's label where the name matches one.</param>
/// <param name="HelpText">Helper text under the input: range, unit or what an empty value means.</param>
/// <param name="Multiline">Whether a text input has several lines (the body of a sticky note or a text element).</param>
public sealed record RoomPropertyField(BoardPropertyDefinition Definition, string Label, string HelpText, bool Multiline)
{
    /// <summary>The property name in operations, for example <c>dirichletAlpha</c>.</summary>
    public string Name => Definition.Name;

    /// <summary>The kind of value, which decides the input.</summary>
    public BoardPropertyKind Kind => Definition.Kind;
}

/// <summary>
/// Builds the properties panel's inputs from <see cref="BoardSchema"/> and turns their text into property values,
/// with the experiment form's number parsing and the schema's checks.
/// </summary>
public static class RoomPropertyForm
{
    // Position and size change by dragging on the board, and connector ends by connecting, so the panel leaves them out.
    private static readonly HashSet<string> HiddenProperties = ["x", "y", "w", "h", "from", "to"];

    // Board-only names, and board names whose meaning differs from the experiment form's label.
    private static readonly Dictionary<string, string> BoardLabels = new(StringComparer.Ordinal)
    {
        ["color"] = "Colour",
        ["count"] = "Clients in the group",
        ["dataShare"] = "Data share",
        ["mechanism"] = "Mechanism",
    };

    /// <summary>
    /// Returns the inputs for an element of <paramref name="type"/>, in schema order. With
    /// <paramref name="props"/>, settings that a run does not read under the element's choices are left out
    /// (see <see cref="RoomSettingUse"/>). Without them, every input is returned.
    /// </summary>
    /// <exception cref="ArgumentException">The type is unknown.</exception>
    public static IReadOnlyList<RoomPropertyField> Fields(string type, IReadOnlyDictionary<string, JsonElement>? props = null)
    {
        BoardElementDefinition definition = BoardSchema.Find(type)
            ?? throw new ArgumentException($"Element type '{type}' is unknown.", nameof(type));
        Func<string, bool> isUsed = RoomSettingUse.For(type, props);
        return
        [
            .. definition.Properties
                .Where(p => p.Kind != BoardPropertyKind.Table && !HiddenProperties.Contains(p.Name) && isUsed(p.Name))
                .Select(p => new RoomPropertyField(p, Label(type, p.Name), HelpText(p, props), Multiline(type, p))),
        ];
    }

    /// <summary>Returns the label of property <paramref name="name"/> of an element of <paramref name="type"/>.</summary>
    public static string Label(string type, string name)
    {
        if (name == "text")
        {
            return type switch
            {
                BoardElementTypes.Note => "Note",
                BoardElementTypes.Text => "Text",
                BoardElementTypes.Frame => "Title",
                BoardElementTypes.ClientGroup => "Group name",
                _ => "Label",
            };
        }

        return BoardLabels.GetValueOrDefault(name) ?? FieldLabels.ForFileName(name) ?? SplitCamelCase(name);
    }

    /// <summary>Returns the text an input shows for <paramref name="value"/>: numbers in the invariant culture, lists as "200, 200".</summary>
    public static string Format(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetDouble().ToString(CultureInfo.InvariantCulture),
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(Format)),
        _ => value.GetRawText(),
    };

    /// <summary>
    /// Parses the input's <paramref name="text"/> into a property value that passes <see cref="BoardSchema.Check"/>,
    /// or sets <paramref name="error"/> to a message that quotes the text and names what to enter.
    /// </summary>
    public static bool TryParse(RoomPropertyField field, string? text, out JsonElement value, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(field);
        value = default;
        BoardPropertyDefinition definition = field.Definition;

        if (definition.Nullable && string.IsNullOrWhiteSpace(text) && definition.Kind is not BoardPropertyKind.Text)
        {
            value = JsonSerializer.SerializeToElement<object?>(null);
            error = null;
            return true;
        }

        if (!TryConvert(field, text ?? string.Empty, out value, out string? convertError))
        {
            error = convertError ?? $"{field.Label}: '{text}' is not a valid value.";
            return false;
        }

        // The schema's message names the property by its file name, but the panel shows the label.
        error = BoardSchema.Check(definition, value)?.Replace($"\"{definition.Name}\"", field.Label, StringComparison.Ordinal);
        return error is null;
    }

    private static bool TryConvert(RoomPropertyField field, string text, out JsonElement value, out string? error)
    {
        value = default;
        BoardPropertyDefinition definition = field.Definition;
        switch (definition.Kind)
        {
            case BoardPropertyKind.Integer:
                var integerField = new IntegerField(field.Label, ToInt(definition.Min, int.MinValue), ToInt(definition.Max, int.MaxValue));
                if (!FormNumberParser.TryParseInteger(text, integerField, out int integer, out error))
                {
                    return false;
                }

                value = JsonSerializer.SerializeToElement(integer);
                return true;
            case BoardPropertyKind.Number:
                var realField = new RealField(field.Label, Format(definition.Default) is { Length: > 0 } example ? example : "0.5");
                if (!FormNumberParser.TryParseReal(text, realField, out double real, out error))
                {
                    return false;
                }

                value = JsonSerializer.SerializeToElement(real);
                return true;
            case BoardPropertyKind.IntegerList:
                IReadOnlyList<int> items = ExperimentForm.ParseHiddenLayers(text, out error);
                if (error is not null)
                {
                    error = error.Replace(FieldLabels.HiddenLayers, field.Label, StringComparison.Ordinal);
                    return false;
                }

                value = JsonSerializer.SerializeToElement(items);
                return true;
            case BoardPropertyKind.Color:
                value = JsonSerializer.SerializeToElement(text.Trim().ToLowerInvariant());
                error = null;
                return true;
            default:
                // Text, Choice and ElementId are strings. The schema check decides whether the string is allowed.
                value = JsonSerializer.SerializeToElement(text);
                error = null;
                return true;
        }
    }

    private static string HelpText(BoardPropertyDefinition property, IReadOnlyDictionary<string, JsonElement>? props)
    {
        if (property.Name == "minClientSize" && props is not null && props.TryGetValue("partition", out JsonElement partition)
            && ExperimentNames.TryParse(partition.GetString(), out PartitionKind kind))
        {
            return ExperimentHelpText.MinClientSize(kind);
        }

        // The choices are the experiment file's names, so the two that a CSV file brings are spelled out.
        if (property.Name == "dataset")
        {
            return "With table, the clients train on the CSV file chosen below.";
        }

        if (property.Name == "partition")
        {
            return "With natural, each owner in the data source's CSV file is one client.";
        }

        string optional = property.Nullable ? " Leave empty for none or the default." : string.Empty;
        return property.Kind switch
        {
            BoardPropertyKind.Integer => $"A whole number{Range(property)}.{optional}",
            BoardPropertyKind.Number => $"A number{Range(property)}, with a dot as the decimal separator.{optional}",
            BoardPropertyKind.IntegerList => "Widths separated by commas, for example 200, 200.",
            BoardPropertyKind.Color => "Pick a colour or enter it as #rrggbb.",
            BoardPropertyKind.Text => $"At most {BoardLimits.MaxTextLength:N0} characters, shown as plain text.",
            _ => string.Empty,
        };
    }

    private static string Range(BoardPropertyDefinition property) => (property.Min, property.Max) switch
    {
        (double min, double max) => string.Create(CultureInfo.InvariantCulture, $" from {min:G6} to {max:G6}"),
        (double min, null) => string.Create(CultureInfo.InvariantCulture, $", at least {min:G6}"),
        (null, double max) => string.Create(CultureInfo.InvariantCulture, $", at most {max:G6}"),
        _ => string.Empty,
    };

    private static bool Multiline(string type, BoardPropertyDefinition property) =>
        property.Kind == BoardPropertyKind.Text && type is BoardElementTypes.Note or BoardElementTypes.Text;

    private static int ToInt(double? bound, int fallback) =>
        bound is double value ? (int)Math.Clamp(value, int.MinValue, int.MaxValue) : fallback;

    private static string SplitCamelCase(string name)
    {
        var words = new System.Text.StringBuilder(name.Length + 8);
        foreach (char c in name)
        {
            if (char.IsUpper(c) && words.Length > 0)
            {
                words.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                words.Append(words.Length == 0 ? char.ToUpperInvariant(c) : c);
            }
        }

        return words.ToString();
    }
}
