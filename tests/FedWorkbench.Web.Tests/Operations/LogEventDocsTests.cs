using System.Reflection;
using FedWorkbench.Simulation.Training;
using FedWorkbench.Web.Operations;
using FedWorkbench.Web.Tests.EndToEnd;
using Microsoft.Extensions.Logging;

namespace FedWorkbench.Web.Tests.Operations;

/// <summary>Keeps the log-events table in docs/deploy.md equal to the [LoggerMessage] methods in the code.</summary>
public sealed class LogEventDocsTests
{
    private const string StartMarker = "<!-- log-events:start -->";
    private const string EndMarker = "<!-- log-events:end -->";

    [Fact]
    public void DocsTable_MatchesCode()
    {
        string[] documented = [.. DocumentedEvents().Order(StringComparer.Ordinal)];
        string[] inCode = [.. CodeEvents(typeof(WorkbenchMetrics).Assembly, typeof(FederatedSimulation).Assembly).Order(StringComparer.Ordinal)];

        // On failure, run: bash scripts/list-log-events.sh --update
        Assert.Equal(inCode, documented);
    }

    [Fact]
    public void WebEventIds_AreUnique()
    {
        var duplicates = LogMethods(typeof(WorkbenchMetrics).Assembly)
            .GroupBy(entry => entry.Attribute.EventId)
            .Where(group => group.Count() > 1)
            .Select(group => $"{group.Key}: {string.Join(", ", group.Select(entry => entry.Method.DeclaringType!.Name + "." + entry.Method.Name))}")
            .ToArray();

        Assert.Empty(duplicates);
    }

    // "id class name level" per row of the table.
    private static IEnumerable<string> DocumentedEvents()
    {
        string page = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "deploy.md"));
        int start = page.IndexOf(StartMarker, StringComparison.Ordinal);
        int end = page.IndexOf(EndMarker, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "docs/deploy.md lacks the log-events markers");

        foreach (string line in page[(start + StartMarker.Length)..end].Split('\n'))
        {
            string[] cells = [.. line.Split('|').Select(cell => cell.Trim())];
            if (cells.Length < 6 || !int.TryParse(cells[1], out int id))
            {
                continue;
            }

            yield return $"{id} {cells[4]} {cells[2]} {cells[3]}";
        }
    }

    private static IEnumerable<string> CodeEvents(params Assembly[] assemblies) =>
        assemblies.SelectMany(LogMethods).Select(entry =>
            $"{entry.Attribute.EventId} {entry.Method.DeclaringType!.Name} {entry.Attribute.EventName} {entry.Attribute.Level}");

    private static IEnumerable<(MethodInfo Method, LoggerMessageAttribute Attribute)> LogMethods(Assembly assembly) =>
        from type in assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly)
        let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
        where attribute is not null
        select (method, attribute);
}
