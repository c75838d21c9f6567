namespace FedWorkbench.Web.Runs;

/// <summary>Publishes <see cref="RunStatusChanged"/> events for a run and for the runs waiting behind it.</summary>
public sealed class RunStatusPublisher(RunStore store, RunQueue queue, RunNotifier notifier)
{
    /// <summary>Publishes the new summary of one run; returns without waiting for subscribers.</summary>
    public void Publish(RunSummary summary) => notifier.Publish(new RunStatusChanged(summary.Id, summary));

    /// <summary>
    /// Publishes the summary of every waiting run, in queue order. Call it after a run left the queue, because
    /// that moved each run behind it one place forward.
    /// </summary>
    public async Task PublishQueuePositionsAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<Guid> waiting = queue.GetWaiting();
        IReadOnlyList<RunSummary> summaries = await store.GetSummariesAsync(waiting, cancellationToken);
        foreach (RunSummary summary in summaries.OrderBy(s => s.QueuePosition ?? int.MaxValue))
        {
            Publish(summary);
        }
    }
}
