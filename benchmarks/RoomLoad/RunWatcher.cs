using System.Text.Json;
using System.Text.Json.Serialization;
using FedWorkbench.Web.Runs;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace RoomLoad;

/// <summary>JSON settings of the run API and hub: web defaults with kebab-case enum names.</summary>
internal static class RunJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };
}

/// <summary>
/// A participant's follower of <c>/hubs/runs</c>: follows one run and merges its history with live rounds by the
/// documented client rule (keep a round only when it is numbered above the last one kept).
/// </summary>
internal sealed class RunWatcher : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly LoadRecorder _recorder;
    private readonly Lock _gate = new();
    private readonly List<int> _rounds = [];
    private Guid _runId;
    private volatile bool _stopping;

    private RunWatcher(HubConnection connection, LoadRecorder recorder)
    {
        _connection = connection;
        _recorder = recorder;
        connection.On<RoundCompleted>("RoundCompleted", OnRoundCompleted);
        connection.Closed += error =>
        {
            if (!_stopping)
            {
                recorder.Error($"run hub disconnected: {error?.Message ?? "closed by the server"}");
            }

            return Task.CompletedTask;
        };
    }

    /// <summary>Round numbers kept after merging, in order.</summary>
    public IReadOnlyList<int> Rounds
    {
        get
        {
            lock (_gate)
            {
                return [.. _rounds];
            }
        }
    }

    /// <summary>Number of live <c>RoundCompleted</c> messages received for the run, duplicates included.</summary>
    public int LiveRounds { get; private set; }

    public static async Task<RunWatcher> ConnectAsync(Uri url, LoadRecorder recorder)
    {
        HubConnection connection = new HubConnectionBuilder()
            .WithUrl(new Uri(url, "/hubs/runs"))
            .AddJsonProtocol(options => options.PayloadSerializerOptions.Converters.Add(
                new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower)))
            .Build();
        var watcher = new RunWatcher(connection, recorder);
        await connection.StartAsync();
        return watcher;
    }

    /// <summary>Follows <paramref name="runId"/> and merges the returned history with rounds that arrived meanwhile.</summary>
    public async Task FollowAsync(Guid runId)
    {
        lock (_gate)
        {
            _runId = runId;
        }

        RunDetails? history = await _connection.InvokeAsync<RunDetails?>("FollowRun", runId.ToString());
        if (history is null)
        {
            _recorder.Error($"FollowRun returned null for run {runId}");
            return;
        }

        lock (_gate)
        {
            int[] early = [.. _rounds];
            _rounds.Clear();
            _rounds.AddRange(history.Rounds.Select(r => r.Round));
            foreach (int round in early)
            {
                AppendIfNew(round);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        await _connection.DisposeAsync();
    }

    private void OnRoundCompleted(RoundCompleted message)
    {
        lock (_gate)
        {
            if (message.RunId != _runId)
            {
                return;
            }

            LiveRounds++;
            AppendIfNew(message.Metrics.Round);
        }

        _recorder.Count("rounds received");
    }

    // Called with _gate held.
    private void AppendIfNew(int round)
    {
        if (_rounds.Count == 0 || round > _rounds[^1])
        {
            _rounds.Add(round);
        }
    }
}
