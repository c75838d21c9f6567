namespace FedWorkbench.Web.Runs;

/// <summary>Why <see cref="IRunService.ResumeAsync"/> rejected a resume.</summary>
public enum RunResumeError
{
    /// <summary>No run has the id.</summary>
    NotFound,

    /// <summary>The run is not Interrupted: it is active or ended in another way.</summary>
    NotInterrupted,

    /// <summary>The run has stored rounds but no checkpoint to continue from.</summary>
    NoCheckpoint,

    /// <summary>The stored checkpoint is from another round than the last stored round.</summary>
    CheckpointMismatch,

    /// <summary>The run queue is full.</summary>
    QueueFull,

    /// <summary>An instance limit refused it: too many runs in the room or too many launches from the address.</summary>
    LimitReached,
}

/// <summary>
/// A resume that <see cref="IRunService.ResumeAsync"/> rejected. The message is written for the user: it names the
/// run, the reason and what to do instead. Nothing was changed.
/// </summary>
public sealed class RunResumeException : Exception
{
    /// <summary>Creates the exception with the reason and a message meant for the user.</summary>
    public RunResumeException(RunResumeError error, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
    }

    /// <summary>Why the resume was rejected; the API maps it to the HTTP status.</summary>
    public RunResumeError Error { get; }
}
