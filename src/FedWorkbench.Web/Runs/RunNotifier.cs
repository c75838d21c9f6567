namespace FedWorkbench.Web.Runs;

/// <summary>
/// The process-wide <see cref="IRunNotifier"/>. The run worker and run service publish; pages and the hub
/// bridge subscribe. Register it as a singleton.
/// </summary>
public sealed class RunNotifier(ILogger<RunNotifier> logger) : IRunNotifier
{
    private readonly Lock _gate = new();

    // Replaced, never mutated, so that publishing reads a consistent snapshot without taking the lock.
    private volatile Subscription[] _subscriptions = [];

    /// <inheritdoc />
    public IDisposable Subscribe(Guid runId, Func<RunEvent, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Add(new Subscription(this, runId, handler));
    }

    /// <inheritdoc />
    public IDisposable SubscribeAll(Func<RunEvent, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Add(new Subscription(this, runId: null, handler));
    }

    /// <summary>
    /// Calls every matching handler and waits for all of them. Each handler starts on the caller's thread, in
    /// subscription order. A handler that throws is logged and does not affect the others or the caller, so
    /// this method only throws when <paramref name="runEvent"/> is null.
    /// </summary>
    /// <remarks>
    /// Waiting keeps each subscriber's events in publish order: the next round is published only after every
    /// handler finished with the previous one. A handler that never completes therefore stalls the run.
    /// </remarks>
    public async Task PublishAsync(RunEvent runEvent)
    {
        ArgumentNullException.ThrowIfNull(runEvent);
        Subscription[] subscriptions = _subscriptions;

        List<Task>? pending = null;
        foreach (Subscription subscription in subscriptions)
        {
            if (subscription.RunId is Guid runId && runId != runEvent.RunId)
            {
                continue;
            }

            Task task = InvokeAsync(subscription.Handler, runEvent);
            if (!task.IsCompletedSuccessfully)
            {
                (pending ??= []).Add(task);
            }
        }

        if (pending is not null)
        {
            await Task.WhenAll(pending);
        }
    }

    private async Task InvokeAsync(Func<RunEvent, Task> handler, RunEvent runEvent)
    {
        try
        {
            await handler(runEvent);
        }
        catch (Exception ex)
        {
            // A broken page or hub connection must not stop a run or starve the other followers.
            RunsLog.SubscriberFailed(logger, ex, runEvent.GetType().Name, runEvent.RunId);
        }
    }

    private Subscription Add(Subscription subscription)
    {
        lock (_gate)
        {
            _subscriptions = [.. _subscriptions, subscription];
        }

        return subscription;
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscriptions = [.. _subscriptions.Where(s => !ReferenceEquals(s, subscription))];
        }
    }

    private sealed class Subscription(RunNotifier owner, Guid? runId, Func<RunEvent, Task> handler) : IDisposable
    {
        public Guid? RunId { get; } = runId;

        public Func<RunEvent, Task> Handler { get; } = handler;

        public void Dispose() => owner.Remove(this);
    }
}
