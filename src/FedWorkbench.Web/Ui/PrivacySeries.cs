using System.Globalization;
using FedWorkbench.Web.Runs;

namespace FedWorkbench.Web.Ui;

/// <summary>The values one round adds to the run page's privacy charts.</summary>
/// <param name="Epsilon">ε spent after the round, or null when it is unbounded or was not recorded.</param>
/// <param name="ClipNorm">Clip norm S of the round, or null without differential privacy.</param>
public sealed record PrivacyChartPoint(int Round, double? Epsilon, double? ClipNorm);

/// <summary>
/// The run page's privacy state, built from rounds as they arrive: the ε series, whether ε is unbounded, the clip
/// norm series and the secure-aggregation totals, with the texts shown over and beside the charts.
/// </summary>
/// <remarks>Not thread-safe: use it on the component's synchronization context only.</remarks>
public sealed class PrivacySeries
{
    /// <summary>Message over the ε chart when rounds arrived without an ε, for example from a run stored before ε was recorded.</summary>
    public const string NotRecordedMessage = "No ε was recorded for these rounds.";

    /// <summary>Rounds added so far.</summary>
    public int RoundCount { get; private set; }

    /// <summary>Whether the last round added reported ε as unbounded, because the noise multiplier is 0.</summary>
    public bool IsUnbounded { get; private set; }

    /// <summary>ε after the last round that reported a finite one, or null before such a round.</summary>
    public double? LatestEpsilon { get; private set; }

    /// <summary>The round of <see cref="LatestEpsilon"/>, 0 before such a round.</summary>
    public int LatestEpsilonRound { get; private set; }

    /// <summary>Whether any round added so far reported a clip norm.</summary>
    public bool HasClipNorm { get; private set; }

    /// <summary>Bytes that secure aggregation added over every round so far.</summary>
    public long SecureAggregationBytes { get; private set; }

    /// <summary>Wall-clock seconds of masking and unmasking over every round so far.</summary>
    public double SecureAggregationSeconds { get; private set; }

    /// <summary>The masked-update sample of the latest round that has one, or null before such a round.</summary>
    public MaskedUpdateValues? LatestMaskedUpdate { get; private set; }

    /// <summary>The round of <see cref="LatestMaskedUpdate"/>, 0 before such a round.</summary>
    public int LatestMaskedUpdateRound { get; private set; }

    /// <summary>Converts <paramref name="rounds"/> in order, adding each to the totals.</summary>
    public IReadOnlyList<PrivacyChartPoint> Add(IEnumerable<RoundMetrics> rounds)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        return [.. rounds.Select(Add)];
    }

    /// <summary>Converts one round, adding it to the totals.</summary>
    public PrivacyChartPoint Add(RoundMetrics round)
    {
        ArgumentNullException.ThrowIfNull(round);
        RoundCount++;
        IsUnbounded = round.EpsilonUnbounded;
        if (round.Epsilon is double epsilon && !round.EpsilonUnbounded)
        {
            LatestEpsilon = epsilon;
            LatestEpsilonRound = round.Round;
        }

        HasClipNorm |= round.ClipNorm is not null;
        SecureAggregationBytes += round.SecureAggregationBytes;
        SecureAggregationSeconds += round.SecureAggregationSeconds;
        SelectedClientRounds += round.SampledClients;
        if (round.MaskedUpdate is not null)
        {
            LatestMaskedUpdate = round.MaskedUpdate;
            LatestMaskedUpdateRound = round.Round;
        }

        return new PrivacyChartPoint(round.Round, round.EpsilonUnbounded ? null : round.Epsilon, round.ClipNorm);
    }

    /// <summary>
    /// Returns the message over the ε chart, or null when it has points to show. An unbounded ε shows
    /// <see cref="PrivacyNotes.UnboundedMessage"/> instead of a line.
    /// </summary>
    public string? EpsilonMessage(RunStatus status)
    {
        if (IsUnbounded)
        {
            return PrivacyNotes.UnboundedMessage;
        }

        return RoundCount > 0 && LatestEpsilon is null ? NotRecordedMessage : RunChartAxis.EmptyMessage(status, RoundCount);
    }

    /// <summary>Returns the message over the clip norm chart, or null when it has points to show.</summary>
    public string? ClipNormMessage(RunStatus status) =>
        RoundCount > 0 && !HasClipNorm ? NoClipNormMessage : RunChartAxis.EmptyMessage(status, RoundCount);

    /// <summary>Message over the clip norm chart when rounds arrived without a clip norm.</summary>
    public const string NoClipNormMessage = "No clip norm was recorded for these rounds.";

    /// <summary>
    /// Returns the line above the ε chart: "ε = 2.31 after round 12 (δ = 0.00001)", "ε: unbounded (z = 0)", or null
    /// before the first ε.
    /// </summary>
    public string? Headline(double delta)
    {
        if (IsUnbounded)
        {
            return "ε: unbounded (z = 0)";
        }

        return LatestEpsilon is double epsilon
            ? string.Create(CultureInfo.InvariantCulture, $"ε = {PrivacyNotes.FormatEpsilon(epsilon)} after round {LatestEpsilonRound} (δ = {PrivacyNotes.FormatDelta(delta)})")
            : null;
    }

    /// <summary>Selected clients summed over the rounds so far: the client-rounds that secure aggregation's cost is shared by.</summary>
    public long SelectedClientRounds { get; private set; }

    /// <summary>
    /// Returns the note on secure aggregation's cost, for example "Secure aggregation added 1.2 MB of traffic
    /// (keys, shares and ring encoding) and 0.42 s of masking and unmasking over 10 rounds, about 12 kB and 4 ms per
    /// selected client and round.", or null before the first round.
    /// </summary>
    public string? SecureAggregationNote()
    {
        if (RoundCount == 0)
        {
            return null;
        }

        string total = string.Create(CultureInfo.InvariantCulture,
            $"Secure aggregation added {FormatBytes(SecureAggregationBytes)} of traffic (keys, shares and ring encoding) and {SecureAggregationSeconds:0.##} s of masking and unmasking over {RoundCount} {(RoundCount == 1 ? "round" : "rounds")}");
        if (SelectedClientRounds == 0)
        {
            return total + ".";
        }

        long bytesPerClient = SecureAggregationBytes / SelectedClientRounds;
        double millisecondsPerClient = 1000 * SecureAggregationSeconds / SelectedClientRounds;
        return total + string.Create(CultureInfo.InvariantCulture,
            $", about {FormatBytes(bytesPerClient)} and {millisecondsPerClient:0.#} ms per selected client and round.");
    }

    /// <summary>Formats a byte count with a decimal SI prefix, for example "950 B", "1.2 MB" or "3.4 GB".</summary>
    public static string FormatBytes(long bytes)
    {
        string[] units = ["B", "kB", "MB", "GB", "TB"];
        double value = bytes;
        int unit = 0;
        while (Math.Abs(value) >= 1000 && unit < units.Length - 1)
        {
            value /= 1000;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {units[unit]}");
    }
}
