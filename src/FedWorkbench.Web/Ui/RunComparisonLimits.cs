namespace FedWorkbench.Web.Ui;

/// <summary>How many runs the compare page shows at once, and its address.</summary>
public static class RunComparisonLimits
{
    /// <summary>Fewest runs that make a comparison.</summary>
    public const int MinRuns = 2;

    /// <summary>
    /// Maximum runs compared at once. Eight curves in distinct colors are still distinguishable on one chart, and eight
    /// configuration columns still fit a laptop screen.
    /// </summary>
    public const int MaxRuns = 8;

    /// <summary>Name of the query parameter that lists the compared run ids, separated by commas.</summary>
    public const string RunsParameter = "runs";

    /// <summary>Returns the compare page's address for <paramref name="runIds"/>, relative to the app's base address.</summary>
    public static string CompareLink(IEnumerable<Guid> runIds)
    {
        ArgumentNullException.ThrowIfNull(runIds);
        return $"compare?{RunsParameter}={string.Join(',', runIds.Select(id => id.ToString("D")))}";
    }
}
