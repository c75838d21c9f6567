using System.Runtime.CompilerServices;
using System.Text.Json;
using FedWorkbench.Web.Runs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace FedWorkbench.Web.Hubs;

/// <summary>
/// Live updates of runs over SignalR at <see cref="Path"/>. A connection follows a run by joining the run's
/// group; <see cref="RunHubBridge"/> sends the partition statistics, every stored round and every status change
/// to that group. The methods take their arguments as raw JSON and bind them with <see cref="HubArgument{T}"/>, so an
/// argument of the wrong JSON kind raises a <see cref="HubException"/> naming it instead of SignalR's generic error.
/// </summary>
public sealed class RunHub(IRunService runs, IOptions<JsonHubProtocolOptions> protocol, ILogger<RunHub> logger) : Hub<IRunHubClient>
{
    /// <summary>URL path the hub is mapped to.</summary>
    public const string Path = "/hubs/runs";

    // Longer arguments are cut in the log; a GUID string has 36 to 38 characters.
    private const int MaxLoggedArgumentLength = 64;

    private static readonly HubArgument<string> RunIdArgument = new("runId", new Dictionary<string, string>
    {
        [""] = "the run's id, a GUID",
    });

    /// <summary>Returns the name of the SignalR group of one run's followers.</summary>
    public static string GroupName(Guid runId) => $"run:{runId:D}";

    /// <summary>
    /// Adds the connection to the run's group, then returns the run's stored history. Joining before reading
    /// means no round falls between the history and the live messages. A round may arrive both ways, and live
    /// messages may arrive before this returns, so clients keep only rounds numbered above the last one they have.
    /// </summary>
    /// <param name="runIdJson">The run's id as a GUID string.</param>
    /// <returns>The run's details, or null when the id is not a GUID or no run has it.</returns>
    /// <remarks>
    /// A string that is not a GUID is an ordinary result, as an unknown id is. A value that is not a string at all
    /// (a number, an object) raises a <see cref="HubException"/> naming <c>runId</c>.
    /// </remarks>
    public async Task<RunDetails?> FollowRun(JsonElement runIdJson)
    {
        string? runId = Bind(RunIdArgument, runIdJson);
        if (!Guid.TryParse(runId, out Guid id))
        {
            HubLog.InvalidRunId(logger, Context.ConnectionId, nameof(FollowRun), Shorten(runId));
            return null;
        }

        string group = GroupName(id);
        await Groups.AddToGroupAsync(Context.ConnectionId, group, Context.ConnectionAborted);

        RunDetails? details = await runs.GetAsync(id, Context.ConnectionAborted);
        if (details is null)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, group, Context.ConnectionAborted);
            HubLog.FollowedUnknownRun(logger, Context.ConnectionId, id);
            return null;
        }

        HubLog.RunFollowed(logger, Context.ConnectionId, id, details.Rounds.Count);
        return details;
    }

    /// <summary>
    /// Removes the connection from the run's group; ids that are not GUIDs or match no run are ignored, and a value
    /// that is not a string raises a <see cref="HubException"/>.
    /// </summary>
    public async Task UnfollowRun(JsonElement runIdJson)
    {
        string? runId = Bind(RunIdArgument, runIdJson);
        if (!Guid.TryParse(runId, out Guid id))
        {
            HubLog.InvalidRunId(logger, Context.ConnectionId, nameof(UnfollowRun), Shorten(runId));
            return;
        }

        await Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupName(id), Context.ConnectionAborted);
        HubLog.RunUnfollowed(logger, Context.ConnectionId, id);
    }

    private T? Bind<T>(HubArgument<T> argument, JsonElement value, [CallerMemberName] string method = "") =>
        argument.Bind(value, protocol.Value.PayloadSerializerOptions, logger, Context.ConnectionId, method);

    // The argument comes from any client, so the log gets a bounded prefix of it.
    private static string Shorten(string? value) => value switch
    {
        null => "(null)",
        { Length: > MaxLoggedArgumentLength } => $"{value[..MaxLoggedArgumentLength]}…",
        _ => value,
    };
}
