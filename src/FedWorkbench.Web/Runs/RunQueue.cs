using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace FedWorkbench.Web.Runs;

/// <summary>
/// The waiting runs in launch order, and the cancellation sources of the running ones. Register it as a
/// singleton shared by the run service and the run worker.
/// </summary>
/// <remarks>
/// A bounded <see cref="Channel{T}"/> holds one slot per waiting run: its bound is the queue capacity and the
/// worker waits on it. Which run starts is taken from an ordered list, because cancelling a queued run must free
/// its place at once and a channel cannot remove an item from its middle. Cancelling reads one slot back out.
/// </remarks>
public sealed class RunQueue
{
    private readonly Channel<QueueSlot> _slots;
    private readonly LinkedList<Guid> _waiting = new();
    private readonly Dictionary<Guid, RunLease> _running = [];
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

    /// <summary>Appends <paramref name="runId"/>; returns its queue position, or null when the queue is full.</summary>
    public int? TryEnqueue(Guid runId)
    {
        lock (_gate)
        {
            if (!_slots.Writer.TryWrite(default))
            {
                return null;
            }

            _waiting.AddLast(runId);
            return _waiting.Count;
        }
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
            var lease = new RunLease(this, first.Value, stoppingToken);
            _running.Add(lease.RunId, lease);
            return lease;
        }
    }

    /// <summary>
    /// Removes a waiting run from the queue or requests cancellation of a running one, and says which it was.
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
                return CancelOutcome.RemovedFromQueue;
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

        internal RunLease(RunQueue owner, Guid runId, CancellationToken stoppingToken)
        {
            _owner = owner;
            RunId = runId;
            _cancellation = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        }

        /// <summary>The run being executed.</summary>
        public Guid RunId { get; }

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

    /// <summary>The run was waiting and has left the queue.</summary>
    RemovedFromQueue,

    /// <summary>The run is running; its token is cancelled and the worker stores the outcome.</summary>
    CancelRequested,
}
