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
        // System.Text.Json messages name .NET types; keep the useful part and add what a file author can do.
        string message = ex.Message;
        int pathIndex = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (pathIndex > 0)
        {
            message = message[..pathIndex];
        }

        return message.Contains("could not be mapped", StringComparison.Ordinal)
            ? "unknown property. Export an experiment from the web app to see the property names."
            : message;
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
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
