using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Web.Boards;

/// <summary>How a board property's value is written in JSON and checked.</summary>
public enum BoardPropertyKind
{
    /// <summary>A finite JSON number.</summary>
    Number,

    /// <summary>A JSON number with an integer value within the 32-bit range.</summary>
    Integer,

    /// <summary>A JSON string of at most <see cref="BoardLimits.MaxTextLength"/> characters, shown as plain text.</summary>
    Text,

    /// <summary>A colour as <c>#rrggbb</c>.</summary>
    Color,

    /// <summary>One of the names in <see cref="BoardPropertyDefinition.Choices"/>.</summary>
    Choice,

    /// <summary>The id of another element on the board.</summary>
    ElementId,

    /// <summary>A JSON array of integers, such as the hidden layer widths <c>[200, 200]</c>.</summary>
    IntegerList,

    /// <summary>
    /// A CSV table as the experiment file writes it (<see cref="TableSource"/>): a JSON object of at most
    /// <see cref="BoardLimits.MaxTableBytes"/> bytes.
    /// </summary>
    Table,
}

/// <summary>One property an element type may have.</summary>
/// <param name="Name">Name in operations and board files; for federated settings, the experiment file's name.</param>
/// <param name="Kind">How the value is written and checked.</param>
/// <param name="Nullable">Whether JSON null is allowed (an empty optional setting).</param>
/// <param name="Default">The value a new element gets.</param>
/// <param name="Min">Smallest allowed number, for <see cref="BoardPropertyKind.Number"/> and <see cref="BoardPropertyKind.Integer"/>.</param>
/// <param name="Max">Largest allowed number.</param>
/// <param name="Choices">Allowed names, for <see cref="BoardPropertyKind.Choice"/>.</param>
public sealed record BoardPropertyDefinition(
    string Name,
    BoardPropertyKind Kind,
    bool Nullable,
    JsonElement Default,
    double? Min = null,
    double? Max = null,
    IReadOnlyList<string>? Choices = null);

/// <summary>An element type: its name, its title in the palette and its properties.</summary>
/// <param name="Simulated">Whether "Simulate" reads the element's settings.</param>
public sealed record BoardElementDefinition(string Type, string Title, bool Simulated, IReadOnlyList<BoardPropertyDefinition> Properties)
{
    /// <summary>Returns the property named <paramref name="name"/>, or null when the type has none.</summary>
    public BoardPropertyDefinition? Find(string name)
    {
        // A plain loop: the board state calls this for every property of every change, under the board's lock.
        for (int i = 0; i < Properties.Count; i++)
        {
            if (Properties[i].Name == name)
            {
                return Properties[i];
            }
        }

        return null;
    }
}

/// <summary>
/// The element types and their properties. Federated settings carry the names and defaults of
/// <see cref="ExperimentConfig"/> (server, model, data source, privacy) and <see cref="ClientGroupConfig"/> (client
/// group), so that a board compiles to an experiment by name.
/// </summary>
/// <remarks>
/// The schema checks the shape of a value (kind, finite, range of the canvas, known choice). Whether a setting can
/// run (for example, α within the engine's limits) is the experiment validator's job when the board is compiled.
/// </remarks>
public static class BoardSchema
{
    /// <summary>Largest absolute board coordinate.</summary>
    public const double MaxCoordinate = 100_000;

    /// <summary>Smallest element width or height.</summary>
    public const double MinSize = 20;

    /// <summary>Largest element width or height.</summary>
    public const double MaxSize = 10_000;

    // Server settings: the run as a whole. The engine decides SecureAggregation and DifferentialPrivacy from the
    // privacy elements, and Clients from the client groups.
    private static readonly string[] ServerSettings =
    [
        "strategy", "aggregation", "rounds", "clientFraction", "sampling", "localEpochs", "batchSize", "learningRate",
        "momentum", "weightDecay", "clientTestFraction", "serverLearningRate", "serverMomentum", "beta1", "beta2",
        "tau", "proximalMu", "trimFraction", "assumedAttackers", "krumSelected", "compression", "topKFraction",
        "roundDeadlineSeconds", "overSelection", "invalidUpdates", "roundFailures", "seed",
    ];

    private static readonly string[] PrivacySettings =
    [
        "differentialPrivacy", "clipNorm", "noiseMultiplier", "targetEpsilon", "delta", "clipQuantile",
        "clipLearningRate", "localEpsilon", "secureAggregationThreshold",
    ];

