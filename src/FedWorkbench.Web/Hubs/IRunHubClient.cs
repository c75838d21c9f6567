using FedWorkbench.Web.Runs;

namespace FedWorkbench.Web.Hubs;

/// <summary>Methods the server calls on clients of <see cref="RunHub"/>, for the runs they follow.</summary>
public interface IRunHubClient
{
    /// <summary>Sends a round that was just stored; the payload carries the run id and the round's metrics.</summary>
    Task RoundCompleted(RoundCompleted round);

    /// <summary>
    /// Sends how the run's data is spread over its clients, once per run, before the run's first round. The
    /// payload carries the run id and the partition statistics.
    /// </summary>
    Task PartitionReady(PartitionReady partition);

    /// <summary>Sends a run's new summary after its status, progress or queue position changed.</summary>
    Task RunStatusChanged(RunSummary summary);

    /// <summary>
    /// Sends a centralized baseline of the run after it started, completed or failed; the payload carries the run
    /// id and the baseline as <c>GET /api/runs/{id}/baselines</c> lists it.
    /// </summary>
    Task BaselineChanged(Baselines.BaselineChanged baseline);
}
