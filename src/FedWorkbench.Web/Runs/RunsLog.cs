namespace FedWorkbench.Web.Runs;

/// <summary>Log messages of the run queue, worker and notifier; event ids 200–299.</summary>
internal static partial class RunsLog
{
    [LoggerMessage(EventId = 200, EventName = "RunQueued", Level = LogLevel.Information,
        Message = "Run {RunId} queued at position {QueuePosition} with {TotalRounds} rounds")]
    public static partial void RunQueued(ILogger logger, Guid runId, int queuePosition, int totalRounds);

    [LoggerMessage(EventId = 201, EventName = "RunRejectedQueueFull", Level = LogLevel.Warning,
        Message = "Run {RunId} rejected because the queue is full ({QueueCapacity} runs waiting)")]
    public static partial void RunRejectedQueueFull(ILogger logger, Guid runId, int queueCapacity);

    [LoggerMessage(EventId = 202, EventName = "RunStarted", Level = LogLevel.Information,
        Message = "Run {RunId} started: {TotalRounds} rounds on {Dataset}")]
    public static partial void RunStarted(ILogger logger, Guid runId, int totalRounds, string dataset);

    [LoggerMessage(EventId = 203, EventName = "RoundStored", Level = LogLevel.Debug,
        Message = "Run {RunId} stored round {Round} with test accuracy {TestAccuracy:F4}")]
    public static partial void RoundStored(ILogger logger, Guid runId, int round, double testAccuracy);

    [LoggerMessage(EventId = 204, EventName = "RunCompleted", Level = LogLevel.Information,
        Message = "Run {RunId} completed {CompletedRounds} rounds; best test accuracy {BestAccuracy}")]
    public static partial void RunCompleted(ILogger logger, Guid runId, int completedRounds, double? bestAccuracy);

    [LoggerMessage(EventId = 205, EventName = "RunRejectedByEngine", Level = LogLevel.Warning,
        Message = "Run {RunId} failed: {Reason}")]
    public static partial void RunRejectedByEngine(ILogger logger, Guid runId, string reason);

    [LoggerMessage(EventId = 206, EventName = "RunCrashed", Level = LogLevel.Error,
        Message = "Run {RunId} failed with an unexpected error")]
    public static partial void RunCrashed(ILogger logger, Exception exception, Guid runId);

    [LoggerMessage(EventId = 207, EventName = "RunCancelled", Level = LogLevel.Information,
        Message = "Run {RunId} cancelled while {PreviousStatus} after {CompletedRounds} rounds")]
    public static partial void RunCancelled(ILogger logger, Guid runId, RunStatus previousStatus, int completedRounds);

    [LoggerMessage(EventId = 208, EventName = "RunInterruptedAtShutdown", Level = LogLevel.Warning,
        Message = "Run {RunId} interrupted by shutdown after {CompletedRounds} rounds; it can be resumed from round {NextRound} with POST /api/runs/{RunId}/resume or the Resume button of its page")]
    public static partial void RunInterruptedAtShutdown(ILogger logger, Guid runId, int completedRounds, int nextRound);

    [LoggerMessage(EventId = 209, EventName = "RunInterruptedAtStartup", Level = LogLevel.Warning,
        Message = "Run {RunId} was {PreviousStatus} when the previous process stopped; marked Interrupted with {CompletedRounds} rounds kept; can be resumed: {CanResume}")]
    public static partial void RunInterruptedAtStartup(ILogger logger, Guid runId, RunStatus previousStatus, int completedRounds, bool canResume);

    [LoggerMessage(EventId = 210, EventName = "RunStatusNotStored", Level = LogLevel.Error,
        Message = "Run {RunId} ended as {Status} but the status could not be stored")]
    public static partial void RunStatusNotStored(ILogger logger, Exception exception, Guid runId, RunStatus status);

    [LoggerMessage(EventId = 211, EventName = "RunMissing", Level = LogLevel.Error,
        Message = "Run {RunId} was dequeued but is not in the database; skipped")]
    public static partial void RunMissing(ILogger logger, Guid runId);

    [LoggerMessage(EventId = 212, EventName = "PartitionStored", Level = LogLevel.Debug,
        Message = "Run {RunId} stored its partition statistics: {ClientCount} clients, {ClassCount} labels")]
    public static partial void PartitionStored(ILogger logger, Guid runId, int clientCount, int classCount);

    [LoggerMessage(EventId = 213, EventName = "RunResumed", Level = LogLevel.Information,
        Message = "Run {RunId} resumed at round {NextRound} of {TotalRounds}; queued at position {QueuePosition}")]
    public static partial void RunResumed(ILogger logger, Guid runId, int nextRound, int totalRounds, int queuePosition);

    [LoggerMessage(EventId = 214, EventName = "RunResumeRejected", Level = LogLevel.Information,
        Message = "Resume of run {RunId} rejected ({Reason}): {Detail}")]
    public static partial void RunResumeRejected(ILogger logger, Guid runId, RunResumeError reason, string detail);

    [LoggerMessage(EventId = 215, EventName = "CheckpointSkipped", Level = LogLevel.Warning,
        Message = "Run {RunId} stored round {Round} without a checkpoint, so it cannot be resumed after an interruption until a later round has one: {Reason}")]
    public static partial void CheckpointSkipped(ILogger logger, Guid runId, int round, string reason);

    [LoggerMessage(EventId = 216, EventName = "RunInterruptedNotResumable", Level = LogLevel.Warning,
        Message = "Run {RunId} interrupted by shutdown after {CompletedRounds} rounds; it cannot be resumed: {Reason}")]
    public static partial void RunInterruptedNotResumable(ILogger logger, Guid runId, int completedRounds, string reason);

