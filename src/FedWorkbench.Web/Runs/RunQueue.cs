using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace FedWorkbench.Web.Runs;

/// <summary>
/// The waiting runs in launch order, and the cancellation sources of the running ones. Register it as a
/// singleton shared by the run service and the run worker.
/// </summary>
/// <remarks>
/// A bounded <see cref="Channel{T}"/> contains one slot per waiting run, so its bound is the queue capacity and the
/// worker waits on it. Which run starts is taken from an ordered list, because cancelling a queued run must free
/// its place at once and a channel cannot remove an item from its middle. Cancelling reads one slot back out.
/// </remarks>
public sealed class RunQueue
{
    private readonly Channel<QueueSlot> _slots;
    private readonly LinkedList<Guid> _waiting = new();
    private readonly Dictionary<Guid, RunLease> _running = [];
    private readonly Dictionary<Guid, TaskCompletionSource> _announcements = [];
    private readonly Dictionary<Guid, TaskCompletionSource> _queuedCancels = [];
    private readonly Lock _gate = new();

    /// <summary>Creates a queue with the capacity from <paramref name="options"/>.</summary>
    public RunQueue(IOptions<RunOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Capacity = options.Value.QueueCapacity;
        _slots = Channel.CreateBounded<QueueSlot>(new BoundedChannelOptions(Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = false,
            SingleReader = false,
        });
    }

    /// <summary>Maximum number of waiting runs.</summary>
    public int Capacity { get; }

    /// <summary>Number of runs waiting now; the metrics read it on each scrape.</summary>
    public int WaitingCount
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Number of runs the worker is executing now; the metrics read it on each scrape.</summary>
    public int RunningCount
    {
        get
        {
            lock (_gate)
            {
                return _running.Count;
            }
        }
    }

    /// <summary>
    /// Appends <paramref name="runId"/>; returns its queue position, or null when the queue is full. After an
    /// accepted run, call <see cref="MarkAnnounced"/> once its Queued status is published, even if that fails.
    /// </summary>
    public int? TryEnqueue(Guid runId)
    {
        lock (_gate)
        {
            if (!_slots.Writer.TryWrite(default))
            {
                return null;
            }

            _waiting.AddLast(runId);
            _announcements[runId] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _waiting.Count;
        }
    }

    /// <summary>
    /// Records that the Queued status of <paramref name="runId"/> was published. The worker waits for it before
    /// publishing Running, so that followers never see Queued after Running.
    /// </summary>
    public void MarkAnnounced(Guid runId)
    {
        TaskCompletionSource? announcement;
        lock (_gate)
        {
            _announcements.Remove(runId, out announcement);
        }

        announcement?.TrySetResult();
    }

    /// <summary>Returns the 1-based position of a waiting run (1 starts next), or null when it is not waiting.</summary>
    public int? GetPosition(Guid runId)
    {
        lock (_gate)
        {
            int position = 1;
            foreach (Guid waiting in _waiting)
            {
                if (waiting == runId)
                {
                    return position;
                }

                position++;
            }

            return null;
        }
    }

    /// <summary>Returns the waiting runs in queue order.</summary>
    public IReadOnlyList<Guid> GetWaiting()
    {
        lock (_gate)
        {
            return [.. _waiting];
        }
    }

    /// <summary>Waits until a run is waiting. Call <see cref="TryStartNext"/> afterwards.</summary>
    public ValueTask<QueueSlot> WaitForRunAsync(CancellationToken cancellationToken) =>
        _slots.Reader.ReadAsync(cancellationToken);

    /// <summary>
    /// Moves the first waiting run to the running set and returns its lease, whose token is cancelled by
    /// <see cref="TryCancel"/> or by <paramref name="stoppingToken"/>. Returns null when a concurrent cancel
    /// emptied the queue after <see cref="WaitForRunAsync"/> returned. Dispose the lease when the run ends.
    /// </summary>
    public RunLease? TryStartNext(CancellationToken stoppingToken)
    {
        lock (_gate)
        {
            if (_waiting.First is not { } first)
            {
                return null;
            }

            _waiting.RemoveFirst();
            Task announced = _announcements.TryGetValue(first.Value, out TaskCompletionSource? announcement)
                ? announcement.Task
                : Task.CompletedTask;
            var lease = new RunLease(this, first.Value, announced, stoppingToken);
            _running.Add(lease.RunId, lease);
            return lease;
        }
    }

