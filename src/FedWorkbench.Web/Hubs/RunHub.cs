using FedWorkbench.Web.Runs;
using Microsoft.AspNetCore.SignalR;

namespace FedWorkbench.Web.Hubs;

/// <summary>
/// Live updates of runs over SignalR at <see cref="Path"/>. A connection follows a run by joining the run's
/// group; <see cref="RunHubBridge"/> sends every stored round and status change to that group.
/// </summary>
public sealed class RunHub(IRunService runs, ILogger<RunHub> logger) : Hub<IRunHubClient>
{
    /// <summary>URL path the hub is mapped to.</summary>
    public const string Path = "/hubs/runs";

    /// <summary>Returns the name of the SignalR group of one run's followers.</summary>
    public static string GroupName(Guid runId) => $"run:{runId:D}";

    /// <summary>
    /// Adds the connection to the run's group, then returns the run's stored history. Joining before reading
    /// means no round falls between the history and the live messages. A round may arrive both ways, and live
    /// messages may arrive before this returns, so clients keep only rounds numbered above the last one they have.
    /// </summary>
    /// <exception cref="HubException">No run has the id <paramref name="runId"/>.</exception>
    public async Task<RunDetails> FollowRun(Guid runId)
    {
        string group = GroupName(runId);
        await Groups.AddToGroupAsync(Context.ConnectionId, group, Context.ConnectionAborted);

        RunDetails? details = await runs.GetAsync(runId, Context.ConnectionAborted);
        if (details is null)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, group, Context.ConnectionAborted);
            HubLog.FollowedUnknownRun(logger, Context.ConnectionId, runId);
            throw new HubException($"Run {runId} was not found. List the runs with GET /api/runs.");
        }

        HubLog.RunFollowed(logger, Context.ConnectionId, runId, details.Rounds.Count);
        return details;
    }

    /// <summary>Removes the connection from the run's group; unknown ids are ignored.</summary>
    public async Task UnfollowRun(Guid runId)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupName(runId), Context.ConnectionAborted);
        HubLog.RunUnfollowed(logger, Context.ConnectionId, runId);
    }
}
