using System.Text.Json;
using System.Text.Json.Serialization;
using FedWorkbench.Web.Runs;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace FedWorkbench.Web.Tests.Integration;

/// <summary>
/// A real SignalR client of <c>/hubs/runs</c> that follows one run and merges history with live rounds by the
/// rule in docs/api.md: keep only rounds numbered above the last one kept.
/// </summary>
internal sealed class RunFollower : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly Lock _gate = new();
    private readonly List<int> _liveRounds = [];
    private readonly List<RoundMetrics> _merged = [];
    private readonly List<string> _liveEvents = [];
    private readonly TaskCompletionSource<PartitionReady> _partition = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<RunSummary> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Guid _runId;

    private RunFollower(HubConnection connection)
    {
        _connection = connection;
        _connection.On<RoundCompleted>("RoundCompleted", OnRoundCompleted);
        _connection.On<RunSummary>("RunStatusChanged", OnRunStatusChanged);
        _connection.On<PartitionReady>("PartitionReady", OnPartitionReady);
    }

    /// <summary>
    /// Names of the live partition and round messages received for the followed run, in arrival order:
    /// "PartitionReady" or "Round N".
    /// </summary>
    public IReadOnlyList<string> LiveEvents
    {
        get
        {
            lock (_gate)
            {
                return [.. _liveEvents];
            }
        }
    }

    /// <summary>Completes with the first <c>PartitionReady</c> message of the followed run.</summary>
    public Task<PartitionReady> Partition => _partition.Task;

    /// <summary>Every live round number received for the followed run, in arrival order, duplicates included.</summary>
    public IReadOnlyList<int> LiveRounds
    {
        get
        {
            lock (_gate)
            {
                return [.. _liveRounds];
            }
        }
    }

    /// <summary>The run's rounds as the client keeps them after merging history and live messages.</summary>
    public IReadOnlyList<RoundMetrics> MergedRounds
    {
        get
        {
            lock (_gate)
            {
                return [.. _merged];
            }
        }
    }

    /// <summary>Completes with the first summary of the followed run whose status is final.</summary>
    public Task<RunSummary> Ended => _ended.Task;

    public static async Task<RunFollower> ConnectAsync(TestServer server, HttpTransportType transport)
    {
        HubConnection connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, "/hubs/runs"), options =>
            {
                options.Transports = transport;
                options.HttpMessageHandlerFactory = _ => server.CreateHandler();
                options.WebSocketFactory = async (context, cancellationToken) =>
                    await server.CreateWebSocketClient().ConnectAsync(context.Uri, cancellationToken);
            })
            .AddJsonProtocol(options => options.PayloadSerializerOptions.Converters.Add(
                new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower)))
            .Build();
        using var timeout = new CancellationTokenSource(RunApi.FailureTimeout);
        await connection.StartAsync(timeout.Token);
        return new RunFollower(connection);
    }

    /// <summary>Calls <c>FollowRun</c> and merges the returned history with rounds that arrived meanwhile.</summary>
    public async Task<RunDetails> FollowAsync(Guid runId)
    {
        lock (_gate)
        {
            _runId = runId;
        }

        RunDetails? history = await _connection.InvokeAsync<RunDetails?>("FollowRun", runId);
        Assert.True(history is not null, $"FollowRun returned null for run {runId}.");
        lock (_gate)
        {
            // Live rounds that arrived before the history are already in _merged; the history wins.
            List<RoundMetrics> early = [.. _merged];
            _merged.Clear();
            _merged.AddRange(history.Rounds);
            foreach (RoundMetrics round in early)
            {
                AppendIfNew(round);
            }

        }

        if (IsFinal(history.Summary.Status))
        {
            _ended.TrySetResult(history.Summary);
        }

        return history;
    }

    public Task InvokeAsync(string method, Guid runId) => _connection.InvokeAsync(method, runId);

    /// <summary>Calls <c>FollowRun</c> with any string, without merging, and returns what the hub returned.</summary>
    public Task<RunDetails?> InvokeFollowRunAsync(string? runId) => _connection.InvokeAsync<RunDetails?>("FollowRun", runId);

    /// <summary>Calls <c>UnfollowRun</c> with any string.</summary>
    public Task InvokeUnfollowRunAsync(string? runId) => _connection.InvokeAsync("UnfollowRun", runId);

    /// <summary>Calls a hub method with any arguments, such as values of the wrong JSON kind.</summary>
    public Task InvokeWithArgumentsAsync(string method, params object?[] arguments) => _connection.InvokeCoreAsync(method, arguments);

    /// <summary>The hub connection's state, to check that an error left it open.</summary>
    public HubConnectionState State => _connection.State;

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private void OnRoundCompleted(RoundCompleted message)
    {
        lock (_gate)
        {
            if (message.RunId != _runId)
            {
                return;
            }

            _liveRounds.Add(message.Metrics.Round);
            _liveEvents.Add($"Round {message.Metrics.Round}");
            AppendIfNew(message.Metrics);
        }
    }

    private void OnPartitionReady(PartitionReady message)
    {
        lock (_gate)
        {
            if (message.RunId != _runId)
            {
                return;
            }

            _liveEvents.Add("PartitionReady");
        }

        _partition.TrySetResult(message);
    }

    private void OnRunStatusChanged(RunSummary summary)
    {
        Guid runId;
        lock (_gate)
        {
            runId = _runId;
        }

        if (summary.Id == runId && IsFinal(summary.Status))
        {
            _ended.TrySetResult(summary);
        }
    }

    // The documented client rule: a round numbered at or below the last one held is a duplicate.
    private void AppendIfNew(RoundMetrics round)
    {
        if (_merged.Count == 0 || round.Round > _merged[^1].Round)
        {
            _merged.Add(round);
        }
    }

    private static bool IsFinal(RunStatus status) => status is not (RunStatus.Queued or RunStatus.Running);
}
