using System.Globalization;
using FedWorkbench.Web.Runs;

namespace FedWorkbench.Web.Ui;

/// <summary>Text of the run page's warning about rounds in which the engine rejected client updates.</summary>
public static class RejectedUpdatesWarning
{
    /// <summary>
    /// Returns a warning about the latest round that rejected updates, with the number of such rounds when there
    /// is more than one, or null when every update of <paramref name="rounds"/> was aggregated.
    /// </summary>
    // NOTE: the engine also rejects updates of the wrong length or with a non-positive weight, but the metrics do
    // not carry the reason, and a validated configuration only produces non-finite updates, as when SGD diverges.
    public static string? Describe(IReadOnlyList<RoundMetrics> rounds)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        RoundMetrics? latest = null;
        int roundsWithRejections = 0;
        foreach (RoundMetrics round in rounds)
        {
            if (round.RejectedClients > 0)
            {
                latest = round;
                roundsWithRejections++;
            }
        }

        if (latest is null)
        {
            return null;
        }

        string outcome = latest.AggregatedClients == 0
            ? "the global model was kept"
            : string.Create(CultureInfo.InvariantCulture, $"the other {latest.AggregatedClients:N0} were averaged");
        // Only reported updates can be rejected. An engine that does not count reported clients leaves 0 there,
        // and without dropouts every sampled client reports.
        int reported = latest.ReportedClients > 0 ? latest.ReportedClients : latest.SampledClients;
        string warning = string.Create(CultureInfo.InvariantCulture,
            $"Round {latest.Round:N0}: {latest.RejectedClients:N0} of {reported:N0} client updates were rejected (non-finite values); {outcome}.");
        if (roundsWithRejections > 1)
        {
            warning += string.Create(CultureInfo.InvariantCulture,
                $" Updates were rejected in {roundsWithRejections:N0} of {rounds.Count:N0} rounds.");
        }

        return warning + " A smaller learning rate usually helps.";
    }
}
