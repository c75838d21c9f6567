using System.Text.Json;
using System.Text.Json.Serialization;
using FedWorkbench.Web.Runs;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace WebRuns;

/// <summary>
/// One SignalR client on <c>/hubs/runs</c> that follows a run and lets the benchmark wait for a round. It is
/// connected in every measured phase, so its own cost is the same with and without browsers.
/// </summary>
internal sealed class RoundFollower : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly Lock _gate = new();
    private readonly List<(int Round, TaskCompletionSource Reached)> _waiters = [];
    private Guid _runId;
    private int _lastRound;

    private RoundFollower(HubConnection connection)
    {
        _connection = connection;
        connection.On<RoundCompleted>("RoundCompleted", OnRoundCompleted);
    }

    /// <summary>Last round received for the followed run.</summary>
    public int LastRound
    {
        get
        {
            lock (_gate)
            {
                return _lastRound;
            }
        }
    }

    public static async Task<RoundFollower> FollowAsync(Uri baseAddress, Guid runId)
    {
        HubConnection connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "/hubs/runs"))
            .AddJsonProtocol(options => options.PayloadSerializerOptions.Converters.Add(
                new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower)))
            .Build();
        var follower = new RoundFollower(connection) { _runId = runId };
        await connection.StartAsync();
        RunDetails? history = await connection.InvokeAsync<RunDetails?>("FollowRun", runId.ToString());
        if (history is { Rounds.Count: > 0 })
        {
            follower.Advance(history.Rounds[^1].Round);
        }

        return follower;
    }

    /// <summary>Completes when the run has finished <paramref name="round"/>.</summary>
    public Task WaitForRoundAsync(int round, TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_lastRound >= round)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((round, reached));
            return reached.Task.WaitAsync(timeout);
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private void OnRoundCompleted(RoundCompleted message)
    {
        if (message.RunId == _runId)
        {
            Advance(message.Metrics.Round);
        }
    }

    private void Advance(int round)
    {
        lock (_gate)
        {
            _lastRound = Math.Max(_lastRound, round);
            foreach (var waiter in _waiters.Where(w => w.Round <= _lastRound).ToList())
            {
                waiter.Reached.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }
}
