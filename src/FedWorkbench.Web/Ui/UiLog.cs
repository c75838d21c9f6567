using FedWorkbench.Web.Runs;

namespace FedWorkbench.Web.Ui;

/// <summary>Log messages of the pages. Event ids 4000 to 4099 belong to the web UI.</summary>
internal static partial class UiLog
{
    [LoggerMessage(EventId = 4001, EventName = "RunLaunchedFromForm", Level = LogLevel.Information,
        Message = "Launched run {RunId} from the experiment form")]
    public static partial void RunLaunchedFromForm(ILogger logger, Guid runId);

    [LoggerMessage(EventId = 4002, EventName = "LaunchRejected", Level = LogLevel.Information,
        Message = "Run service rejected a launch from the experiment form: {Reason}")]
    public static partial void LaunchRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 4003, EventName = "RunCancelRequested", Level = LogLevel.Information,
        Message = "User requested cancellation of run {RunId}; cancelled: {Cancelled}")]
    public static partial void RunCancelRequested(ILogger logger, Guid runId, bool cancelled);

    [LoggerMessage(EventId = 4004, EventName = "RunPageNotFound", Level = LogLevel.Information,
        Message = "Run page opened for unknown run id {RunId}")]
    public static partial void RunPageNotFound(ILogger logger, Guid runId);

    [LoggerMessage(EventId = 4005, EventName = "RunFollowStarted", Level = LogLevel.Debug,
        Message = "Run page follows run {RunId} ({Status}, {RoundCount} stored rounds)")]
    public static partial void RunFollowStarted(ILogger logger, Guid runId, RunStatus status, int roundCount);

    [LoggerMessage(EventId = 4010, EventName = "EvaluationLoadFailed", Level = LogLevel.Warning,
        Message = "Run page could not load the evaluation report of run {RunId}")]
    public static partial void EvaluationLoadFailed(ILogger logger, Exception exception, Guid runId);
}
