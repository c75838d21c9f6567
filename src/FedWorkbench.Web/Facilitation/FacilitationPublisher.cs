using System.Threading.Channels;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace FedWorkbench.Web.Facilitation;

/// <summary>
/// Sends facilitation events to in-process subscribers (the room pages) and to the board hub's groups. Each
/// subscription has its own bounded queue and delivery task, as in <see cref="Runs.RunNotifier"/>, so a slow page
/// never delays the facilitator.
/// </summary>
internal sealed class FacilitationPublisher(IHubContext<BoardHub, IBoardHubClient> hub, ILogger logger)
{
    /// <summary>Events one subscription may have waiting; a subscription further behind is dropped with a warning.</summary>
    public const int SubscriptionQueueCapacity = 256;

    private readonly Lock _gate = new();

    // Replaced, never mutated, so that publishing reads a consistent snapshot without the lock.
    private volatile Subscription[] _subscriptions = [];

    public IDisposable Subscribe(Guid roomId, Func<FacilitationEvent, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(this, roomId, handler, logger);
        subscription.Start();
        lock (_gate)
        {
            _subscriptions = [.. _subscriptions, subscription];
        }

        return subscription;
    }

    /// <summary>Publishes a changed view to the room's subscribers and the room's hub group.</summary>
    public async Task FacilitationChangedAsync(FacilitationView view)
    {
        Enqueue(new FacilitationChanged(view.RoomId, view));
        await SendAsync(view.RoomId, nameof(IBoardHubClient.FacilitationChanged),
            () => hub.Clients.Group(BoardHub.RoomGroup(view.RoomId)).FacilitationChanged(view));
    }

    /// <summary>Sends a board's new locks to the board's hub group.</summary>
    public Task LocksChangedAsync(Guid roomId, BoardLocks locks) =>
        SendAsync(roomId, nameof(IBoardHubClient.LocksChanged),
            () => hub.Clients.Group(BoardHub.BoardGroup(locks.BoardId)).LocksChanged(locks));

    /// <summary>Publishes the facilitator's view to the room's subscribers and the room's hub group.</summary>
    public async Task ViewportRequestedAsync(Guid roomId, ViewportRequest request)
    {
        Enqueue(new ViewportRequested(roomId, request));
        await SendAsync(roomId, nameof(IBoardHubClient.ViewportRequested),
            () => hub.Clients.Group(BoardHub.RoomGroup(roomId)).ViewportRequested(request));
    }

    private void Enqueue(FacilitationEvent facilitationEvent)
    {
        foreach (Subscription subscription in _subscriptions)
        {
            if (subscription.RoomId == facilitationEvent.RoomId && !subscription.TryEnqueue(facilitationEvent))
            {
                FacilitationLog.SubscriptionDropped(logger, facilitationEvent.RoomId, SubscriptionQueueCapacity);
                subscription.Dispose();
            }
        }
    }

    // The change is already stored, so a failed send is logged and not raised: browsers read the state again when
    // they reconnect.
    private async Task SendAsync(Guid roomId, string method, Func<Task> send)
    {
        try
        {
            await send();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            FacilitationLog.PublishFailed(logger, ex, roomId, method);
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscriptions = [.. _subscriptions.Where(s => !ReferenceEquals(s, subscription))];
        }
    }

    private sealed class Subscription(FacilitationPublisher owner, Guid roomId, Func<FacilitationEvent, Task> handler, ILogger logger) : IDisposable
    {
        private readonly Channel<FacilitationEvent> _events = Channel.CreateBounded<FacilitationEvent>(
            new BoundedChannelOptions(SubscriptionQueueCapacity) { SingleReader = true, SingleWriter = false });

        private volatile bool _disposed;

        public Guid RoomId { get; } = roomId;

        public void Start() => _ = DeliverAsync();

        /// <summary>Queues an event; returns false only when the queue is full. Events after disposal are ignored.</summary>
        public bool TryEnqueue(FacilitationEvent facilitationEvent) => _events.Writer.TryWrite(facilitationEvent) || _disposed;

        public void Dispose()
        {
            _disposed = true;
            _events.Writer.TryComplete();
            owner.Remove(this);
        }

        // Fire-and-forget: it catches and logs every handler error itself, so the task never faults.
        private async Task DeliverAsync()
        {
            await foreach (FacilitationEvent facilitationEvent in _events.Reader.ReadAllAsync())
            {
                if (_disposed)
                {
                    return;
                }

                try
                {
                    await handler(facilitationEvent);
                }
                catch (Exception ex)
                {
                    // A broken page must not stop the other subscribers.
                    FacilitationLog.SubscriberFailed(logger, ex, facilitationEvent.RoomId, facilitationEvent.GetType().Name);
                }
            }
        }
    }
}
