using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FedWorkbench.Simulation.Configuration;

/// <summary>
/// The experiment file format: <see cref="ExperimentConfig"/> as JSON with camelCase property names and
/// kebab-case enum values (<c>"dataset": "fashion-mnist"</c>). The web app exports and imports it and
/// <c>fedwb run --config FILE</c> reads it. Missing properties take their defaults; unknown properties are errors.
/// </summary>
public static class ExperimentJson
{
    /// <summary>Largest experiment file accepted, in bytes.</summary>
    public const int MaxFileBytes = 64 * 1024;

    /// <summary>Serializer options of the experiment file format.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Writes <paramref name="config"/> as indented JSON.</summary>
    public static string Serialize(ExperimentConfig config) => JsonSerializer.Serialize(config, Options);

    /// <summary>
    /// Parses an experiment file. Throws <see cref="ExperimentException"/> naming the line and property when the
    /// text is not valid JSON, has an unknown property or a value of the wrong type. It does not validate ranges:
    /// call <see cref="ExperimentValidator.Validate"/> on the result.
    /// </summary>
    public static ExperimentConfig Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > MaxFileBytes)
        {
            throw new ExperimentException($"The experiment file is {json.Length:N0} characters long; the limit is {MaxFileBytes:N0}.");
        }

        try
        {
            return JsonSerializer.Deserialize<ExperimentConfig>(json, Options)
                ?? throw new ExperimentException("The experiment file contains null; expected a JSON object such as {\"rounds\": 30}.");
        }
        catch (JsonException ex)
        {
            string where = ex.Path is { Length: > 1 } path ? $" at {path}" : string.Empty;
            string line = ex.LineNumber is long number ? $" (line {number + 1})" : string.Empty;
            throw new ExperimentException($"The experiment file is invalid{where}{line}: {Describe(ex)}", ex);
        }
    }

    private static string Describe(JsonException ex)
    {
        // System.Text.Json messages name .NET types and parser internals. Say instead what the property accepts.
        string message = ex.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return "unknown property. Export an experiment from the web app or run fedwb config to see the property names.";
        }

        (string? property, IReadOnlyDictionary<string, string> expectedValues) = PropertyAt(ex.Path);
        if (message.Contains("Duplicate property", StringComparison.Ordinal) && property is not null)
        {
            return $"\"{property}\" appears more than once; keep one.";
        }

        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            if (property is null || !expectedValues.TryGetValue(property, out string? expected))
            {
                return "expected a JSON object such as {\"rounds\": 30}.";
            }

            // The command line accepts robust rules as strategies (--strategy krum), but the file keeps them apart.
            string aggregationHint = property == "strategy"
                ? " Robust rules such as median or krum are values of \"aggregation\", not of \"strategy\"."
                : string.Empty;
            return $"\"{property}\" must be {expected}.{aggregationHint}";
        }

        if (message.Contains("does not contain any JSON tokens", StringComparison.Ordinal))
        {
            return "the file is empty; expected a JSON object such as {\"rounds\": 30}.";
        }

        // A syntax error: keep the parser's first sentence, which names the offending character.
        int sentenceEnd = message.IndexOf(". ", StringComparison.Ordinal);
        string firstSentence = sentenceEnd > 0 ? message[..(sentenceEnd + 1)] : message;
        return $"it is not valid JSON ({firstSentence.TrimEnd('.')}).";
    }

    /// <summary>Returns "rounds" for the paths "$.rounds" and "$.hiddenLayers[1]" alike, or null for the root.</summary>
    private static string? TopLevelProperty(string? path)
    {
        if (path is null || !path.StartsWith("$.", StringComparison.Ordinal))
        {
            return null;
        }

        string rest = path[2..];
        int end = rest.IndexOfAny(['.', '[']);
        return end < 0 ? rest : rest[..end];
    }

    /// <summary>
    /// Returns the JSON name of the property that <paramref name="path"/> points to and what the properties of its
    /// object accept: "count" and the client group's properties for "$.clientGroups[0].count", "rounds" and the
    /// experiment's properties for "$.rounds" and "$.hiddenLayers[1]".
    /// </summary>
    private static (string? Property, IReadOnlyDictionary<string, string> ExpectedValues) PropertyAt(string? path)
    {
        const string tablePrefix = "$.table.";
        if (path is not null && path.StartsWith(tablePrefix, StringComparison.Ordinal))
        {
            string rest = path[tablePrefix.Length..];
            int end = rest.IndexOfAny(['.', '[']);
            return (end < 0 ? rest : rest[..end], TableExpectedValues.Value);
        }

        const string groupsPrefix = "$.clientGroups[";
        if (path is not null && path.StartsWith(groupsPrefix, StringComparison.Ordinal))
        {
            int close = path.IndexOf("].", StringComparison.Ordinal);
            if (close > 0)
            {
                string rest = path[(close + 2)..];
                int end = rest.IndexOfAny(['.', '[']);
                return (end < 0 ? rest : rest[..end], GroupExpectedValues.Value);
            }
        }

        return (TopLevelProperty(path), ExpectedValues.Value);
    }

    /// <summary>What each property of the file accepts, in words, keyed by its JSON name.</summary>
    private static readonly Lazy<IReadOnlyDictionary<string, string>> ExpectedValues = new(() => DescribeProperties(typeof(ExperimentConfig)));

    /// <summary>What each property of the file's table accepts, in words, keyed by its JSON name.</summary>
    private static readonly Lazy<IReadOnlyDictionary<string, string>> TableExpectedValues = new(() => DescribeProperties(typeof(TableSource)));

    /// <summary>What each property of a client group in the file accepts, in words, keyed by its JSON name.</summary>
    private static readonly Lazy<IReadOnlyDictionary<string, string>> GroupExpectedValues = new(() => DescribeProperties(typeof(ClientGroupConfig)));

    /// <summary>
    /// The ranges that <see cref="ExperimentValidator"/> accepts for the main whole-number properties, so that a
    /// value of the wrong type gets the range that matters instead of the range of a 32-bit integer.
    /// </summary>
    private static readonly Dictionary<string, (int Min, int Max)> WholeNumberRanges = new(StringComparer.Ordinal)
    {
        ["clients"] = (1, ExperimentLimits.MaxClients),
        ["count"] = (1, ExperimentLimits.MaxClients),
        ["localEpochs"] = (1, ExperimentLimits.MaxLocalEpochs),
        ["batchSize"] = (1, ExperimentLimits.MaxBatchSize),
        ["rounds"] = (1, ExperimentLimits.MaxRounds),
    };

    private static Dictionary<string, string> DescribeProperties(Type type) =>
        type.GetProperties().ToDictionary(
            property => JsonNamingPolicy.CamelCase.ConvertName(property.Name),
            property => DescribeType(property.PropertyType, JsonNamingPolicy.CamelCase.ConvertName(property.Name)));

    private static string DescribeType(Type type, string name)
    {
        if (Nullable.GetUnderlyingType(type) is Type underlying)
        {
            return DescribeType(underlying, name) + ", or null for the default";
        }

        if (type == typeof(int))
        {
            (int min, int max) = WholeNumberRanges.TryGetValue(name, out (int Min, int Max) range) ? range : (int.MinValue, int.MaxValue);
            return string.Create(CultureInfo.InvariantCulture, $"a whole number from {min:N0} to {max:N0}, such as 10");
        }

        if (type == typeof(double))
        {
            return "a number such as 0.1";
        }

        if (type == typeof(string))
        {
            return "a string or null";
        }

        if (type.IsEnum)
        {
            IEnumerable<string> names = ExperimentNames.All(type);
            return "one of " + string.Join(", ", names.Select(name => $"\"{name}\""));
        }

        if (type == typeof(TableSource))
        {
            return "an object such as {\"id\": \"<SHA-256 of the file>\", \"labelColumn\": \"class\"}, or null";
        }

        if (type == typeof(IReadOnlyList<string>))
        {
            return "a list of column names such as [\"age\", \"income\"], or null for every other column";
        }

        if (type == typeof(IReadOnlyDictionary<string, string>))
        {
            return "an object of column types such as {\"zip\": \"categorical\"}, or null";
        }

        if (type == typeof(IReadOnlyList<ClientGroupConfig>))
        {
            return "a list of client groups such as [{\"name\": \"Phones\", \"count\": 80, \"dataShare\": 0.8}]";
        }

        return "a list of whole numbers such as [200, 200]";
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            AllowTrailingCommas = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            NumberHandling = JsonNumberHandling.Strict,

            // The format is documented as camelCase with each property once, so "Rounds" or a second "rounds" is a
            // mistake to report, not to guess at.
            PropertyNameCaseInsensitive = false,
            AllowDuplicateProperties = false,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
