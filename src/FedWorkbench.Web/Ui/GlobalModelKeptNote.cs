using System.Globalization;
using FedWorkbench.Web.Runs;

namespace FedWorkbench.Web.Ui;

/// <summary>Text of the run page's note about rounds that kept the previous global model.</summary>
public static class GlobalModelKeptNote
{
    /// <summary>
    /// Returns a note naming the latest round that kept the global model and the engine's reason, with the number
    /// of such rounds when there is more than one. Returns null when every round aggregated a new model.
    /// </summary>
    public static string? Describe(IReadOnlyList<RoundMetrics> rounds)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        RoundMetrics? latest = null;
        int keptRounds = 0;
        foreach (RoundMetrics round in rounds)
        {
            if (round.GlobalModelKeptReason is not null)
            {
                latest = round;
                keptRounds++;
            }
        }

        if (latest is null)
        {
            return null;
        }

        string reason = latest.GlobalModelKeptReason!.Trim();
        string note = string.Create(CultureInfo.InvariantCulture, $"Round {latest.Round:N0} kept the previous global model: {reason}");
        if (!note.EndsWith('.'))
        {
            note += ".";
        }

        if (keptRounds > 1)
        {
            note += string.Create(CultureInfo.InvariantCulture, $" The global model was kept in {keptRounds:N0} of {rounds.Count:N0} rounds.");
        }

        return note;
    }
}
