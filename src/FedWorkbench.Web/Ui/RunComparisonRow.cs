using System.Text.Json;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Boards;

namespace FedWorkbench.Web.Ui;

/// <summary>One experiment setting across the compared runs, as the settings table shows it.</summary>
/// <param name="Setting">The setting's property name in the experiment file, such as <c>clientFraction</c>.</param>
/// <param name="Values">The setting's value in each run, in the order of the runs, written as in the experiment file.</param>
/// <param name="Differs">Whether at least two runs have different values.</param>
public sealed record RunComparisonRow(string Setting, IReadOnlyList<string> Values, bool Differs)
{
    /// <summary>
    /// The setting's label on the experiment form, such as "Compute speed median" for <c>computeSpeedMedian</c>,
    /// or the file name itself for a setting that has no input.
    /// </summary>
    public string Label => FieldLabels.ForFileName(Setting) ?? Setting;

    /// <summary>Text shown for a setting that is null or absent, such as a round deadline that is not set.</summary>
    public const string NoValue = "none";

    /// <summary>
    /// Builds one row per setting of the experiment file format, in the file's property order. Writing each
    /// configuration with <see cref="ExperimentJson"/> covers every setting, including ones added later, and shows
    /// values in the spelling of the exported file.
    /// </summary>
    public static IReadOnlyList<RunComparisonRow> Build(IReadOnlyList<ExperimentConfig> configs)
    {
        ArgumentNullException.ThrowIfNull(configs);
        var settings = new List<string>();
        var valuesByRun = new List<Dictionary<string, string>>();
        foreach (ExperimentConfig config in configs)
        {
            using JsonDocument document = JsonDocument.Parse(ExperimentJson.Serialize(config));
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                if (!settings.Contains(property.Name))
                {
                    settings.Add(property.Name);
                }

                values[property.Name] = property.Name == TableSetting ? FormatTable(property.Value) : Format(property.Value);
            }

            valuesByRun.Add(values);
        }

        return settings
            .Select(setting =>
            {
                string[] values = [.. valuesByRun.Select(run => run.GetValueOrDefault(setting, NoValue))];
                return new RunComparisonRow(setting, values, values.Distinct(StringComparer.Ordinal).Count() > 1);
            })
            .ToList();
    }

    /// <summary>The experiment file's name of <see cref="ExperimentConfig.Table"/>, which is absent for built-in datasets.</summary>
    private const string TableSetting = "table";

    // Formats a table as "sites.csv (3f2a9c1e), label class, owner site, features age, income, test fraction 0.2":
    // the file's name and the start of its id, which distinguishes two files of the same name, then the choices made.
    private static string FormatTable(JsonElement table)
    {
        if (table.ValueKind != JsonValueKind.Object)
        {
            return Format(table);
        }

        string Text(string name) => table.TryGetProperty(name, out JsonElement value) ? Format(value) : NoValue;
        string id = Text("id");
        var parts = new List<string>
        {
            $"{Text("fileName")} ({(id.Length > 8 ? id[..8] : id)})",
            $"label {Text("labelColumn")}",
            $"owner {Text("ownerColumn")}",
            $"features {(Text("featureColumns") is var features && features != NoValue ? features : "all other columns")}",
        };
        if (table.TryGetProperty("columnTypes", out JsonElement types) && types.ValueKind == JsonValueKind.Object)
        {
            parts.Add("types " + string.Join(", ", types.EnumerateObject().Select(type => $"{type.Name} {Format(type.Value)}")));
        }

        parts.Add($"test fraction {Text("testFraction")}");
        return string.Join(", ", parts);
    }

    private static string Format(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? NoValue,
        JsonValueKind.Null => NoValue,
        JsonValueKind.Array when value.GetArrayLength() == 0 => NoValue,
        JsonValueKind.Array => string.Join(value[0].ValueKind == JsonValueKind.Object ? "; " : ", ", value.EnumerateArray().Select(Format)),
        JsonValueKind.Object => FormatGroup(value),
        _ => value.GetRawText(),
    };

    private static readonly JsonElement GroupDefaults = JsonSerializer.SerializeToElement(new ClientGroupConfig(), ExperimentJson.Options);

    // Formats a client group as "Phones: Clients in the group 20, Data share 0.6, Partition iid, Dropout probability 0.2".
    // The count, share and partition are always listed, and other settings only where they differ from a group's
    // defaults. The labels are those of the board's properties panel.
    private static string FormatGroup(JsonElement group)
    {
        string name = group.TryGetProperty("name", out JsonElement nameValue) && nameValue.ValueKind == JsonValueKind.String
            ? nameValue.GetString()!
            : "Unnamed group";

        var parts = new List<string>();
        foreach (JsonProperty property in group.EnumerateObject())
        {
            if (property.Name == "name")
            {
                continue;
            }

            bool alwaysListed = property.Name is "count" or "partition" or "dataShare";
            bool isDefault = GroupDefaults.TryGetProperty(property.Name, out JsonElement defaultValue)
                && defaultValue.GetRawText() == property.Value.GetRawText();
            if (alwaysListed || !isDefault)
            {
                parts.Add($"{RoomPropertyForm.Label(BoardElementTypes.ClientGroup, property.Name)} {Format(property.Value)}");
            }
        }

        return $"{name}: {string.Join(", ", parts)}";
    }
}
