using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Boards;

/// <summary>Names elements and properties in messages the way people see them on the board, not by id or key.</summary>
internal static class BoardWords
{
    // Maximum length of an element's text quoted in a message.
    private const int MaxQuotedText = 40;

    /// <summary>Returns for example <c>the client group "Phones on Wi-Fi"</c>, or <c>a sticky note</c> without text.</summary>
    public static string Element(BoardElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        string title = (BoardSchema.Find(element.Type)?.Title ?? element.Type).ToLowerInvariant();
        string text = element.Props.TryGetValue("text", out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String
            ? string.Join(' ', value.GetString()!.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            : string.Empty;
        if (text.Length == 0)
        {
            return $"a {title}";
        }

        string quoted = text.Length <= MaxQuotedText ? text : $"{text[..MaxQuotedText]}…";
        return $"the {title} \"{quoted}\"";
    }

    /// <summary>Returns the label the board shows for a property, such as <c>"Client fraction C"</c> (quoted) or <c>the position</c>.</summary>
    public static string Property(string name) => name switch
    {
        "x" or "y" => "the position",
        "w" or "h" => "the size",
        "text" => "the text",
        "color" => "the colour",
        "from" => "the start",
        "to" => "the end",
        _ => FieldLabels.ForFileName(name) is string label ? $"\"{label}\"" : $"\"{name}\"",
    };

    /// <summary>Returns <paramref name="text"/> with its first letter in upper case.</summary>
    public static string Capitalize(string text) =>
        text.Length == 0 ? text : string.Concat(char.ToUpperInvariant(text[0]).ToString(), text.AsSpan(1));
}
