using System.Text.Json;
using FedWorkbench.Web.Runs;

namespace FedWorkbench.Web.Ui;

/// <summary>
/// A run's rounds as a JSON array of round objects with the camelCase properties that
/// <c>GET /api/runs/{id}</c> returns under <c>rounds</c>. Undefined values are null. The run page's download and
/// <c>GET /api/runs/{id}/metrics.json</c> both write it here, so the two files are identical.
/// </summary>
public static class RoundMetricsJson
{
    /// <summary>MIME type of the JSON file.</summary>
    public const string ContentType = "application/json";

    // Indented, because the file is meant to be read as well as parsed.
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>
    /// Returns a file name derived from the run name, for example "iid-baseline.metrics.json", or one with the run
    /// id when the name has no letters or digits.
    /// </summary>
    public static string FileNameFor(RunSummary run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return $"{FileNameStem.From(run.Name, $"run-{run.Id}")}.metrics.json";
    }

    /// <summary>Writes the rounds in the order given.</summary>
    public static string Write(IEnumerable<RoundMetrics> rounds)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        return JsonSerializer.Serialize(rounds.ToList(), Options);
    }
}
