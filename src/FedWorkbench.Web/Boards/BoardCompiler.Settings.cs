using System.Text.Json;
using System.Text.Json.Nodes;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Web.Boards;

public static partial class BoardCompiler
{
    /// <summary>Privacy settings that a differential-privacy element carries into the experiment.</summary>
    private static readonly string[] DifferentialPrivacySettings =
        ["differentialPrivacy", "clipNorm", "noiseMultiplier", "targetEpsilon", "delta", "clipQuantile", "clipLearningRate", "localEpsilon"];

    /// <summary>Settings of a natural-partition client group that the experiment takes over under the same name.</summary>
    private static readonly string[] NaturalGroupSettings = typeof(ClientGroupConfig).GetProperties()
        .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name))
        .Where(name => name is not ("name" or "count" or "dataShare"))
        .ToArray();

    /// <summary>The simulated elements of a board, sorted by type, with their checked settings.</summary>
    private sealed class BoardParts
    {
        public BoardParts(IReadOnlyList<BoardElement> elements, IReadOnlyDictionary<string, IReadOnlyDictionary<string, JsonElement>> settings)
        {
            Settings = settings;
            List<BoardElement> OfType(string type) => elements.Where(e => e.Type == type).ToList();

            Servers = OfType(BoardElementTypes.Server);
            Groups = OfType(BoardElementTypes.ClientGroup);
            DataSources = OfType(BoardElementTypes.DataSource);
            Models = OfType(BoardElementTypes.Model);
            Privacy = OfType(BoardElementTypes.Privacy);
            DifferentialPrivacy = Privacy.Where(p => Mechanism(p) == BoardSchema.DifferentialPrivacyMechanism).ToList();
            SecureAggregation = Privacy.Where(p => Mechanism(p) == BoardSchema.SecureAggregationMechanism).ToList();
        }

        public IReadOnlyDictionary<string, IReadOnlyDictionary<string, JsonElement>> Settings { get; }

        public IReadOnlyList<BoardElement> Servers { get; }

        public IReadOnlyList<BoardElement> Groups { get; }

        public IReadOnlyList<BoardElement> DataSources { get; }

        public IReadOnlyList<BoardElement> Models { get; }

        public IReadOnlyList<BoardElement> Privacy { get; }

        public IReadOnlyList<BoardElement> DifferentialPrivacy { get; }

        public IReadOnlyList<BoardElement> SecureAggregation { get; }

        /// <summary>Whether the board names one experiment: one server, a client group, and no duplicated part.</summary>
        public bool CanBuildExperiment =>
            Servers.Count == 1 && Groups.Count >= 1 && DataSources.Count <= 1 && Models.Count <= 1
            && DifferentialPrivacy.Count <= 1 && SecureAggregation.Count <= 1;

        public BoardElement Server => Servers[0];

        public BoardElement? DataSource => DataSources.FirstOrDefault();

        public BoardElement? Model => Models.FirstOrDefault();

        public BoardElement? DifferentialPrivacyElement => DifferentialPrivacy.FirstOrDefault();

        public BoardElement? SecureAggregationElement => SecureAggregation.FirstOrDefault();

        private string? Mechanism(BoardElement element) =>
            Settings.TryGetValue(element.Id, out IReadOnlyDictionary<string, JsonElement>? values)
            && values.TryGetValue("mechanism", out JsonElement mechanism) && mechanism.ValueKind == JsonValueKind.String
                ? mechanism.GetString()
                : null;
    }

    /// <summary>
    /// Returns the federated settings of an element: each present value that passes <see cref="BoardSchema.Check"/>,
    /// otherwise the schema default. A value that fails the check becomes a problem on the element and property.
    /// Position, size, text and colour are not settings and are left out.
    /// </summary>
    private static Dictionary<string, JsonElement> ReadSettings(BoardElement element, BoardElementDefinition definition, List<BoardProblem> problems)
    {
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (BoardPropertyDefinition property in definition.Properties)
        {
            if (property.Name is "x" or "y" or "w" or "h" or "text" or "color")
            {
                continue;
            }

            JsonElement value = property.Default;
            if (element.Props.TryGetValue(property.Name, out JsonElement given))
            {
                if (BoardSchema.Check(property, given) is string message)
                {
                    problems.Add(new BoardProblem([element.Id], property.Name, $"{Describe(element)}: {message}"));
                }
                else if (property.Kind == BoardPropertyKind.Integer && given.ValueKind == JsonValueKind.Number)
                {
                    // The check accepts 10.0 and 1e1, which the experiment file's integer properties do not.
                    value = JsonSerializer.SerializeToElement((int)given.GetDouble());
                }
                else
                {
                    value = given;
                }
            }

            values[property.Name] = value;
        }

        return values;
    }

    /// <summary>
    /// Builds the experiment from the server, data source, model and privacy settings and the client groups,
    /// through the experiment file format so that every name and enum value means what it means in that file.
    /// </summary>
    private static ExperimentConfig? BuildExperiment(string boardName, BoardParts parts, List<BoardProblem> problems)
    {
        var experiment = new JsonObject();
        CopySettings(parts.Settings[parts.Server.Id], experiment, null);

        if (parts.DataSource is BoardElement dataSource)
        {
            CopySettings(parts.Settings[dataSource.Id], experiment, null);
            AddTable(dataSource, experiment, problems);
        }

        if (parts.Model is BoardElement model)
        {
            CopySettings(parts.Settings[model.Id], experiment, null);
        }

        if (parts.DifferentialPrivacyElement is BoardElement differentialPrivacy)
        {
            CopySettings(parts.Settings[differentialPrivacy.Id], experiment, DifferentialPrivacySettings);
        }

        if (parts.SecureAggregationElement is BoardElement secureAggregation)
        {
            experiment["secureAggregation"] = true;
            CopySettings(parts.Settings[secureAggregation.Id], experiment, ["secureAggregationThreshold"]);
        }

        if (parts.Groups is [BoardElement onlyGroup] && IsNatural(parts, onlyGroup))
        {
            // The natural partition makes one client per owner of the whole table, which the experiment file writes
            // without groups: the group's settings become the experiment's, and its count the client count.
            AddNaturalGroup(parts, onlyGroup, experiment, problems);
        }
        else
        {
            AddGroups(parts, experiment, problems);
        }

        experiment["name"] = ExperimentName(boardName);

        try
        {
            return experiment.Deserialize<ExperimentConfig>(ExperimentJson.Options);
        }
        catch (JsonException exception)
        {
            // BoardSchema.Check passed every value, so this means the schema and the experiment file disagree.
            problems.Add(new BoardProblem([], null,
                $"The board's settings do not form a valid experiment file ({exception.Message}). Export the board and report this problem."));
            return null;
        }
    }

    /// <summary>
    /// Keeps the data source's table only when its dataset is the table, so that a board switched back to
    /// Fashion-MNIST keeps the file's choices for later, and reports a table dataset without a file.
    /// </summary>
    private static void AddTable(BoardElement dataSource, JsonObject experiment, List<BoardProblem> problems)
    {
        bool usesTable = experiment["dataset"]?.GetValue<string>() == ExperimentNames.Of(DatasetKind.Table);
        if (!usesTable)
        {
            experiment.Remove("table");
        }
        else if (experiment["table"] is null)
        {
            problems.Add(new BoardProblem([dataSource.Id], "table",
                $"{Describe(dataSource)}: the table dataset trains on a CSV file, and none is chosen. Choose a CSV file or the sample file in the data source's properties."));
        }
    }

    private static void AddGroups(BoardParts parts, JsonObject experiment, List<BoardProblem> problems)
    {
        var groups = new JsonArray();
        long clients = 0;
        foreach (BoardElement group in parts.Groups)
        {
            var groupObject = new JsonObject { ["name"] = GroupName(group) };
            CopySettings(parts.Settings[group.Id], groupObject, null);
            if (IsNatural(parts, group))
            {
                // The validator's message advises removing the groups, which does not fit a board. This message
                // names the board's fix, and the group's other settings are checked as an IID group's.
                problems.Add(new BoardProblem([group.Id], "partition",
                    $"{Describe(group)}: the natural partition makes one client per owner of the whole table, so it must be the board's only client group. " +
                    "Delete the other client groups, or choose another partition."));
                groupObject["partition"] = ExperimentNames.Of(PartitionKind.Iid);
            }

            groups.Add(groupObject);
            clients += parts.Settings[group.Id]["count"].GetInt32();
        }

        experiment["clientGroups"] = groups;

        // A sum beyond the 32-bit range is clamped; the validator reports it as too many clients.
        experiment["clients"] = (int)Math.Clamp(clients, int.MinValue, int.MaxValue);
    }

    private static void AddNaturalGroup(BoardParts parts, BoardElement group, JsonObject experiment, List<BoardProblem> problems)
    {
        IReadOnlyDictionary<string, JsonElement> settings = parts.Settings[group.Id];
        CopySettings(settings, experiment, NaturalGroupSettings);
        experiment["clients"] = settings["count"].GetInt32();
        experiment["clientGroups"] = new JsonArray();

        // Each owner trains on all of its rows, so a share of the table has no meaning here.
        if (settings["dataShare"].GetDouble() != 1)
        {
            problems.Add(new BoardProblem([group.Id], "dataShare",
                $"{Describe(group)}: the natural partition gives each owner all of its rows, so the data share must be 1, not {settings["dataShare"].GetRawText()}. Set it to 1."));
        }
    }

    private static bool IsNatural(BoardParts parts, BoardElement group) => UsesNaturalPartition(parts.Settings[group.Id]);

    /// <summary>Returns whether a client group's properties choose the natural partition.</summary>
    internal static bool UsesNaturalPartition(IReadOnlyDictionary<string, JsonElement> props) =>
        props.TryGetValue("partition", out JsonElement partition)
        && partition.ValueKind == JsonValueKind.String
        && partition.GetString() == ExperimentNames.Of(PartitionKind.Natural);

    private static void CopySettings(IReadOnlyDictionary<string, JsonElement> settings, JsonObject target, IReadOnlyCollection<string>? only)
    {
        foreach ((string name, JsonElement value) in settings)
        {
            if (name == "mechanism" || (only is not null && !only.Contains(name)))
            {
                continue;
            }

            target[name] = JsonNode.Parse(value.GetRawText());
        }
    }

    /// <summary>The group's label with runs of white space, line breaks included, collapsed to one space; null when empty.</summary>
    private static string? GroupName(BoardElement group)
    {
        string name = CollapseWhiteSpace(ReadString(group, "text") ?? string.Empty);
        return name.Length == 0 ? null : name;
    }

    /// <summary>The board name with white space collapsed, cut to the experiment name limit; null when empty.</summary>
    private static string? ExperimentName(string? boardName)
    {
        string name = CollapseWhiteSpace(boardName ?? string.Empty);
        if (name.Length > ExperimentLimits.MaxNameLength)
        {
            name = name[..ExperimentLimits.MaxNameLength].TrimEnd();
        }

        return name.Length == 0 ? null : name;
    }

    private static string CollapseWhiteSpace(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string? ReadString(BoardElement element, string property) =>
        element.Props.TryGetValue(property, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
