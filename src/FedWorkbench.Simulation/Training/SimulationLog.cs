using Microsoft.Extensions.Logging;

namespace FedWorkbench.Simulation.Training;

/// <summary>Log messages of the simulation engine. Event ids 100–199; never reuse a retired id.</summary>
internal static partial class SimulationLog
{
    [LoggerMessage(EventId = 100, EventName = "RunStarted", Level = LogLevel.Information,
        Message = "Run {RunName} started: {Rounds} rounds of {Strategy} with {Aggregation} aggregation, model {Model} ({ParameterCount} parameters) on {Dataset}, {Clients} clients, {ClientsPerRound} awaited and {ClientsSelected} selected per round, seed {Seed}")]
    public static partial void RunStarted(
        ILogger logger, string runName, int rounds, string strategy, string aggregation, string model, int parameterCount, string dataset, int clients,
        int clientsPerRound, int clientsSelected, int seed);

    [LoggerMessage(EventId = 101, EventName = "RoundCompleted", Level = LogLevel.Debug,
        Message = "Run {RunName} round {Round} completed: test accuracy {TestAccuracy:F4}, test loss {TestLoss:F4}, {ReportedClients}/{SampledClients} clients reported, {DroppedClients} dropped, {AggregatedClients} updates aggregated, {SimulatedSeconds:F1} simulated s, {RoundSeconds:F3} s")]
    public static partial void RoundCompleted(
        ILogger logger, string runName, int round, double testAccuracy, double testLoss, int reportedClients, int sampledClients, int droppedClients,
        int aggregatedClients, double simulatedSeconds, double roundSeconds);

    [LoggerMessage(EventId = 102, EventName = "RunCompleted", Level = LogLevel.Information,
        Message = "Run {RunName} completed {Rounds} rounds in {ElapsedSeconds:F1} s")]
    public static partial void RunCompleted(ILogger logger, string runName, int rounds, double elapsedSeconds);

    [LoggerMessage(EventId = 103, EventName = "RunCancelled", Level = LogLevel.Information,
        Message = "Run {RunName} cancelled during round {Round}")]
    public static partial void RunCancelled(ILogger logger, string runName, int round);

    [LoggerMessage(EventId = 105, EventName = "RunResumed", Level = LogLevel.Information,
        Message = "Run {RunName} resumed after round {CompletedRounds} of {Rounds} from a checkpoint of {StateBytes} bytes, {ElapsedSeconds:F1} s into the run")]
    public static partial void RunResumed(ILogger logger, string runName, int completedRounds, int rounds, int stateBytes, double elapsedSeconds);

    [LoggerMessage(EventId = 106, EventName = "CheckpointSkipped", Level = LogLevel.Warning,
        Message = "Run {RunName} round {Round}: checkpoint not saved because it would take {StateBytes} bytes, more than the limit of {MaxBytes}; later skipped rounds are not logged")]
    public static partial void CheckpointSkipped(ILogger logger, string runName, int round, long stateBytes, long maxBytes);

    [LoggerMessage(EventId = 110, EventName = "UpdateRejected", Level = LogLevel.Warning,
        Message = "Run {RunName} round {Round}: update of client {Client} rejected because {Reason}")]
    public static partial void UpdateRejected(ILogger logger, string runName, int round, int client, string reason);

    [LoggerMessage(EventId = 111, EventName = "GlobalModelKept", Level = LogLevel.Warning,
        Message = "Run {RunName} round {Round}: the global model is unchanged because {Reason}")]
    public static partial void GlobalModelKept(ILogger logger, string runName, int round, string reason);

    [LoggerMessage(EventId = 112, EventName = "MoreUpdatesRejected", Level = LogLevel.Warning,
        Message = "Run {RunName} round {Round}: {Count} more updates were rejected, and the round's RejectedUpdates lists every reason")]
    public static partial void MoreUpdatesRejected(ILogger logger, string runName, int round, int count);

    [LoggerMessage(EventId = 113, EventName = "RunFailedOnInvalidUpdate", Level = LogLevel.Error,
        Message = "Run {RunName} round {Round}: update of client {Client} is invalid because {Reason}, and the InvalidUpdates policy is Fail, so the run stops")]
    public static partial void RunFailedOnInvalidUpdate(ILogger logger, string runName, int round, int client, string reason);

    [LoggerMessage(EventId = 114, EventName = "GlobalModelDiverged", Level = LogLevel.Error,
        Message = "Run {RunName} round {Round}: the server update made global parameter {Parameter} {Value}, so the run stops")]
    public static partial void GlobalModelDiverged(ILogger logger, string runName, int round, int parameter, string value);

    [LoggerMessage(EventId = 104, EventName = "PrivacyConfigured", Level = LogLevel.Information,
        Message = "Run {RunName} uses {Mechanism} differential privacy: noise multiplier {NoiseMultiplier:G4}, sampling rate {SamplingRate:G4}, δ {Delta:G3}, initial clip norm {ClipNorm:G4}")]
    public static partial void PrivacyConfigured(
        ILogger logger, string runName, string mechanism, double noiseMultiplier, double samplingRate, double delta, double clipNorm);

    [LoggerMessage(EventId = 115, EventName = "SecureAggregationFailed", Level = LogLevel.Warning,
        Message = "Run {RunName} round {Round}: secure aggregation failed because {Reason}")]
    public static partial void SecureAggregationFailed(ILogger logger, string runName, int round, string reason);
}