    private static readonly string[] ModelSettings = ["model", "hiddenLayers"];

    private static readonly string[] DataSourceSettings = ["dataset", "syntheticAlpha", "syntheticBeta", "table"];

    // Writes the letters of every script as themselves; used only to measure a table, never to write a page.
    private static readonly JsonSerializerOptions TableSizeJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The <c>mechanism</c> value of a differential-privacy element.</summary>
    public const string DifferentialPrivacyMechanism = "differential-privacy";

    /// <summary>The <c>mechanism</c> value of a secure-aggregation element.</summary>
    public const string SecureAggregationMechanism = "secure-aggregation";

    /// <summary>Every element type, in palette order.</summary>
    public static IReadOnlyList<BoardElementDefinition> Elements { get; } = Build();

    /// <summary>Returns the definition of <paramref name="type"/>, or null when no such type exists.</summary>
    public static BoardElementDefinition? Find(string? type)
    {
        for (int i = 0; i < Elements.Count; i++)
        {
            if (Elements[i].Type == type)
            {
                return Elements[i];
            }
        }

        return null;
    }

    /// <summary>Returns the properties a new element of <paramref name="type"/> starts with.</summary>
    public static IReadOnlyDictionary<string, JsonElement> DefaultProperties(string type)
    {
        BoardElementDefinition definition = Find(type)
            ?? throw new ArgumentException($"Element type '{type}' is unknown.", nameof(type));
        return definition.Properties
            .Where(p => p.Kind != BoardPropertyKind.ElementId)
            .ToDictionary(p => p.Name, p => p.Default);
    }

    /// <summary>
    /// Checks one value against its definition. Returns null when it is allowed, otherwise a message that names the
    /// property and the value and states what to enter.
    /// </summary>
    public static string? Check(BoardPropertyDefinition definition, JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (value.ValueKind == JsonValueKind.Null)
        {
            return definition.Nullable ? null : $"\"{definition.Name}\" cannot be empty; enter a value.";
        }

        switch (definition.Kind)
        {
            case BoardPropertyKind.Number:
            case BoardPropertyKind.Integer:
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double number) || !double.IsFinite(number))
                {
                    return $"\"{definition.Name}\" must be a number, not {Describe(value)}.";
                }

                int digits = value.GetRawText().Length;
                if (digits > BoardLimits.MaxNumberLength)
                {
                    return $"\"{definition.Name}\" is written with {digits:N0} characters; write it with at most {BoardLimits.MaxNumberLength} (for example 0.125 or 1e-5).";
                }

                if (definition.Kind == BoardPropertyKind.Integer && number != Math.Floor(number))
                {
                    return $"\"{definition.Name}\" must be a whole number, not {Format(number)}.";
                }

                double min = definition.Min ?? (definition.Kind == BoardPropertyKind.Integer ? int.MinValue : double.MinValue);
                double max = definition.Max ?? (definition.Kind == BoardPropertyKind.Integer ? int.MaxValue : double.MaxValue);
                if (number < min || number > max)
                {
                    return (definition.Min, definition.Max) switch
                    {
                        (null, null) or (not null, not null) => $"\"{definition.Name}\" is {Format(number)}; enter a value from {Format(min)} to {Format(max)}.",
                        (not null, null) => $"\"{definition.Name}\" is {Format(number)}; enter a value of at least {Format(min)}.",
                        (null, not null) => $"\"{definition.Name}\" is {Format(number)}; enter a value of at most {Format(max)}.",
                    };
                }

                return null;
            case BoardPropertyKind.Text:
                if (value.ValueKind != JsonValueKind.String)
                {
                    return $"\"{definition.Name}\" must be text, not {Describe(value)}.";
                }