    /// <summary>
    /// Removes a waiting run from the queue or requests cancellation of a running one, and returns which it did.
    /// A running run stops at the engine's next cancellation check; the worker then stores it as Cancelled.
    /// </summary>
    public CancelOutcome TryCancel(Guid runId)
    {
        RunLease? running;
        lock (_gate)
        {
            if (_waiting.Remove(runId))
            {
                // Free the slot this run held. When no slot is left to read, a worker has already taken it
                // and will find one run fewer in the list, which TryStartNext allows for.
                _slots.Reader.TryRead(out _);
                _queuedCancels[runId] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return CancelOutcome.RemovedFromQueue;
            }

            if (_queuedCancels.ContainsKey(runId))
            {
                return CancelOutcome.RemovalInProgress;
            }

            if (!_running.TryGetValue(runId, out running))
            {
                return CancelOutcome.NotActive;
            }
        }

        // Outside the lock: Cancel runs the token's callbacks synchronously.
        running.RequestCancel();
        return CancelOutcome.CancelRequested;
    }

    /// <summary>
    /// Records that the run that <see cref="TryCancel"/> removed from the queue is stored as Cancelled, and
    /// releases the callers of <see cref="WaitForQueuedCancelAsync"/>. Call it even when storing failed.
    /// </summary>
    public void CompleteQueuedCancel(Guid runId)
    {
        TaskCompletionSource? cancel;
        lock (_gate)
        {
            _queuedCancels.Remove(runId, out cancel);
        }

        cancel?.TrySetResult();
    }

    /// <summary>
    /// Waits until the cancel that removed <paramref name="runId"/> from the queue has been stored; returns at
    /// once when no such cancel is in progress.
    /// </summary>
    public Task WaitForQueuedCancelAsync(Guid runId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _queuedCancels.TryGetValue(runId, out TaskCompletionSource? cancel)
                ? cancel.Task.WaitAsync(cancellationToken)
                : Task.CompletedTask;
        }
    }

    private void Release(RunLease lease)
    {
        lock (_gate)
        {
            _running.Remove(lease.RunId);
        }
    }

    /// <summary>A slot in the channel; it carries no data because the run comes from the ordered list.</summary>
    public readonly struct QueueSlot;

    /// <summary>A run the worker has taken from the queue, with the token that stops it.</summary>
    public sealed class RunLease : IDisposable
    {
        private readonly RunQueue _owner;
        private readonly CancellationTokenSource _cancellation;
        private int _cancelRequested;

        internal RunLease(RunQueue owner, Guid runId, Task announced, CancellationToken stoppingToken)
        {
            _owner = owner;
            RunId = runId;
            Announced = announced;
            _cancellation = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        }

        /// <summary>The run being executed.</summary>
        public Guid RunId { get; }

        /// <summary>Completes once the launcher has published the run's Queued status.</summary>
        public Task Announced { get; }

        /// <summary>Cancelled when a user cancels the run or the host stops.</summary>
        public CancellationToken Token => _cancellation.Token;

        /// <summary>True once a user asked to cancel this run, as opposed to the host stopping.</summary>
        public bool CancelledByUser => Volatile.Read(ref _cancelRequested) == 1;

        /// <inheritdoc />
        public void Dispose()
        {
            _owner.Release(this);
            _cancellation.Dispose();
        }

        internal void RequestCancel()
        {
            Volatile.Write(ref _cancelRequested, 1);
            try
            {
                _cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The run ended between the lookup and this call; there is nothing left to cancel.
            }
        }
    }
}

/// <summary>What <see cref="RunQueue.TryCancel"/> did.</summary>
public enum CancelOutcome
{
    /// <summary>The run was neither waiting nor running.</summary>
    NotActive,

    /// <summary>
    /// The run was waiting and has left the queue. The caller stores it as Cancelled, then calls
    /// <see cref="RunQueue.CompleteQueuedCancel"/>.
    /// </summary>
    RemovedFromQueue,

    /// <summary>
    /// An earlier call removed the run from the queue and its Cancelled status is being stored; wait for it with
    /// <see cref="RunQueue.WaitForQueuedCancelAsync"/>.
    /// </summary>
    RemovalInProgress,

    /// <summary>The run is running; its token is cancelled and the worker stores the outcome.</summary>
    CancelRequested,
}
