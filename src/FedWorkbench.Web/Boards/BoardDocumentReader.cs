using System.Globalization;
using System.Text.Json;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Web.Boards;

/// <summary>Reads and writes the board file (<see cref="BoardDocument"/>) as JSON.</summary>
public static class BoardDocumentReader
{
    private const string FormatProperty = "format";
    private const string FormatVersionProperty = "formatVersion";
    private const string NameProperty = "name";
    private const string ElementsProperty = "elements";
    private const string IdProperty = "id";
    private const string TypeProperty = "type";
    private const string PropsProperty = "props";

    private static readonly JsonDocumentOptions ParseOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        AllowDuplicateProperties = false,
    };

    private static readonly JsonSerializerOptions WriteOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>
    /// Parses and validates a whole board file: format and version, name, unique valid ids, known types, every
    /// property against <see cref="BoardSchema"/>, connectors that point at elements in the file, and at most
    /// <paramref name="maxElements"/> elements. Throws <see cref="BoardException"/> naming the first problem
    /// (with the element id and property where there is one).
    /// </summary>
    /// <remarks>
    /// Properties an element leaves out take the schema defaults, so every returned element is complete. The
    /// elements come back frames first, otherwise in file order. The name is returned trimmed. Limiting the size of
    /// <paramref name="json"/> is the caller's job.
    /// </remarks>
    public static BoardDocument Read(string json, int maxElements)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxElements);

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, ParseOptions);
        }
        catch (JsonException ex)
        {
            string line = ex.LineNumber is long number ? $" (line {number + 1})" : string.Empty;
            throw new BoardException($"The board file is not valid JSON{line}: {FirstSentence(ex.Message)} Export the board again, or fix the file.");
        }

        using (document)
        {
            return ReadDocument(document.RootElement, maxElements);
        }
    }

    /// <summary>Writes <paramref name="document"/> as indented JSON with camelCase names.</summary>
    /// <remarks>Frames are written first; the other elements keep their order.</remarks>
    public static string Write(BoardDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);

        BoardDocument ordered = document with { Elements = BoardReplica.InDrawingOrder(document.Elements) };
        return JsonSerializer.Serialize(ordered, WriteOptions);
    }

    private static BoardDocument ReadDocument(JsonElement root, int maxElements)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Problem($"The board file must contain a JSON object with \"{FormatProperty}\", \"{FormatVersionProperty}\", \"{NameProperty}\" and \"{ElementsProperty}\", not {Describe(root)}.");
        }

        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (property.Name is not (FormatProperty or FormatVersionProperty or NameProperty or ElementsProperty))
            {
                throw Problem($"The board file has an unknown property {BoardState.Quote(property.Name)}; a board file has only \"{FormatProperty}\", \"{FormatVersionProperty}\", \"{NameProperty}\" and \"{ElementsProperty}\".");
            }
        }

        JsonElement format = Required(root, FormatProperty, "the board file");
        if (format.ValueKind != JsonValueKind.String || format.GetString() != BoardDocument.FormatName)
        {
            throw Problem($"This is not a FedWorkbench board file: \"{FormatProperty}\" is {Describe(format)}, expected \"{BoardDocument.FormatName}\".");
        }

        int formatVersion = ReadFormatVersion(Required(root, FormatVersionProperty, "the board file"));
        string name = ReadName(Required(root, NameProperty, "the board file"));

        JsonElement elementsJson = Required(root, ElementsProperty, "the board file");
        if (elementsJson.ValueKind != JsonValueKind.Array)
        {
            throw Problem($"\"{ElementsProperty}\" must be a list of elements, not {Describe(elementsJson)}.");
        }

        int count = elementsJson.GetArrayLength();
        if (count > maxElements)
        {
            throw Problem($"The board file has {count:N0} elements; a board can have at most {maxElements:N0}. Split it into several boards.");
        }

        var elements = new List<BoardElement>(count);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        int index = 0;
        foreach (JsonElement item in elementsJson.EnumerateArray())
        {
            index++;
            BoardElement element = ReadElement(item, index, types);
            elements.Add(element);
        }

        index = 0;
        foreach (BoardElement element in elements)
        {
            index++;
            if (element.Type == BoardElementTypes.Connector)
            {
                CheckConnector(element, index, types);
            }
        }

        return new BoardDocument(BoardDocument.FormatName, formatVersion, name, BoardReplica.InDrawingOrder(elements));
    }

    private static int ReadFormatVersion(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int formatVersion) || formatVersion < 1)
        {
            throw Problem($"\"{FormatVersionProperty}\" is {Describe(value)}; this FedWorkbench reads board files of format version {BoardDocument.CurrentFormatVersion}.");
        }

        if (formatVersion > BoardDocument.CurrentFormatVersion)
        {
            throw Problem($"This board file was written by a newer FedWorkbench (format version {formatVersion}); this one reads version {BoardDocument.CurrentFormatVersion}.");
        }

        return formatVersion;
    }

    private static string ReadName(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw Problem($"\"{NameProperty}\" must be the board name as text, not {Describe(value)}.");
        }

        string name = value.GetString()!.Trim();
        if (name.Length == 0)
        {
            throw Problem($"\"{NameProperty}\" is empty; give the board a name of 1 to {BoardLimits.MaxNameLength} characters.");
        }

        if (name.Length > BoardLimits.MaxNameLength)
        {
            throw Problem($"\"{NameProperty}\" is {name.Length:N0} characters long; shorten it to at most {BoardLimits.MaxNameLength} characters.");
        }

        if (ExperimentValidator.IndexOfHiddenCharacter(name) is int hidden and >= 0)
        {
            throw Problem($"\"{NameProperty}\" {BoardState.Quote(name)} contains the invisible character U+{(int)name[hidden]:X4} at position {hidden + 1}; use visible characters only.");
        }

        return name;
    }

    private static BoardElement ReadElement(JsonElement item, int index, Dictionary<string, string> types)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw Problem($"Element {index} must be a JSON object with \"{IdProperty}\", \"{TypeProperty}\" and \"{PropsProperty}\", not {Describe(item)}.");
        }

        foreach (JsonProperty property in item.EnumerateObject())
        {
            if (property.Name is not (IdProperty or TypeProperty or PropsProperty))
            {
                throw Problem($"Element {index} has an unknown property {BoardState.Quote(property.Name)}; an element has only \"{IdProperty}\", \"{TypeProperty}\" and \"{PropsProperty}\".");
            }
        }

        JsonElement idJson = Required(item, IdProperty, $"element {index}");
        string? id = idJson.ValueKind == JsonValueKind.String ? idJson.GetString() : null;
        if (id is null || !BoardLimits.IsValidId(id))
        {
            throw Problem($"Element {index} has id {Describe(idJson)}, which is invalid; use 1 to {BoardLimits.MaxIdLength} characters from A–Z, a–z, 0–9, '-' and '_'.");
        }

        string where = $"Element {index} (\"{id}\")";
        JsonElement typeJson = Required(item, TypeProperty, where);
        BoardElementDefinition? definition = typeJson.ValueKind == JsonValueKind.String ? BoardSchema.Find(typeJson.GetString()) : null;
        if (definition is null)
        {
            throw Problem($"{where} has type {Describe(typeJson)}, which is unknown; use one of {string.Join(", ", BoardElementTypes.All)}.");
        }

        if (!types.TryAdd(id, definition.Type))
        {
            throw Problem($"{where} has the same id as an earlier element; give each element its own id.");
        }

        var props = new Dictionary<string, JsonElement>(definition.Properties.Count, StringComparer.Ordinal);
        if (item.TryGetProperty(PropsProperty, out JsonElement propsJson))
        {
            if (propsJson.ValueKind != JsonValueKind.Object)
            {
                throw Problem($"{where}: \"{PropsProperty}\" must be a JSON object of property values, not {Describe(propsJson)}.");
            }

            foreach (JsonProperty property in propsJson.EnumerateObject())
            {
                BoardPropertyDefinition? propertyDefinition = definition.Find(property.Name);
                if (propertyDefinition is null)
                {
                    throw Problem($"{where} is a {definition.Type}, which has no property {BoardState.Quote(property.Name)}; remove it.");
                }

                string? problem = BoardSchema.Check(propertyDefinition, property.Value);
                if (problem is not null)
                {
                    throw Problem($"{where}: {problem}");
                }

                props[property.Name] = property.Value.Clone();
            }
        }

        foreach (BoardPropertyDefinition property in definition.Properties)
        {
            if (!props.ContainsKey(property.Name) && property.Kind != BoardPropertyKind.ElementId)
            {
                props[property.Name] = property.Default;
            }
        }

        return new BoardElement(id, definition.Type, props);
    }

    /// <summary>Checks that a connector joins two different elements of the file, neither of them a connector.</summary>
    private static void CheckConnector(BoardElement connector, int index, Dictionary<string, string> types)
    {
        string where = $"Element {index} (\"{connector.Id}\")";
        foreach (string end in (string[])["from", "to"])
        {
            if (!connector.Props.TryGetValue(end, out JsonElement value))
            {
                throw Problem($"{where} is a connector without \"{end}\"; give the ids of the two elements it connects.");
            }

            string target = value.GetString()!;
            if (target == connector.Id)
            {
                throw Problem($"{where}: \"{end}\" is \"{target}\", the connector itself; connect it to another element.");
            }

            if (!types.TryGetValue(target, out string? targetType))
            {
                throw Problem($"{where}: \"{end}\" is \"{target}\", but the file has no element with that id.");
            }

            if (targetType == BoardElementTypes.Connector)
            {
                throw Problem($"{where}: \"{end}\" is \"{target}\", which is a connector; connect it to another kind of element.");
            }
        }

        if (connector.Props["from"].GetString() == connector.Props["to"].GetString())
        {
            throw Problem($"{where}: \"from\" and \"to\" are both \"{connector.Props["from"].GetString()}\"; connect two different elements.");
        }
    }

    private static JsonElement Required(JsonElement parent, string property, string owner) =>
        parent.TryGetProperty(property, out JsonElement value)
            ? value
            : throw Problem($"{Capitalize(owner)} has no \"{property}\"; add it.");

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static string Describe(JsonElement value)
    {
        string raw = value.GetRawText();
        return raw.Length <= 40 ? raw : string.Create(CultureInfo.InvariantCulture, $"{raw[..40]}…");
    }

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..(end + 1)] : message;
    }

    private static BoardException Problem(string message) => new(message);
}
