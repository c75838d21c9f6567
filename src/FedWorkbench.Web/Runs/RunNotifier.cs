using System.Threading.Channels;

namespace FedWorkbench.Web.Runs;

/// <summary>
/// The process-wide <see cref="IRunNotifier"/>. The run worker and run service publish; pages and the hub
/// bridge subscribe. Register it as a singleton.
/// </summary>
/// <remarks>
/// Each subscription has its own bounded queue and a task that hands the queued events to its handler one at a
/// time. Publishing only appends to those queues, so a slow or stuck subscriber never delays the run worker or
/// the other subscribers.
/// </remarks>
public sealed class RunNotifier(ILogger<RunNotifier> logger) : IRunNotifier
{
    /// <summary>
    /// Events one subscription may have waiting for its handler. A subscription that falls further behind is
    /// dropped with a warning, so that a stuck subscriber cannot hold an unbounded backlog in memory.
    /// </summary>
    public const int SubscriptionQueueCapacity = 1_024;

    private readonly Lock _gate = new();

    // Replaced, never mutated, so that publishing reads a consistent snapshot without taking the lock.
    private volatile Subscription[] _subscriptions = [];

    /// <inheritdoc />
    public IDisposable Subscribe(Guid runId, Func<RunEvent, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Add(new Subscription(this, runId, handler, logger));
    }

    /// <inheritdoc />
    public IDisposable SubscribeAll(Func<RunEvent, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Add(new Subscription(this, runId: null, handler, logger));
    }

    /// <summary>
    /// Appends <paramref name="runEvent"/> to the queue of every matching subscription and returns without
    /// waiting for any handler. Each subscription receives events in publish order. A subscription whose queue
    /// already contains <see cref="SubscriptionQueueCapacity"/> events is dropped and a warning is logged.
    /// </summary>
    public void Publish(RunEvent runEvent)
    {
        ArgumentNullException.ThrowIfNull(runEvent);
        foreach (Subscription subscription in _subscriptions)
        {
            if (subscription.RunId is Guid runId && runId != runEvent.RunId)
            {
                continue;
            }

            if (!subscription.TryEnqueue(runEvent))
            {
                RunsLog.SubscriptionDropped(logger, runEvent.RunId, SubscriptionQueueCapacity);
                subscription.Dispose();
            }
        }
    }

    private Subscription Add(Subscription subscription)
    {
        // Start delivering before the first event can arrive, so no handler runs inside Subscribe.
        subscription.Start();
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

    private sealed class Subscription(RunNotifier owner, Guid? runId, Func<RunEvent, Task> handler, ILogger logger) : IDisposable
    {
        private readonly Channel<RunEvent> _events = Channel.CreateBounded<RunEvent>(
            new BoundedChannelOptions(SubscriptionQueueCapacity)
            {
                FullMode = BoundedChannelFullMode.Wait,
                SingleReader = true,
                SingleWriter = false,
            });

        private volatile bool _disposed;

        public Guid? RunId { get; } = runId;

        /// <summary>Starts the task that delivers queued events; it ends when the subscription is disposed.</summary>
        public void Start() => _ = DeliverAsync();

        /// <summary>Queues an event; returns false only when the queue is full. Events after disposal are ignored.</summary>
        public bool TryEnqueue(RunEvent runEvent) => _events.Writer.TryWrite(runEvent) || _disposed;

        public void Dispose()
        {
            _disposed = true;
            _events.Writer.TryComplete();
            owner.Remove(this);
        }

        // Fire-and-forget: it catches and logs every handler error itself, and reading a channel without a
        // token does not throw, so the task never faults.
        private async Task DeliverAsync()
        {
            // AllowSynchronousContinuations is false by default, so a write resumes this loop on the thread pool,
            // never on the publisher's thread.
            await foreach (RunEvent runEvent in _events.Reader.ReadAllAsync())
            {
                if (_disposed)
                {
                    return;
                }

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
        }
    }
}
