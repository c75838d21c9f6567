namespace FedWorkbench.Web.Storage;

/// <summary>A stored round: the metrics of one federated round of a run. (RunId, Round) is unique.</summary>
public sealed class RoundEntity
{
    /// <summary>Primary key.</summary>
    public long Id { get; set; }

    /// <summary>Foreign key of the run.</summary>
    public Guid RunId { get; set; }

    /// <summary>The run this round belongs to.</summary>
    public RunEntity Run { get; set; } = null!;

    /// <summary>Round number, starting at 1.</summary>
    public int Round { get; set; }

    /// <summary>Test accuracy of the global model after aggregation, in [0, 1].</summary>
    public double TestAccuracy { get; set; }

    /// <summary>Mean cross-entropy of the global model on the test set, or null when it was NaN or infinite.</summary>
    public double? TestLoss { get; set; }

    /// <summary>
    /// Mean local training loss of the aggregated clients, weighted by sample count. Null when the round accepted
    /// no update or the mean was NaN or infinite.
    /// </summary>
    public double? TrainLoss { get; set; }

    /// <summary>Clients sampled this round.</summary>
    public int SampledClients { get; set; }

    /// <summary>Clients whose updates entered the aggregate. The engine rejected the other sampled clients' updates.</summary>
    public int AggregatedClients { get; set; }

    /// <summary>Samples processed by local SGD this round.</summary>
    public long TrainedSamples { get; set; }

    /// <summary>Wall-clock seconds the round took.</summary>
    public double RoundSeconds { get; set; }

    /// <summary>Wall-clock seconds since the run started.</summary>
    public double ElapsedSeconds { get; set; }

    /// <summary>Reported updates that the engine left out of the aggregate.</summary>
    public int RejectedClients { get; set; }

    /// <summary>Sampled clients whose update reached the server before the round deadline.</summary>
    public int ReportedClients { get; set; }

    /// <summary>Sampled clients that dropped out or were cut off by the round deadline.</summary>
    public int DroppedClients { get; set; }

    /// <summary>Malicious clients among those that reported.</summary>
    public int MaliciousClients { get; set; }

    /// <summary>Bytes sent to the sampled clients. Null for rounds stored before it was recorded.</summary>
    public long? BytesDown { get; set; }

    /// <summary>Bytes sent by the reporting clients. Null for rounds stored before it was recorded.</summary>
    public long? BytesUp { get; set; }

    /// <summary>Simulated seconds of the round. Null for rounds stored before it was recorded.</summary>
    public double? SimulatedSeconds { get; set; }

    /// <summary>Clients with a held-out split. Null when no client has one.</summary>
    public int? ClientAccuracyClients { get; set; }

    /// <summary>Mean per-client held-out accuracy. Null when undefined.</summary>
    public double? ClientAccuracyMean { get; set; }

    /// <summary>Population standard deviation of the per-client held-out accuracies. Null when undefined.</summary>
    public double? ClientAccuracyStd { get; set; }

    /// <summary>Mean held-out accuracy of the worst ⌈10%⌉ of clients. Null when undefined.</summary>
    public double? ClientAccuracyWorst10 { get; set; }

    /// <summary>
    /// Mean held-out accuracy of each client group, in group order, as a JSON array whose elements are numbers or
    /// null. Null for runs without client groups and for rounds stored before it was recorded.
    /// </summary>
    public string? GroupAccuracyJson { get; set; }

    /// <summary>Why the round kept the previous global model. Null when it aggregated.</summary>
    public string? GlobalModelKeptReason { get; set; }

    /// <summary>ε spent after this round. Null without differential privacy or when <see cref="EpsilonUnbounded"/> is true.</summary>
    public double? Epsilon { get; set; }

    /// <summary>Whether ε is unbounded because the noise multiplier is 0.</summary>
    public bool EpsilonUnbounded { get; set; }

    /// <summary>Clip norm S of the round. Null without differential privacy.</summary>
    public double? ClipNorm { get; set; }

    /// <summary>Fraction of the aggregated updates that were clipped. Null without differential privacy.</summary>
    public double? ClippedFraction { get; set; }

    /// <summary>Bytes that secure aggregation added to the round's traffic, or 0 without it.</summary>
    public long SecureAggregationBytes { get; set; }

    /// <summary>Wall-clock seconds of masking and unmasking, or 0 without secure aggregation.</summary>
    public double SecureAggregationSeconds { get; set; }

    /// <summary>
    /// One client's update before and after masking, as the JSON of <see cref="Runs.MaskedUpdateValues"/>. Null
    /// without secure aggregation.
    /// </summary>
    public string? MaskedUpdateJson { get; set; }
}
