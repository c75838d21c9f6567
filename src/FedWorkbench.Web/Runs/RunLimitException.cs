namespace FedWorkbench.Web.Runs;

/// <summary>
/// The cause attached to the <see cref="FedWorkbench.Simulation.ExperimentException"/> of a launch rejected by an
/// instance limit, so that the API can return <see cref="StatusCode"/> while the Blazor pages, which catch
/// <see cref="FedWorkbench.Simulation.ExperimentException"/>, show the message unchanged.
/// </summary>
/// <param name="message">The sentence shown to the user.</param>
/// <param name="statusCode">422 for a configuration over a limit, 409 for a room with too many runs, 429 for too many launches.</param>
/// <param name="retryAfter">When a rate-limited launch may be tried again, if known.</param>
public sealed class RunLimitException(string message, int statusCode, TimeSpan? retryAfter = null) : Exception(message)
{
    /// <summary>HTTP status code the API returns.</summary>
    public int StatusCode { get; } = statusCode;

    /// <summary>When a rate-limited launch may be tried again, if known.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
