namespace FedWorkbench.Simulation;

/// <summary>Metrics of one finished federated round.</summary>
/// <param name="Round">Round number, starting at 1.</param>
/// <param name="TestAccuracy">Accuracy of the global model after aggregation on the whole test set, in [0, 1].</param>
/// <param name="TestLoss">Mean cross-entropy of the global model on the whole test set.</param>
/// <param name="TrainLoss">Mean of the sampled clients' local training losses, weighted by their sample counts.</param>
/// <param name="SampledClients">Clients sampled this round.</param>
/// <param name="AggregatedClients">Clients whose updates were accepted into the aggregate.</param>
/// <param name="TrainedSamples">Samples processed by local SGD this round, over all epochs and clients.</param>
/// <param name="RoundSeconds">Wall-clock seconds this round took, evaluation included. Not deterministic.</param>
/// <param name="ElapsedSeconds">Wall-clock seconds since the run started. Not deterministic.</param>
/// <param name="RejectedUpdates">Reasons for updates that were left out of the aggregate; empty when none were.</param>
/// <param name="TrainingSeconds">
/// Wall-clock seconds of this round's local training alone, without aggregation and evaluation; 0 when the
/// producer did not measure it. Not deterministic.
/// </param>
public sealed record RoundResult(
    int Round,
    double TestAccuracy,
    double TestLoss,
    double TrainLoss,
    int SampledClients,
    int AggregatedClients,
    long TrainedSamples,
    double RoundSeconds,
    double ElapsedSeconds,
    IReadOnlyList<string> RejectedUpdates,
    double TrainingSeconds = 0)
{
    /// <summary>Sampled clients whose update reached the server before the round deadline.</summary>
    public int ReportedClients { get; init; }

    /// <summary>Sampled clients that did not report: dropouts and stragglers cut off by the deadline.</summary>
    public int DroppedClients { get; init; }

    /// <summary>Malicious clients among those that reported.</summary>
    public int MaliciousClients { get; init; }

    /// <summary>Bytes the server sent to the sampled clients this round: the model, plus each strategy's own state.</summary>
    public long BytesDown { get; init; }

    /// <summary>Bytes the reporting clients sent to the server this round, in the chosen compression's encoding.</summary>
    public long BytesUp { get; init; }

    /// <summary>
    /// Simulated wall-clock seconds of the round from the clients' compute speeds and bandwidths: until the last
    /// awaited update arrived, or the deadline. Deterministic, unlike <see cref="RoundSeconds"/>.
    /// </summary>
    public double SimulatedSeconds { get; init; }

    /// <summary>Accuracy of the new global model on each client's held-out split; null when no client has one.</summary>
    public ClientAccuracySummary? ClientAccuracy { get; init; }

    /// <summary>
    /// Per client group, in the order of <see cref="Configuration.ExperimentConfig.ClientGroups"/>: the mean
    /// accuracy of the new global model on the held-out splits of the group's clients, or null for a group none of
    /// whose clients has one. Null when the experiment has no client groups.
    /// </summary>
    public IReadOnlyList<double?>? GroupAccuracy { get; init; }

    /// <summary>Why the round kept the previous global model, for example no update reported; null when it aggregated.</summary>
    public string? GlobalModelKeptReason { get; init; }

    /// <summary>
    /// ε of the (ε, δ) guarantee spent after this round, counting every round so far. Null without differential
    /// privacy, and positive infinity when the noise multiplier is 0, which gives no guarantee.
    /// </summary>
    public double? Epsilon { get; init; }

    /// <summary>The clip norm S used this round (it changes under adaptive clipping); null without differential privacy.</summary>
    public double? ClipNorm { get; init; }

    /// <summary>Fraction of the aggregated updates whose norm exceeded the clip norm; null without differential privacy.</summary>
    public double? ClippedFraction { get; init; }

    /// <summary>Bytes that secure aggregation added to this round's traffic (keys, shares, ring encoding); 0 without it.</summary>
    public long SecureAggregationBytes { get; init; }

    /// <summary>Wall-clock seconds spent masking and unmasking this round; 0 without secure aggregation. Not deterministic.</summary>
    public double SecureAggregationSeconds { get; init; }

    /// <summary>The start of one client's update as it trained it and as the server received it under secure aggregation; null without it.</summary>
    public MaskedUpdateSample? MaskedUpdate { get; init; }
}

/// <summary>One client's update before masking and as the server receives it under secure aggregation.</summary>
/// <param name="Client">The client whose update is shown.</param>
/// <param name="Update">The first coordinates of its update Δ_k before masking.</param>
/// <param name="Masked">The same coordinates as the server receives them: ring elements in [0, 2³²) that look uniformly random.</param>
public sealed record MaskedUpdateSample(int Client, float[] Update, uint[] Masked);

/// <summary>The distribution of per-client accuracy of the global model over the clients' held-out splits.</summary>
/// <param name="Clients">Clients with a non-empty held-out split, over which the numbers are computed.</param>
/// <param name="Mean">Mean of the client accuracies, each client counting once.</param>
/// <param name="StandardDeviation">Population standard deviation of the client accuracies.</param>
/// <param name="Worst10Percent">Mean accuracy of the worst ⌈10%⌉ of those clients (at least one client).</param>
public sealed record ClientAccuracySummary(int Clients, double Mean, double StandardDeviation, double Worst10Percent);
