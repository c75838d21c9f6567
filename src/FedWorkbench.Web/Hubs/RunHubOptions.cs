using System.ComponentModel.DataAnnotations;

namespace FedWorkbench.Web.Hubs;

/// <summary>Delivery limits of the run hub. Bound from the <c>Hub</c> configuration section.</summary>
public sealed class RunHubOptions
{
    /// <summary>Configuration section the options are bound from.</summary>
    public const string SectionName = "Hub";

    /// <summary>
    /// Milliseconds one message to a run's followers may take before the send is cancelled and a warning is
    /// logged. A follower that stops reading its connection delays the other followers of that run at most this
    /// long per message, until SignalR closes the stalled connection. Default 5,000.
    /// </summary>
    [Range(100, 600_000, ErrorMessage = "Hub:SendTimeoutMilliseconds must be between {1} and {2}.")]
    public int SendTimeoutMilliseconds { get; set; } = 5_000;
}
