using FedWorkbench.Web.Boards;

namespace FedWorkbench.Web.Ui;

/// <summary>The compiler's problems of a board, indexed by element for the properties panel.</summary>
public sealed class RoomProblems
{
    private readonly Dictionary<string, List<BoardProblem>> _byElement = new(StringComparer.Ordinal);

    /// <summary>An empty list: the board has not been checked yet, or it has no problems.</summary>
    public static RoomProblems None { get; } = new([]);

    /// <summary>Indexes <paramref name="problems"/> by every element each one names.</summary>
    public RoomProblems(IReadOnlyList<BoardProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        All = problems;
        foreach (BoardProblem problem in problems)
        {
            foreach (string id in problem.ElementIds.Distinct(StringComparer.Ordinal))
            {
                if (!_byElement.TryGetValue(id, out List<BoardProblem>? list))
                {
                    list = [];
                    _byElement[id] = list;
                }

                list.Add(problem);
            }
        }
    }

    /// <summary>Every problem, in the compiler's order.</summary>
    public IReadOnlyList<BoardProblem> All { get; }

    /// <summary>Problems of the board as a whole, which name no element (for example, no server).</summary>
    public IEnumerable<BoardProblem> BoardWide => All.Where(p => p.ElementIds.Count == 0);

    /// <summary>Every element id that some problem names, for highlighting them all at once.</summary>
    public IReadOnlyList<string> ElementIds => [.. _byElement.Keys];

    /// <summary>Returns the problems that name <paramref name="elementId"/>, in the compiler's order.</summary>
    public IReadOnlyList<BoardProblem> ForElement(string elementId) =>
        _byElement.TryGetValue(elementId, out List<BoardProblem>? list) ? list : [];

    /// <summary>
    /// Returns the problems of <paramref name="elementId"/> about <paramref name="property"/>. The panel shows them
    /// under that field.
    /// </summary>
    public IReadOnlyList<BoardProblem> ForProperty(string elementId, string property) =>
        [.. ForElement(elementId).Where(p => p.Property == property)];

    /// <summary>Returns the problems of <paramref name="elementId"/> that name no property or a property without a field.</summary>
    public IReadOnlyList<BoardProblem> ForElementOnly(string elementId, IEnumerable<string> fieldNames)
    {
        HashSet<string> names = [.. fieldNames];
        return [.. ForElement(elementId).Where(p => p.Property is null || !names.Contains(p.Property))];
    }
}
