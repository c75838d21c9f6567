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
    double TrainingSeconds = 0);
