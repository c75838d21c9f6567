using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Boards;

namespace FedWorkbench.Web.Ui;

/// <summary>
/// Decides which settings of a board element a run reads under the element's own choices, with the experiment
/// form's rules in <see cref="ExperimentSettingUse"/>. The properties panel shows only these settings.
/// </summary>
public static class RoomSettingUse
{
    // The privacy settings that the compiler copies from a differential-privacy element.
    // A secure-aggregation element has only its threshold.
    private static readonly HashSet<string> DifferentialPrivacySettings =
        ["differentialPrivacy", "clipNorm", "noiseMultiplier", "targetEpsilon", "delta", "clipQuantile", "clipLearningRate", "localEpsilon"];

    private static readonly HashSet<string> ExperimentSettings = typeof(ExperimentConfig)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Select(p => p.Name)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Returns a predicate that returns whether a run reads property <c>name</c> of an element of
    /// <paramref name="type"/> with properties <paramref name="props"/>. Properties that are not experiment
    /// settings (position, label, colour, count, data share, mechanism) are always read.
    /// </summary>
    public static Func<string, bool> For(string type, IReadOnlyDictionary<string, JsonElement>? props)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (props is null)
        {
            return _ => true;
        }

        string? mechanism = type == BoardElementTypes.Privacy ? ReadString(props, "mechanism") : null;
        ExperimentConfig? config = ToConfig(type, props, mechanism);
        if (config is null)
        {
            return _ => true;
        }

        return name =>
        {
            if (mechanism == BoardSchema.SecureAggregationMechanism && DifferentialPrivacySettings.Contains(name))
            {
                return false;
            }

            string setting = ToSettingName(name);
            return !ExperimentSettings.Contains(setting) || ExperimentSettingUse.IsUsed(config, setting);
        };
    }

    /// <summary>
    /// Builds an experiment from the element's own settings, so that the rules can read its choices. A client
    /// group's settings have the same names as the experiment's single-group settings. Returns null when the
    /// values do not form an experiment file, which leaves every setting shown.
    /// </summary>
    private static ExperimentConfig? ToConfig(string type, IReadOnlyDictionary<string, JsonElement> props, string? mechanism)
    {
        var experiment = new JsonObject();
        foreach ((string name, JsonElement value) in props)
        {
            if (ExperimentSettings.Contains(ToSettingName(name)))
            {
                experiment[name] = JsonNode.Parse(value.GetRawText());
            }
        }

        if (mechanism == BoardSchema.SecureAggregationMechanism)
        {
            experiment["secureAggregation"] = true;
            experiment.Remove("differentialPrivacy");
        }

        // The server does not know whether the board has a secure-aggregation element, so it shows the
        // settings that only secure aggregation reads (round failures).
        if (type == BoardElementTypes.Server)
        {
            experiment["secureAggregation"] = true;
        }

        try
        {
            return experiment.Deserialize<ExperimentConfig>(ExperimentJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string ToSettingName(string name) =>
        name.Length == 0 ? name : string.Concat(char.ToUpperInvariant(name[0]).ToString(), name[1..]);

    private static string? ReadString(IReadOnlyDictionary<string, JsonElement> props, string name) =>
        props.TryGetValue(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
