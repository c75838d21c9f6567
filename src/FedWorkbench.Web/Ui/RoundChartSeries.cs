using FedWorkbench.Web.Runs;

namespace FedWorkbench.Web.Ui;

/// <summary>The values one round adds to the run page's client accuracy, traffic, simulated time and client count charts.</summary>
/// <param name="ClientAccuracyLower">Mean minus one standard deviation, clipped to [0, 1], or null when undefined.</param>
/// <param name="ClientAccuracyUpper">Mean plus one standard deviation, clipped to [0, 1], or null when undefined.</param>
/// <param name="CumulativeBytesDown">Bytes sent to clients from round 1 to this round, or null when a round on the way did not record them.</param>
/// <param name="CumulativeBytesUp">Bytes sent by clients from round 1 to this round, or null when a round on the way did not record them.</param>
/// <param name="CumulativeSimulatedSeconds">Simulated seconds from round 1 to this round, or null when a round on the way did not record them.</param>
/// <param name="GroupAccuracy">
/// Mean held-out accuracy of each client group, one element per group of the series. An element is null when the
/// round has no value for that group. Empty for runs without client groups.
/// </param>
public sealed record RoundChartPoint(
    int Round,
    double? ClientAccuracyMean,
    double? ClientAccuracyLower,
    double? ClientAccuracyUpper,
    double? ClientAccuracyWorst10,
    long? CumulativeBytesDown,
    long? CumulativeBytesUp,
    double? CumulativeSimulatedSeconds,
    int ReportedClients,
    int DroppedClients,
    int MaliciousClients,
    int RejectedClients,
    IReadOnlyList<double?> GroupAccuracy);

/// <summary>
/// Turns rounds into chart points as they arrive, keeping the running totals, so that each live round is
/// converted once. A total stays null from the first round without a value on, because a sum that skipped a
/// round would understate the traffic or time.
/// </summary>
/// <remarks>Not thread-safe: use it on the component's synchronization context only.</remarks>
/// <param name="groupCount">
/// Number of client groups of the run, which fixes the length of every point's <see cref="RoundChartPoint.GroupAccuracy"/>.
/// It is 0 for runs without client groups.
/// </param>
public sealed class RoundChartSeries(int groupCount = 0)
{
    private long? _bytesDown = 0;
    private long? _bytesUp = 0;
    private double? _simulatedSeconds = 0;

    /// <summary>Number of client groups that each point has a group accuracy for.</summary>
    public int GroupCount { get; } = groupCount >= 0
        ? groupCount
        : throw new ArgumentOutOfRangeException(nameof(groupCount), groupCount, "The group count must be 0 or more.");

    /// <summary>Rounds added so far.</summary>
    public int RoundCount { get; private set; }

    /// <summary>Whether any round added so far has a per-client accuracy.</summary>
    public bool HasClientAccuracy { get; private set; }

    /// <summary>Whether any round added so far recorded its bytes.</summary>
    public bool HasBytes { get; private set; }

    /// <summary>Whether any round added so far recorded its simulated seconds.</summary>
    public bool HasSimulatedTime { get; private set; }

    /// <summary>Converts <paramref name="rounds"/> in order, adding each to the running totals.</summary>
    public IReadOnlyList<RoundChartPoint> Add(IEnumerable<RoundMetrics> rounds)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        var points = new List<RoundChartPoint>();
        foreach (RoundMetrics round in rounds)
        {
            points.Add(Add(round));
        }

        return points;
    }

    /// <summary>Converts one round, adding it to the running totals.</summary>
    public RoundChartPoint Add(RoundMetrics round)
    {
        ArgumentNullException.ThrowIfNull(round);
        RoundCount++;

        _bytesDown = _bytesDown + round.BytesDown;
        _bytesUp = _bytesUp + round.BytesUp;
        _simulatedSeconds = _simulatedSeconds + round.SimulatedSeconds;
        HasBytes |= round.BytesDown is not null || round.BytesUp is not null;
        HasSimulatedTime |= round.SimulatedSeconds is not null;

        double? mean = round.ClientAccuracyMean;
        double? std = round.ClientAccuracyStd;
        HasClientAccuracy |= mean is not null;

        return new RoundChartPoint(
            round.Round,
            mean,
            mean - std is double lower ? Math.Max(0, lower) : null,
            mean + std is double upper ? Math.Min(1, upper) : null,
            round.ClientAccuracyWorst10,
            _bytesDown,
            _bytesUp,
            _simulatedSeconds,
            round.ReportedClients,
            round.DroppedClients,
            round.MaliciousClients,
            round.RejectedClients,
            GroupValues(round.GroupAccuracy));
    }

    /// <summary>
    /// Returns the group count of a run's charts: the number of <paramref name="groups"/> in its configuration, or,
    /// when the configuration has none, the longest group accuracy list among <paramref name="rounds"/>.
    /// </summary>
    public static int CountGroups(IReadOnlyList<Simulation.Configuration.ClientGroupConfig> groups, IEnumerable<RoundMetrics> rounds)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(rounds);
        return groups.Count > 0 ? groups.Count : rounds.Select(round => round.GroupAccuracy?.Count ?? 0).DefaultIfEmpty(0).Max();
    }

    // Pads a shorter list with null and drops values past the group count, so every trace gets one value per round.
    private double?[] GroupValues(IReadOnlyList<double?>? accuracy)
    {
        var values = new double?[GroupCount];
        for (int group = 0; group < GroupCount && accuracy is not null && group < accuracy.Count; group++)
        {
            values[group] = accuracy[group];
        }

        return values;
    }

    /// <summary>
    /// Returns the message over the client accuracy chart, or null when it has points. A run whose
    /// <paramref name="clientTestFraction"/> is 0 never measures per-client accuracy, so its chart shows that from the
    /// start instead of waiting for round 1. Pass null when the run's configuration is not known.
    /// </summary>
    public string? ClientAccuracyMessage(RunStatus status, double? clientTestFraction)
    {
        if (clientTestFraction == 0 && !HasClientAccuracy)
        {
            return ClientAccuracyOffMessage;
        }

        return RoundCount > 0 && !HasClientAccuracy ? NoClientAccuracyMessage : RunChartAxis.EmptyMessage(status, RoundCount);
    }

    /// <summary>Returns the message over the traffic chart, or null when it has points.</summary>
    public string? BytesMessage(RunStatus status) =>
        RoundCount > 0 && !HasBytes ? NotRecordedMessage : RunChartAxis.EmptyMessage(status, RoundCount);

    /// <summary>Returns the message over the simulated time chart, or null when it has points.</summary>
    public string? SimulatedTimeMessage(RunStatus status) =>
        RoundCount > 0 && !HasSimulatedTime ? NotRecordedMessage : RunChartAxis.EmptyMessage(status, RoundCount);

    /// <summary>Message over the client accuracy chart of a run whose client test fraction is 0.</summary>
    public const string ClientAccuracyOffMessage =
        "Per-client accuracy is off for this run because its client test fraction is 0. " +
        "To measure it, set Client test fraction to more than 0 (for example 0.1) in Data and partition.";

    /// <summary>
    /// Message over the client accuracy chart of a run with a client test fraction above 0, with rounds but no
    /// per-client accuracy. Each client holds out ⌊n_k·fraction⌋ samples, which is 0 for small clients.
    /// </summary>
    public const string NoClientAccuracyMessage =
        "Per-client accuracy was not measured: no client held out a sample, or the run was stored before it was recorded.";

    /// <summary>Message over a chart of a run stored before the workbench recorded its values.</summary>
    public const string NotRecordedMessage = "This run was stored before these values were recorded.";
}