                int length = value.GetString()!.Length;
                return length > BoardLimits.MaxTextLength
                    ? $"\"{definition.Name}\" is {length:N0} characters long; shorten it to at most {BoardLimits.MaxTextLength:N0}."
                    : null;
            case BoardPropertyKind.Color:
                return value.ValueKind == JsonValueKind.String && IsColor(value.GetString()!)
                    ? null
                    : $"\"{definition.Name}\" must be a colour such as \"#1e88e5\", not {Describe(value)}.";
            case BoardPropertyKind.Choice:
                return value.ValueKind == JsonValueKind.String && definition.Choices!.Contains(value.GetString())
                    ? null
                    : $"\"{definition.Name}\" is {Describe(value)}; choose one of {string.Join(", ", definition.Choices!)}.";
            case BoardPropertyKind.ElementId:
                return value.ValueKind == JsonValueKind.String && BoardLimits.IsValidId(value.GetString())
                    ? null
                    : $"\"{definition.Name}\" must be the id of an element on the board, not {Describe(value)}.";
            case BoardPropertyKind.IntegerList:
                if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > BoardLimits.MaxListLength
                    || value.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out _)))
                {
                    return $"\"{definition.Name}\" must be a list of at most {BoardLimits.MaxListLength} whole numbers such as [200, 200], not {Describe(value)}.";
                }

                return null;
            case BoardPropertyKind.Table:
                return CheckTable(definition.Name, value);
            default:
                throw new InvalidOperationException($"Property kind {definition.Kind} has no check.");
        }
    }

    /// <summary>
    /// Checks that a table value has the shape of the experiment file's <c>table</c>, with text wherever the record
    /// has text, and fits <see cref="BoardLimits.MaxTableBytes"/>. Its columns and test fraction are the validator's job.
    /// </summary>
    private static string? CheckTable(string name, JsonElement value)
    {
        const string Example = "{\"id\": \"<SHA-256 of the file>\", \"labelColumn\": \"outcome\"}";
        if (value.ValueKind != JsonValueKind.Object)
        {
            return $"\"{name}\" must be a table such as {Example}, not {Describe(value)}. Choose a CSV file in the data source's properties.";
        }

        TableSource? table;
        try
        {
            table = value.Deserialize<TableSource>(ExperimentJson.Options);
        }
        catch (JsonException ex)
        {
            string where = ex.Path is { Length: > 2 } path ? $" (at \"{path[2..]}\")" : string.Empty;
            return $"\"{name}\" is not a table as the experiment file writes it{where}; it must look like {Example}. Choose the CSV file again.";
        }

        // The serializer accepts null for the record's text properties, which the panel and the compiler read as text.
        if (table is null || table.Id is null || table.LabelColumn is null
            || table.FeatureColumns?.Any(column => column is null) == true || table.ColumnTypes?.Values.Any(type => type is null) == true)
        {
            return $"\"{name}\" has null where text belongs (the id, the label column, a feature column or a column type). Choose the CSV file again.";
        }

        int bytes = TableBytes(value);
        if (bytes > BoardLimits.MaxTableBytes)
        {
            string fix = table.FeatureColumns is { Count: > 0 }
                ? "list fewer feature columns, or none to use every column but the label and the owner"
                : "give the file, the label column or the owner column a shorter name";
            return $"\"{name}\" takes {bytes:N0} bytes of JSON, over the board's limit of {BoardLimits.MaxTableBytes:N0}; {fix}.";
        }

        return null;
    }

    /// <summary>
    /// Returns the UTF-8 size of a table's JSON with letters of every script written as themselves, so that a name in
    /// Japanese takes 3 bytes per character. However the client escapes it, the value then takes at most 6 bytes on the
    /// wire for each of these bytes, which <see cref="BoardLimits.MaxChangeBytes"/> counts on.
    /// </summary>
    private static int TableBytes(JsonElement value) => Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(value, TableSizeJson));

    private static bool IsColor(string text) =>
        text.Length == 7 && text[0] == '#' && text.AsSpan(1).ContainsAnyExcept("0123456789abcdefABCDEF") == false;

    private static string Describe(JsonElement value)
    {
        string raw = value.GetRawText();
        return raw.Length <= 40 ? raw : $"{raw[..40]}…";
    }

    /// <summary>Formats whole numbers in full (2147483647, not 2.14748E+09) and other numbers with six significant digits.</summary>
    private static string Format(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e15
            ? value.ToString("0", CultureInfo.InvariantCulture)
            : value.ToString("G6", CultureInfo.InvariantCulture);

    private static IReadOnlyList<BoardElementDefinition> Build()
    {
        // Compact, because an element keeps the raw text of its defaults (the experiment file options indent lists).
        var compact = new JsonSerializerOptions(ExperimentJson.Options) { WriteIndented = false };
        JsonElement experimentDefaults = JsonSerializer.SerializeToElement(new ExperimentConfig(), compact);
        JsonElement groupDefaults = JsonSerializer.SerializeToElement(new ClientGroupConfig(), compact);

        string[] groupSettings = typeof(ClientGroupConfig).GetProperties()
            .Where(p => p.Name != nameof(ClientGroupConfig.Name))
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name))
            .ToArray();

        return
        [
            Element(BoardElementTypes.Server, "Server", true, "#1e88e5", 200, 110, Settings(typeof(ExperimentConfig), experimentDefaults, ServerSettings)),
            Element(BoardElementTypes.ClientGroup, "Client group", true, "#43a047", 180, 100, Settings(typeof(ClientGroupConfig), groupDefaults, groupSettings)),
            Element(BoardElementTypes.DataSource, "Data source", true, "#8e24aa", 160, 90, Settings(typeof(ExperimentConfig), experimentDefaults, DataSourceSettings)),
            Element(BoardElementTypes.Model, "Model", true, "#00897b", 160, 90, Settings(typeof(ExperimentConfig), experimentDefaults, ModelSettings)),
            Element(BoardElementTypes.Privacy, "Privacy mechanism", true, "#e53935", 170, 90,
            [
                new("mechanism", BoardPropertyKind.Choice, false, Json(DifferentialPrivacyMechanism), Choices: [DifferentialPrivacyMechanism, SecureAggregationMechanism]),
                .. Settings(typeof(ExperimentConfig), experimentDefaults, PrivacySettings, defaultOverrides: new() { ["differentialPrivacy"] = Json("central") }),
            ]),
            new(BoardElementTypes.Connector, "Connector", false,
            [
                new("from", BoardPropertyKind.ElementId, false, default),
                new("to", BoardPropertyKind.ElementId, false, default),
                new("text", BoardPropertyKind.Text, false, Json(string.Empty)),
                new("color", BoardPropertyKind.Color, false, Json("#546e7a")),
            ]),
            Element(BoardElementTypes.Note, "Sticky note", false, "#fff176", 180, 140, []),
            Element(BoardElementTypes.Text, "Text", false, "#263238", 220, 40, []),
            Element(BoardElementTypes.Frame, "Frame", false, "#90a4ae", 640, 420, []),
        ];
    }

    private static BoardElementDefinition Element(
        string type, string title, bool simulated, string color, double width, double height, IEnumerable<BoardPropertyDefinition> settings) =>
        new(type, title, simulated,
        [
            new("x", BoardPropertyKind.Number, false, Json(0), -MaxCoordinate, MaxCoordinate),
            new("y", BoardPropertyKind.Number, false, Json(0), -MaxCoordinate, MaxCoordinate),
            new("w", BoardPropertyKind.Number, false, Json(width), MinSize, MaxSize),
            new("h", BoardPropertyKind.Number, false, Json(height), MinSize, MaxSize),
            new("text", BoardPropertyKind.Text, false, Json(type == BoardElementTypes.Note || type == BoardElementTypes.Text ? string.Empty : title)),
            new("color", BoardPropertyKind.Color, false, Json(color)),
            .. settings,
        ]);

    private static IEnumerable<BoardPropertyDefinition> Settings(
        Type configType, JsonElement defaults, IEnumerable<string> names, Dictionary<string, JsonElement>? defaultOverrides = null)
    {
        foreach (string name in names)
        {
            PropertyInfo property = configType.GetProperty(char.ToUpperInvariant(name[0]) + name[1..])
                ?? throw new InvalidOperationException($"{configType.Name} has no property for board setting '{name}'.");
            Type type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            bool nullable = Nullable.GetUnderlyingType(property.PropertyType) is not null;
            // The experiment file leaves out a missing table, so its default is null.
            JsonElement value = defaultOverrides is not null && defaultOverrides.TryGetValue(name, out JsonElement custom)
                ? custom
                : defaults.TryGetProperty(name, out JsonElement given) ? given.Clone() : Json<object?>(null);

            yield return type switch
            {
                _ when type == typeof(double) => new BoardPropertyDefinition(name, BoardPropertyKind.Number, nullable, value),
                _ when type == typeof(int) => new BoardPropertyDefinition(name, BoardPropertyKind.Integer, nullable, value),
                _ when type.IsEnum => new BoardPropertyDefinition(name, BoardPropertyKind.Choice, nullable, value, Choices: [.. ExperimentNames.All(type)]),
                _ when type == typeof(TableSource) => new BoardPropertyDefinition(name, BoardPropertyKind.Table, true, value),
                _ when type == typeof(IReadOnlyList<int>) => new BoardPropertyDefinition(name, BoardPropertyKind.IntegerList, nullable, value),
                _ => throw new InvalidOperationException($"Board setting '{name}' has type {type.Name}, which the board cannot edit."),
            };
        }
    }

    private static JsonElement Json<T>(T value) => JsonSerializer.SerializeToElement(value);
}
