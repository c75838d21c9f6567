using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Web.Boards;

public static partial class BoardCompiler
{
    /// <summary>Longest label quoted in a message; longer labels are cut with an ellipsis.</summary>
    private const int MaxQuotedLabelLength = 40;

    private static readonly HashSet<string> DataSourceFields = ["Dataset", "SyntheticAlpha", "SyntheticBeta", "Table"];

    private static readonly HashSet<string> ModelFields = ["Model", "HiddenLayers"];

    private static readonly HashSet<string> DifferentialPrivacyFields =
        ["DifferentialPrivacy", "ClipNorm", "NoiseMultiplier", "TargetEpsilon", "Delta", "ClipQuantile", "ClipLearningRate", "LocalEpsilon"];

    private static readonly HashSet<string> SecureAggregationFields = ["SecureAggregation", "SecureAggregationThreshold"];

    /// <summary>Top-level fields that a client group overrides, such as <c>Partition</c> or <c>Dropout</c>.</summary>
    private static readonly HashSet<string> GroupFields = typeof(ClientGroupConfig).GetProperties()
        .Select(p => p.Name)
        .Where(name => name != nameof(ClientGroupConfig.Name))
        .ToHashSet();

    [GeneratedRegex(@"^ClientGroups\[(?<index>\d+)\](\.(?<field>\w+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex GroupFieldPattern();

    /// <summary>
    /// Maps one validation error to the elements of a board with one server and at least one client group, as
    /// <see cref="Compile"/> does. Lets tests check the mapping of a field without a board that makes the validator
    /// report it.
    /// </summary>
    internal static BoardProblem MapValidationError(ValidationError error, IReadOnlyList<BoardElement> elements)
    {
        var settings = new Dictionary<string, IReadOnlyDictionary<string, JsonElement>>(StringComparer.Ordinal);
        foreach (BoardElement element in elements)
        {
            if (BoardSchema.Find(element.Type) is { Simulated: true } definition)
            {
                settings[element.Id] = ReadSettings(element, definition, []);
            }
        }

        var parts = new BoardParts(elements, settings);
        if (!parts.CanBuildExperiment)
        {
            throw new ArgumentException("The board needs one server, a client group and no duplicated part.", nameof(elements));
        }

        return MapValidationError(error, parts);
    }

    /// <summary>
    /// Turns a validation error into a problem on the element that contains the setting: <c>ClientGroups[i].Field</c>
    /// goes to group i, <c>ClientGroups</c> and <c>Clients</c> to every group, server settings to the server,
    /// privacy settings to their privacy element, dataset and model settings to the data source and model element
    /// (or the server when the board has none), and the experiment name to the board as a whole.
    /// </summary>
    private static BoardProblem MapValidationError(ValidationError error, BoardParts parts)
    {
        Match match = GroupFieldPattern().Match(error.Field);
        if (match.Success)
        {
            string? field = match.Groups["field"].Success ? match.Groups["field"].Value : null;
            if (int.TryParse(match.Groups["index"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int index)
                && index < parts.Groups.Count)
            {
                BoardElement group = parts.Groups[index];
                return OnElement(group, field, WithoutGroupPrefix(error.Message, index, GroupName(group)));
            }

            return OnGroups(parts, field, error.Message);
        }

        if (error.Field == nameof(ExperimentConfig.ClientGroups))
        {
            return OnGroups(parts, null, error.Message);
        }

        if (error.Field == nameof(ExperimentConfig.Clients))
        {
            return OnGroups(parts, "count", error.Message);
        }

        if (GroupFields.Contains(error.Field))
        {
            return OnGroups(parts, error.Field, error.Message);
        }

        if (error.Field == nameof(ExperimentConfig.Name))
        {
            return new BoardProblem([], null, $"Board name: {error.Message} Rename the board.");
        }

        // The table's own checks name a part of it, such as Table.LabelColumn; the board edits the table as one property.
        string setting = error.Field.StartsWith($"{nameof(ExperimentConfig.Table)}.", StringComparison.Ordinal)
            ? nameof(ExperimentConfig.Table)
            : error.Field;
        BoardElement target = setting switch
        {
            _ when DataSourceFields.Contains(setting) => parts.DataSource ?? parts.Server,
            _ when ModelFields.Contains(setting) => parts.Model ?? parts.Server,
            _ when DifferentialPrivacyFields.Contains(setting) => parts.DifferentialPrivacyElement ?? parts.Server,
            _ when SecureAggregationFields.Contains(setting) => parts.SecureAggregationElement ?? parts.Server,
            _ => parts.Server,
        };
        return OnElement(target, setting, error.Message);
    }

    /// <summary>
    /// Removes the validator's "Client group 2 (Tablets): " from the start of a group's message, because the problem
    /// names the group by its label instead.
    /// </summary>
    private static string WithoutGroupPrefix(string message, int index, string? name)
    {
        string number = (index + 1).ToString(CultureInfo.InvariantCulture);
        string[] prefixes = name is null ? [$"Client group {number}: "] : [$"Client group {number} ({name}): ", $"Client group {number}: "];
        foreach (string prefix in prefixes)
        {
            if (message.StartsWith(prefix, StringComparison.Ordinal))
            {
                return message[prefix.Length..];
            }
        }

        return message;
    }

    private static BoardProblem OnElement(BoardElement element, string? field, string message) =>
        new([element.Id], PropertyOf(element.Type, field), $"{Describe(element)}: {message}");

    private static BoardProblem OnGroups(BoardParts parts, string? field, string message) =>
        new(Ids(parts.Groups), PropertyOf(BoardElementTypes.ClientGroup, field), $"Client groups: {message}");

    /// <summary>Returns the camelCase name of <paramref name="field"/> when the element type has that property, otherwise null.</summary>
    private static string? PropertyOf(string type, string? field)
    {
        if (field is null)
        {
            return null;
        }

        string name = JsonNamingPolicy.CamelCase.ConvertName(field);
        return BoardSchema.Find(type)?.Find(name) is null ? null : name;
    }

    /// <summary>Names an element by its type and label, for example <c>Client group 'Hospitals'</c>.</summary>
    internal static string Describe(BoardElement element)
    {
        string title = BoardSchema.Find(element.Type)?.Title ?? element.Type;
        string label = CollapseWhiteSpace(ReadString(element, "text") ?? string.Empty);
        if (label.Length == 0)
        {
            return $"{title} {element.Id} (no label)";
        }

        if (label.Length > MaxQuotedLabelLength)
        {
            label = $"{label[..MaxQuotedLabelLength].TrimEnd()}…";
        }

        return $"{title} '{label}'";
    }

    private static string DescribeAll(IEnumerable<BoardElement> elements) => string.Join(", ", elements.Select(Describe));

    private static string[] Ids(IEnumerable<BoardElement> elements) => elements.Select(e => e.Id).ToArray();
}
