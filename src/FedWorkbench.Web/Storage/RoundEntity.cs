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
}