    [LoggerMessage(EventId = 217, EventName = "RunContinued", Level = LogLevel.Information,
        Message = "Run {RunId} continues from its checkpoint at round {NextRound} of {TotalRounds}")]
    public static partial void RunContinued(ILogger logger, Guid runId, int nextRound, int totalRounds);

    [LoggerMessage(EventId = 218, EventName = "ResumeCheckpointMissing", Level = LogLevel.Error,
        Message = "Run {RunId} was queued to resume with {CompletedRounds} rounds stored but has no checkpoint of its last round; marked Failed")]
    public static partial void ResumeCheckpointMissing(ILogger logger, Guid runId, int completedRounds);

    [LoggerMessage(EventId = 220, EventName = "SubscriberFailed", Level = LogLevel.Error,
        Message = "A subscriber failed to handle {EventType} of run {RunId}; other subscribers and the run go on")]
    public static partial void SubscriberFailed(ILogger logger, Exception exception, string eventType, Guid runId);

    [LoggerMessage(EventId = 221, EventName = "SubscriptionDropped", Level = LogLevel.Warning,
        Message = "A subscriber fell {QueueCapacity} events behind at an event of run {RunId}; its subscription was dropped")]
    public static partial void SubscriptionDropped(ILogger logger, Guid runId, int queueCapacity);

    [LoggerMessage(EventId = 230, EventName = "WorkerStarted", Level = LogLevel.Information,
        Message = "Run worker started with {MaxConcurrentRuns} concurrent runs and a queue of {QueueCapacity}")]
    public static partial void WorkerStarted(ILogger logger, int maxConcurrentRuns, int queueCapacity);

    [LoggerMessage(EventId = 231, EventName = "DatasetPreloaded", Level = LogLevel.Information,
        Message = "Fashion-MNIST loaded from {Folder} at start-up in {ElapsedMilliseconds:F0} ms")]
    public static partial void DatasetPreloaded(ILogger logger, string folder, double elapsedMilliseconds);

    [LoggerMessage(EventId = 232, EventName = "DatasetPreloadFailed", Level = LogLevel.Warning,
        Message = "Fashion-MNIST could not be loaded at start-up; runs on it will fail until the files are fixed: {Reason}")]
    public static partial void DatasetPreloadFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 233, EventName = "DatasetPreloadSkipped", Level = LogLevel.Information,
        Message = "Fashion-MNIST is not loaded at start-up because its files are missing from {Folder}")]
    public static partial void DatasetPreloadSkipped(ILogger logger, string folder);

    [LoggerMessage(EventId = 234, EventName = "EngineWarmedUp", Level = LogLevel.Information,
        Message = "Engine warmed up at start-up with one small round of each model in {ElapsedMilliseconds:F0} ms")]
    public static partial void EngineWarmedUp(ILogger logger, double elapsedMilliseconds);

    [LoggerMessage(EventId = 235, EventName = "EngineWarmUpFailed", Level = LogLevel.Warning,
        Message = "The engine's start-up warm-up failed, so the first run compiles the engine instead: {Reason}")]
    public static partial void EngineWarmUpFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 236, EventName = "StoreQueriesWarmedUp", Level = LogLevel.Information,
        Message = "Run store queries compiled at start-up in {ElapsedMilliseconds:F0} ms")]
    public static partial void StoreQueriesWarmedUp(ILogger logger, double elapsedMilliseconds);

    [LoggerMessage(EventId = 237, EventName = "StoreWarmUpFailed", Level = LogLevel.Warning,
        Message = "The run store's start-up warm-up failed, so the first launch compiles its queries instead")]
    public static partial void StoreWarmUpFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 238, EventName = "ChartsWarmedUp", Level = LogLevel.Information,
        Message = "Chart serialization prepared at start-up in {ElapsedMilliseconds:F0} ms")]
    public static partial void ChartsWarmedUp(ILogger logger, double elapsedMilliseconds);

    [LoggerMessage(EventId = 239, EventName = "ChartWarmUpFailed", Level = LogLevel.Warning,
        Message = "The start-up warm-up of chart serialization failed, so the first run page does that work instead")]
    public static partial void ChartWarmUpFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 240, EventName = "StoreWritesWarmedUp", Level = LogLevel.Information,
        Message = "Run store writes rehearsed on a private in-memory database at start-up in {ElapsedMilliseconds:F0} ms")]
    public static partial void StoreWritesWarmedUp(ILogger logger, double elapsedMilliseconds);

    [LoggerMessage(EventId = 241, EventName = "StoreWriteWarmUpFailed", Level = LogLevel.Warning,
        Message = "The start-up rehearsal of the run store's writes failed, so the first launch prepares them instead")]
    public static partial void StoreWriteWarmUpFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 242, EventName = "ModelStored", Level = LogLevel.Information,
        Message = "Final model {Layout} of run {RunId} stored; evaluation report stored: {HasReport}")]
    public static partial void ModelStored(ILogger logger, Guid runId, string layout, bool hasReport);

    [LoggerMessage(EventId = 243, EventName = "EvaluationSkipped", Level = LogLevel.Warning,
        Message = "The final model of run {RunId} was stored without an evaluation report: {Reason}")]
    public static partial void EvaluationSkipped(ILogger logger, Guid runId, string reason);

    [LoggerMessage(EventId = 244, EventName = "ModelNotStored", Level = LogLevel.Error,
        Message = "The final model of run {RunId} could not be stored, so the run page offers no model or evaluation report for it")]
    public static partial void ModelNotStored(ILogger logger, Exception exception, Guid runId);
}
