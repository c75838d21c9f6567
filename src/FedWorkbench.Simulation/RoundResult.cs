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

    /// <summary>Accuracy of the new global model on each client's held-out split; null when no client holds one.</summary>
    public ClientAccuracySummary? ClientAccuracy { get; init; }

    /// <summary>Why the round kept the previous global model, for example no update reported; null when it aggregated.</summary>
    public string? GlobalModelKeptReason { get; init; }
}

/// <summary>The distribution of per-client accuracy of the global model over the clients' held-out splits.</summary>
/// <param name="Clients">Clients with a non-empty held-out split, over which the numbers are computed.</param>
/// <param name="Mean">Mean of the client accuracies, each client counting once.</param>
/// <param name="StandardDeviation">Population standard deviation of the client accuracies.</param>
/// <param name="Worst10Percent">Mean accuracy of the worst ⌈10%⌉ of those clients (at least one client).</param>
public sealed record ClientAccuracySummary(int Clients, double Mean, double StandardDeviation, double Worst10Percent);
