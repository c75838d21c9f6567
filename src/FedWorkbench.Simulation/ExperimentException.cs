namespace FedWorkbench.Simulation;

/// <summary>
/// An experiment that cannot run as configured, or whose data cannot be loaded. The message is written for
/// the person who set the experiment up: it names the value or file and what to change.
/// </summary>
public sealed class ExperimentException : Exception
{
    /// <summary>Creates the exception with a message meant for the user.</summary>
    public ExperimentException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message meant for the user and the low-level cause.</summary>
    public ExperimentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
