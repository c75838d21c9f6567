using FedWorkbench.Web.Storage;

namespace FedWorkbench.Web.Baselines;

/// <summary>Log messages of the centralized baselines: requests, the queue and the worker; event ids 280–299.</summary>
internal static partial class BaselineLog
{
    [LoggerMessage(EventId = 280, EventName = "BaselineWorkerStarted", Level = LogLevel.Information,
        Message = "Baseline worker started: queue capacity {QueueCapacity}, ML.NET training-sample cap {MaxTrainingSamples}, engine epochs at most {MaxEngineEpochs}")]
    public static partial void WorkerStarted(ILogger logger, int queueCapacity, int maxTrainingSamples, int maxEngineEpochs);

    [LoggerMessage(EventId = 281, EventName = "BaselineQueued", Level = LogLevel.Information,
        Message = "Baseline {Kind} {BaselineKey} queued for run {RunId}; {QueuedCount} baselines waiting")]
    public static partial void BaselineQueued(ILogger logger, string kind, string baselineKey, Guid runId, int queuedCount);

    [LoggerMessage(EventId = 282, EventName = "BaselineReused", Level = LogLevel.Information,
        Message = "Run {RunId} shares baseline {Kind} {BaselineKey}, which is already {Status}")]
    public static partial void BaselineReused(ILogger logger, Guid runId, string kind, string baselineKey, BaselineStatus status);

    [LoggerMessage(EventId = 283, EventName = "BaselineNotQueued", Level = LogLevel.Warning,
        Message = "Baseline {Kind} {BaselineKey} for run {RunId} not queued because {QueueCapacity} baselines are already waiting")]
    public static partial void BaselineNotQueued(ILogger logger, string kind, string baselineKey, Guid runId, int queueCapacity);

    [LoggerMessage(EventId = 284, EventName = "BaselineStarted", Level = LogLevel.Information,
        Message = "Baseline {Kind} {BaselineKey} started training: {KeyText}")]
    public static partial void BaselineStarted(ILogger logger, string kind, string baselineKey, string keyText);

    [LoggerMessage(EventId = 285, EventName = "BaselineCompleted", Level = LogLevel.Information,
        Message = "Baseline {Kind} {BaselineKey} completed in {Seconds:F1} s on {TrainingSamples} training samples with test accuracy {TestAccuracy:F4}")]
    public static partial void BaselineCompleted(ILogger logger, string kind, string baselineKey, double seconds, int trainingSamples, double testAccuracy);

    [LoggerMessage(EventId = 286, EventName = "BaselineFailed", Level = LogLevel.Warning,
        Message = "Baseline {Kind} {BaselineKey} failed: {Reason}")]
    public static partial void BaselineFailed(ILogger logger, string kind, string baselineKey, string reason);

    [LoggerMessage(EventId = 287, EventName = "BaselineCrashed", Level = LogLevel.Error,
        Message = "Baseline {Kind} {BaselineKey} failed with an unexpected error")]
    public static partial void BaselineCrashed(ILogger logger, Exception exception, string kind, string baselineKey);

    [LoggerMessage(EventId = 288, EventName = "BaselineInterrupted", Level = LogLevel.Information,
        Message = "Baseline {Kind} {BaselineKey} stopped because the app is stopping; the next start-up queues it again")]
    public static partial void BaselineInterrupted(ILogger logger, string kind, string baselineKey);

    [LoggerMessage(EventId = 289, EventName = "BaselineRequeuedAtStartup", Level = LogLevel.Information,
        Message = "Baseline {Kind} {BaselineKey}, left {PreviousStatus} by a stopped process, queued again for {RunCount} runs")]
    public static partial void BaselineRequeuedAtStartup(ILogger logger, string kind, string baselineKey, BaselineStatus previousStatus, int runCount);

    [LoggerMessage(EventId = 290, EventName = "BaselineFailedAtStartup", Level = LogLevel.Warning,
        Message = "Baseline {Kind} {BaselineKey}, left {PreviousStatus} by a stopped process, marked failed: {Reason}")]
    public static partial void BaselineFailedAtStartup(ILogger logger, string kind, string baselineKey, BaselineStatus previousStatus, string reason);

    [LoggerMessage(EventId = 291, EventName = "BaselineStatusNotStored", Level = LogLevel.Error,
        Message = "Baseline {BaselineKey} could not be stored as {Status}; the next start-up queues it again")]
    public static partial void BaselineStatusNotStored(ILogger logger, Exception exception, string baselineKey, BaselineStatus status);

    [LoggerMessage(EventId = 292, EventName = "BaselineRequestFailed", Level = LogLevel.Error,
        Message = "Run {RunId} launched, but its baselines {Kinds} could not be requested")]
    public static partial void BaselineRequestFailed(ILogger logger, Exception exception, Guid runId, string kinds);

    [LoggerMessage(EventId = 293, EventName = "BaselineThreadPriorityNotLowered", Level = LogLevel.Warning,
        Message = "The baseline thread {ThreadName} keeps normal scheduling priority because setpriority failed with errno {Errno}")]
    public static partial void ThreadPriorityNotLowered(ILogger logger, string threadName, int errno);
}
