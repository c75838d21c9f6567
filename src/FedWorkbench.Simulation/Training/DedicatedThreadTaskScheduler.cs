using System.Collections.Concurrent;

namespace FedWorkbench.Simulation.Training;

/// <summary>
/// A task scheduler with a fixed number of dedicated background threads, named <c>{prefix}-1</c> to
/// <c>{prefix}-N</c>. Given as <see cref="SimulationOptions.TaskScheduler"/>, it runs the engine's data loading and
/// rounds, and the parallel loops inside a round, off the .NET thread pool.
/// </summary>
/// <remarks>
/// <para>
/// Several runs may share the threads. A thread of this scheduler that waits for a task which has not started yet
/// runs that task itself (task inlining). So when a round's parallel loop needs more threads than are free, the
/// round's own thread runs the loop's parts instead of waiting. With one thread and several runs, the runs take
/// turns round by round.
/// </para>
/// <para>
/// Linux shows a thread's name in <c>/proc/PID/task/TID/comm</c>, cut to 15 characters, so keep the prefix short
/// enough for the numbers to fit.
/// </para>
/// </remarks>
public sealed class DedicatedThreadTaskScheduler : TaskScheduler, IDisposable
{
    [ThreadStatic]
    private static DedicatedThreadTaskScheduler? s_threadOwner;

    private readonly BlockingCollection<Task> _queue = new(new ConcurrentQueue<Task>());
    private readonly Thread[] _threads;

    /// <summary>Starts <paramref name="threadCount"/> background threads named <c>{threadNamePrefix}-1</c> and up.</summary>
    public DedicatedThreadTaskScheduler(int threadCount, string threadNamePrefix)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threadCount);
        ArgumentException.ThrowIfNullOrWhiteSpace(threadNamePrefix);
        _threads = new Thread[threadCount];
        for (int i = 0; i < threadCount; i++)
        {
            _threads[i] = new Thread(ExecuteQueuedTasks)
            {
                IsBackground = true,
                Name = $"{threadNamePrefix}-{i + 1}",
            };
        }

        foreach (Thread thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>Number of dedicated threads, which also caps the parallelism of loops run on this scheduler.</summary>
    public override int MaximumConcurrencyLevel => _threads.Length;

    /// <summary>Names of the dedicated threads, in order.</summary>
    public IReadOnlyList<string> ThreadNames => [.. _threads.Select(thread => thread.Name!)];

    /// <summary>
    /// Stops accepting tasks. The threads run the tasks already queued and then exit. This method does not wait for
    /// them, so a round in progress does not delay the caller.
    /// </summary>
    public void Dispose() => _queue.CompleteAdding();

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The scheduler was disposed.</exception>
    protected override void QueueTask(Task task) => _queue.Add(task);

    /// <summary>
    /// Runs <paramref name="task"/> on the calling thread when that thread is one of this scheduler's. A task that
    /// was queued stays in the queue, and the thread that dequeues it later finds it already run and skips it.
    /// </summary>
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        s_threadOwner == this && TryExecuteTask(task);

    /// <inheritdoc />
    protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();

    private void ExecuteQueuedTasks()
    {
        s_threadOwner = this;
        foreach (Task task in _queue.GetConsumingEnumerable())
        {
            TryExecuteTask(task);
        }
    }
}
