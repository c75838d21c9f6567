using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Web.Boards;

/// <summary>The experiment a board describes, or the problems that keep it from running.</summary>
/// <param name="Config">The validated experiment; null when <paramref name="Problems"/> is not empty.</param>
public sealed record BoardCompilation(ExperimentConfig? Config, IReadOnlyList<BoardProblem> Problems);

/// <summary>Compiles a board's elements into an <see cref="ExperimentConfig"/>; the rules are in docs/board.md.</summary>
/// <remarks>
/// Notes, text and frames never change the experiment. A connector whose end is not on the board is ignored.
/// Structural problems (servers, client groups, duplicates, connections) and invalid settings are all reported in
/// one pass, so that the problems list shows everything to fix at once.
/// </remarks>
public static partial class BoardCompiler
{
    /// <summary>
    /// Reads the server, client groups, data source, model and privacy elements and their connectors. Returns the
    /// experiment, validated by <see cref="ExperimentValidator"/>, or every problem found, each pointing at the
    /// elements and the property concerned.
    /// </summary>
    /// <param name="boardName">Becomes the experiment's name.</param>
    public static BoardCompilation Compile(string boardName, IReadOnlyList<BoardElement> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        var problems = new List<BoardProblem>();

        // Read and check every simulated element's settings once, so that a bad value is reported once. Those
        // problems follow the structural ones, which usually matter first.
        var settingProblems = new List<BoardProblem>();
        var settings = new Dictionary<string, IReadOnlyDictionary<string, System.Text.Json.JsonElement>>(StringComparer.Ordinal);
        foreach (BoardElement element in elements)
        {
            if (BoardSchema.Find(element.Type) is { Simulated: true } definition && !settings.ContainsKey(element.Id))
            {
                settings[element.Id] = ReadSettings(element, definition, settingProblems);
            }
        }

        var parts = new BoardParts(elements, settings);
        CheckStructure(parts, problems);
        CheckConnections(parts, elements, problems);
        problems.AddRange(settingProblems);

        ExperimentConfig? config = null;
        if (parts.CanBuildExperiment)
        {
            config = BuildExperiment(boardName, parts, problems);
            if (config is not null)
            {
                foreach (ValidationError error in ExperimentValidator.Validate(config))
                {
                    problems.Add(MapValidationError(error, parts));
                }
            }
        }

        return problems.Count == 0 && config is not null
            ? new BoardCompilation(config, [])
            : new BoardCompilation(null, problems);
    }

    private static void CheckStructure(BoardParts parts, List<BoardProblem> problems)
    {
        if (parts.Servers.Count == 0)
        {
            problems.Add(new BoardProblem([], null,
                "The board has no server. Add a Server element from the palette and connect the client groups to it."));
        }
        else if (parts.Servers.Count > 1)
        {
            problems.Add(new BoardProblem(Ids(parts.Servers), null,
                $"The board has {parts.Servers.Count} servers ({DescribeAll(parts.Servers)}), but an experiment has one. Delete all servers but one."));
        }

        if (parts.Groups.Count == 0)
        {
            problems.Add(new BoardProblem([], null,
                "The board has no client group. Add a Client group element and draw a connector from it to the server."));
        }

        AddDuplicateProblem(parts.DataSources, "data sources", "an experiment trains on one dataset", problems);
        AddDuplicateProblem(parts.Models, "models", "an experiment trains one model", problems);
        AddDuplicateProblem(parts.DifferentialPrivacy, "differential-privacy elements", "an experiment uses one differential-privacy mechanism", problems);
        AddDuplicateProblem(parts.SecureAggregation, "secure-aggregation elements", "secure aggregation is either on or off", problems);
    }

    private static void AddDuplicateProblem(IReadOnlyList<BoardElement> found, string plural, string reason, List<BoardProblem> problems)
    {
        if (found.Count > 1)
        {
            problems.Add(new BoardProblem(Ids(found), null,
                $"The board has {found.Count} {plural} ({DescribeAll(found)}), but {reason}. Delete all of them but one."));
        }
    }

    /// <summary>
    /// Reports client groups and privacy elements with no path of connectors to a server. The path may pass through
    /// any element except notes, text and frames, so a group connected to a privacy element that is connected to the
    /// server counts as connected. With several servers, a path to any of them counts.
    /// </summary>
    private static void CheckConnections(BoardParts parts, IReadOnlyList<BoardElement> elements, List<BoardProblem> problems)
    {
        if (parts.Servers.Count == 0)
        {
            return;
        }

        HashSet<string> reachable = ReachableFrom(parts.Servers, elements);
        foreach (BoardElement group in parts.Groups.Where(g => !reachable.Contains(g.Id)))
        {
            problems.Add(new BoardProblem([group.Id], null,
                $"{Describe(group)} is not connected to the server. Draw a connector from it to the server."));
        }

        foreach (BoardElement privacy in parts.Privacy.Where(p => !reachable.Contains(p.Id)))
        {
            problems.Add(new BoardProblem([privacy.Id], null,
                $"{Describe(privacy)} is not connected to the server, so it would protect nothing. Draw a connector from it to the server."));
        }
    }

    private static HashSet<string> ReachableFrom(IReadOnlyList<BoardElement> servers, IReadOnlyList<BoardElement> elements)
    {
        HashSet<string> nodes = elements
            .Where(e => e.Type is not (BoardElementTypes.Note or BoardElementTypes.Text or BoardElementTypes.Frame or BoardElementTypes.Connector))
            .Select(e => e.Id)
            .ToHashSet(StringComparer.Ordinal);

        var neighbours = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (BoardElement connector in elements.Where(e => e.Type == BoardElementTypes.Connector))
        {
            // A connector whose end is missing or is a note, text or frame joins nothing.
            if (ReadString(connector, "from") is not string from || ReadString(connector, "to") is not string to
                || !nodes.Contains(from) || !nodes.Contains(to))
            {
                continue;
            }

            AddNeighbour(neighbours, from, to);
            AddNeighbour(neighbours, to, from);
        }

        var reachable = new HashSet<string>(servers.Select(s => s.Id), StringComparer.Ordinal);
        var pending = new Queue<string>(reachable);
        while (pending.TryDequeue(out string? current))
        {
            if (!neighbours.TryGetValue(current, out List<string>? next))
            {
                continue;
            }

            foreach (string id in next.Where(reachable.Add))
            {
                pending.Enqueue(id);
            }
        }

        return reachable;
    }

    private static void AddNeighbour(Dictionary<string, List<string>> neighbours, string from, string to)
    {
        if (!neighbours.TryGetValue(from, out List<string>? list))
        {
            list = [];
            neighbours[from] = list;
        }

        list.Add(to);
    }
}
