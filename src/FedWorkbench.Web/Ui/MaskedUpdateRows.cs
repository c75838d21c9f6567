using System.Globalization;
using FedWorkbench.Web.Runs;

namespace FedWorkbench.Web.Ui;

/// <summary>The cells of the run page's table of one client's update beside its masked form.</summary>
public static class MaskedUpdateRows
{
    /// <summary>The sentence above the table on why a single masked update reveals nothing.</summary>
    public const string Explanation =
        "Pairwise masks make each masked value uniformly random modulo 2³², and they cancel only in the sum over the " +
        "round's clients, so one masked update reveals nothing on its own.";

    /// <summary>Returns coordinate <paramref name="index"/> of the update before masking, or "–" when it is missing or was not finite.</summary>
    public static string Value(MaskedUpdateValues sample, int index)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return index < sample.Update.Count && sample.Update[index] is double value
            ? value.ToString("G4", CultureInfo.InvariantCulture)
            : "–";
    }

    /// <summary>Returns coordinate <paramref name="index"/> as the server received it, an integer modulo 2³² with thousands separators.</summary>
    public static string Masked(MaskedUpdateValues sample, int index)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return sample.Masked[index].ToString("N0", CultureInfo.InvariantCulture);
    }
}
