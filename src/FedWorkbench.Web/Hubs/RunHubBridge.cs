using FedWorkbench.Web.Runs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace FedWorkbench.Web.Hubs;

/// <summary>Forwards every run event from <see cref="IRunNotifier"/> to the SignalR group of that run.</summary>
/// <remarks>
/// Each run has its own send queue, sent one message after another, so every connection gets a run's events in
/// publish order while a follower that stops reading delays only the followers of the same run. Each send is
/// cancelled after <see cref="RunHubOptions.SendTimeoutMilliseconds"/>. A run's queue contains at most
/// <see cref="RunNotifier.SubscriptionQueueCapacity"/> events; further events of that run are dropped with a
/// warning until it drains.
/// NOTE: cancelling a send does not close the stalled connection (seen with long polling on SignalR 10), so
/// each later message of that run waits the full timeout again until SignalR itself drops the connection.
/// </remarks>
internal sealed class RunHubBridge(
    IRunNotifier notifier,
    IHubContext<RunHub> hubContext,
    IOptions<RunHubOptions> options,
    ILogger<RunHubBridge> logger) : IHostedService
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Queue<RunEvent>> _pendingByRun = [];
    private readonly TimeSpan _sendTimeout = TimeSpan.FromMilliseconds(options.Value.SendTimeoutMilliseconds);
    private IDisposable? _subscription;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = notifier.SubscribeAll(EnqueueAsync);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        _subscription = null;
        return Task.CompletedTask;
    }

    // Never waits for a send, so the notifier's queue for the bridge drains as fast as events arrive.
    private Task EnqueueAsync(RunEvent runEvent)
    {
        lock (_gate)
        {
            if (_pendingByRun.TryGetValue(runEvent.RunId, out Queue<RunEvent>? pending))
            {
                // A queue exists only while its sender runs, and that sender will take this event too.
                if (pending.Count >= RunNotifier.SubscriptionQueueCapacity)
                {
                    HubLog.RunEventDropped(logger, runEvent.RunId, runEvent.GetType().Name, pending.Count);
                }
                else
                {
                    pending.Enqueue(runEvent);
                }

                return Task.CompletedTask;
            }

            _pendingByRun.Add(runEvent.RunId, new Queue<RunEvent>([runEvent]));
        }

        _ = SendPendingAsync(runEvent.RunId);
        return Task.CompletedTask;
    }

    // Fire-and-forget: SendAsync logs every failure itself, so this task never faults. It removes the run's
    // queue once the queue is empty, inside the same lock that EnqueueAsync takes.
    private async Task SendPendingAsync(Guid runId)
    {
        await Task.Yield();
        while (true)
        {
            RunEvent runEvent;
            lock (_gate)
            {
                Queue<RunEvent> pending = _pendingByRun[runId];
                if (!pending.TryDequeue(out runEvent!))
                {
                    _pendingByRun.Remove(runId);
                    return;
                }
            }

            await SendAsync(runEvent);
        }
    }

    private async Task SendAsync(RunEvent runEvent)
    {
        (string method, object payload) = runEvent switch
        {
            RoundCompleted round => (nameof(IRunHubClient.RoundCompleted), (object)round),
            PartitionReady partition => (nameof(IRunHubClient.PartitionReady), partition),
            RunStatusChanged status => (nameof(IRunHubClient.RunStatusChanged), status.Summary),
            Baselines.BaselineChanged baseline => (nameof(IRunHubClient.BaselineChanged), baseline),
            _ => (string.Empty, runEvent),
        };
        if (method.Length == 0)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(_sendTimeout);
        try
        {
            await hubContext.Clients.Group(RunHub.GroupName(runEvent.RunId)).SendAsync(method, payload, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            HubLog.SendTimedOut(logger, method, runEvent.RunId, (int)_sendTimeout.TotalMilliseconds);
        }
        catch (Exception ex)
        {
            HubLog.SendFailed(logger, ex, method, runEvent.RunId);
        }
    }
}
