using System.Text.Json.Serialization;
using FedWorkbench.Simulation;

namespace FedWorkbench.Cli.Output;

/// <summary>
/// One round as a JSON line: the fields of <see cref="RoundResult"/>, with the client accuracy distribution
/// flattened into three numbers that are null when no client has a held-out split. Runs without client groups
/// leave out <c>groupAccuracy</c>.
/// </summary>
/// <param name="Round">Round number, starting at 1.</param>
/// <param name="TestAccuracy">Accuracy of the global model on the whole test set, in [0, 1].</param>
/// <param name="TestLoss">Mean cross-entropy of the global model on the whole test set.</param>
/// <param name="TrainLoss">Mean local training loss of the clients, weighted by their sample counts.</param>
/// <param name="SampledClients">Clients sampled this round, over-selected ones included.</param>
/// <param name="ReportedClients">Sampled clients whose update reached the server before the deadline.</param>
/// <param name="DroppedClients">Sampled clients that dropped out or missed the deadline.</param>
/// <param name="MaliciousClients">Malicious clients among those that reported.</param>
/// <param name="AggregatedClients">Clients whose updates were accepted into the aggregate.</param>
/// <param name="TrainedSamples">Samples processed by local SGD this round.</param>
/// <param name="BytesDown">Bytes the server sent to the sampled clients this round.</param>
/// <param name="BytesUp">Bytes the reporting clients sent to the server this round.</param>
/// <param name="SimulatedSeconds">Simulated duration of the round from the client speeds and bandwidths.</param>
/// <param name="ClientAccuracyMean">Mean per-client accuracy on the held-out splits, or null.</param>
/// <param name="ClientAccuracyStd">Population standard deviation of the per-client accuracies, or null.</param>
/// <param name="ClientAccuracyWorst10">Mean accuracy of the worst 10% of clients, or null.</param>
/// <param name="GroupAccuracy">
/// Mean held-out accuracy of each client group, in the order of the experiment's client groups. An element is null
/// for a group none of whose clients has a held-out split. Runs without client groups leave the field out.
/// </param>
/// <param name="GlobalModelKeptReason">Why the round kept the previous global model, or null when it aggregated.</param>
/// <param name="Epsilon">ε spent so far; null without differential privacy and when ε is unbounded.</param>
/// <param name="EpsilonUnbounded">True when the noise multiplier is 0, so no ε bounds the privacy loss.</param>
/// <param name="ClipNorm">The clip norm S of the round; null without differential privacy.</param>
/// <param name="ClippedFraction">Fraction of the aggregated updates that were clipped; null without differential privacy.</param>
/// <param name="SecureAggregationBytes">Bytes secure aggregation added to the round, both directions; 0 without it.</param>
/// <param name="SecureAggregationSeconds">Wall-clock seconds of masking and unmasking; 0 without it. Not deterministic.</param>
/// <param name="RejectedUpdates">Reasons for updates left out of the aggregate.</param>
/// <param name="RoundSeconds">Wall-clock seconds of the round. Not deterministic.</param>
/// <param name="TrainingSeconds">Wall-clock seconds of the round's local training. Not deterministic.</param>
/// <param name="ElapsedSeconds">Wall-clock seconds since the run started. Not deterministic.</param>
internal sealed record RoundLine(
    int Round,
    double TestAccuracy,
    double TestLoss,
    double TrainLoss,
    int SampledClients,
    int ReportedClients,
    int DroppedClients,
    int MaliciousClients,
    int AggregatedClients,
    long TrainedSamples,
    long BytesDown,
    long BytesUp,
    double SimulatedSeconds,
    double? ClientAccuracyMean,
    double? ClientAccuracyStd,
    double? ClientAccuracyWorst10,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<double?>? GroupAccuracy,
    string? GlobalModelKeptReason,
    double? Epsilon,
    bool EpsilonUnbounded,
    double? ClipNorm,
    double? ClippedFraction,
    long SecureAggregationBytes,
    double SecureAggregationSeconds,
    IReadOnlyList<string> RejectedUpdates,
    double RoundSeconds,
    double TrainingSeconds,
    double ElapsedSeconds)
{
    /// <summary>Copies the fields of <paramref name="round"/>.</summary>
    public static RoundLine From(RoundResult round)
    {
        ArgumentNullException.ThrowIfNull(round);
        return new RoundLine(
            round.Round,
            round.TestAccuracy,
            round.TestLoss,
            round.TrainLoss,
            round.SampledClients,
            round.ReportedClients,
            round.DroppedClients,
            round.MaliciousClients,
            round.AggregatedClients,
            round.TrainedSamples,
            round.BytesDown,
            round.BytesUp,
            round.SimulatedSeconds,
            round.ClientAccuracy?.Mean,
            round.ClientAccuracy?.StandardDeviation,
            round.ClientAccuracy?.Worst10Percent,
            round.GroupAccuracy,
            round.GlobalModelKeptReason,
            round.Epsilon is double epsilon && double.IsFinite(epsilon) ? epsilon : null,
            round.Epsilon is double.PositiveInfinity,
            round.ClipNorm,
            round.ClippedFraction,
            round.SecureAggregationBytes,
            round.SecureAggregationSeconds,
            round.RejectedUpdates,
            round.RoundSeconds,
            round.TrainingSeconds,
            round.ElapsedSeconds);
    }
}
