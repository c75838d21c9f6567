using System.Threading.Channels;
using FedWorkbench.Data.Baselines;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Storage;
using Microsoft.Extensions.Options;

namespace FedWorkbench.Web.Baselines;

/// <summary>
/// Queues the centralized baselines that runs ask for, at most one row per data, kind and settings, and notifies
/// every run waiting for a baseline when it starts, completes or fails. <see cref="BaselineWorker"/> trains
/// the queued baselines one at a time. Register it as a singleton.
/// </summary>
/// <remarks>
/// A completed baseline is reused by every later run with the same key, and a queued or running one is shared. A
/// failed one is queued again when a run requests it, because its cause (a full queue, a missing file, a stopped
/// process) may be gone.
/// </remarks>
public sealed class BaselineService
{
    /// <summary>Error stored for a baseline whose training failed for a reason the user cannot fix.</summary>
    public const string InternalErrorMessage =
        "Training failed because of an internal error. The server log has the details under this baseline's key.";

    private readonly BaselineStore _store;
    private readonly RunNotifier _notifier;
    private readonly BaselineOptions _options;
    private readonly ILogger<BaselineService> _logger;
    private readonly Channel<BaselineRequest> _queue;

    // Serializes every change of a row's status with the runs waiting for it, so that a run that joins a
    // running baseline cannot miss the event of its end.
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Runs waiting for each queued or running baseline, by key hash. Guarded by _gate.
    private readonly Dictionary<string, HashSet<Guid>> _waitingRuns = [];

    /// <summary>Creates the service with an empty queue of <see cref="BaselineOptions.QueueCapacity"/> places.</summary>
    public BaselineService(BaselineStore store, RunNotifier notifier, IOptions<BaselineOptions> options, ILogger<BaselineService> logger)
    {
        _store = store;
        _notifier = notifier;
        _options = options.Value;
        _logger = logger;
        _queue = Channel.CreateBounded<BaselineRequest>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    /// <summary>Baselines waiting for the worker, the one training excluded.</summary>
    public int QueuedCount => _queue.Reader.Count;

    /// <summary>
    /// Asks for the baselines <paramref name="kinds"/> of run <paramref name="runId"/>, which trains
    /// <paramref name="config"/>: each one is reused when completed, shared when queued or running, and otherwise
    /// queued, or stored as failed with a "not queued" message when the queue is full. Returns once every row is stored.
    /// </summary>
    public async Task RequestAsync(Guid runId, ExperimentConfig config, IReadOnlyList<BaselineKind> kinds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(kinds);
        foreach (BaselineKind kind in kinds.Distinct().Order())
        {
            BaselineRequest request = BaselineRequest.For(config, kind, _options);
            await _gate.WaitAsync(cancellationToken);
            try
            {
                await RequestOneAsync(runId, request, cancellationToken);
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>
    /// Returns the baselines run <paramref name="runId"/> asked for, in the order engine, maximum entropy, LightGBM,
    /// or null when no such run is stored. A baseline with no stored row, which a failed request leaves, is returned
    /// as Failed with a message saying so.
    /// </summary>
    public async Task<IReadOnlyList<RunBaseline>?> GetForRunAsync(Guid runId, CancellationToken cancellationToken)
    {
        if (await _store.GetRunRequestAsync(runId, cancellationToken) is not var (config, kinds))
        {
            return null;
        }

        if (kinds.Count == 0)
        {
            return [];
        }

        BaselineRequest[] requests = [.. kinds.Order().Select(kind => BaselineRequest.For(config, kind, _options))];
        IReadOnlyDictionary<string, BaselineEntity> rows = await _store.FindManyAsync([.. requests.Select(r => r.Key.Hash)], cancellationToken);
        return [.. requests.Select(request => rows.TryGetValue(request.Key.Hash, out BaselineEntity? row)
            ? RunBaseline.From(request.Kind, row)
            : new RunBaseline(request.Kind, BaselineStatus.Failed, null, null, null, null,
                "This baseline was never queued, for example because the server's settings for baselines changed since the run was launched. Launch the run again to train it.",
                null))];
    }

    /// <summary>
    /// Queues again the baselines that a stopped process left Queued or Running, for the runs that asked for them,
    /// and marks failed those that no stored run requests any more. Call it once at start-up, before the worker reads.
    /// </summary>
    public async Task RequeueUnfinishedAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<BaselineEntity> unfinished = await _store.ListUnfinishedAsync(cancellationToken);
        if (unfinished.Count == 0)
        {
            return;
        }

        // A run is stored before it requests its baselines, so runs older than a row may wait for it too. Runs are
        // deleted after Retention:StandaloneRunDays or with their room, which bounds this read.
        var requestsByKey = new Dictionary<string, (BaselineRequest Request, HashSet<Guid> Runs)>();
        var unfinishedKeys = unfinished.Select(row => row.Key).ToHashSet();
        foreach ((Guid runId, ExperimentConfig config, IReadOnlyList<BaselineKind> kinds) in await _store.ListRunRequestsAsync(cancellationToken))
        {
            foreach (BaselineKind kind in kinds)
            {
                BaselineRequest request = BaselineRequest.For(config, kind, _options);
                if (unfinishedKeys.Contains(request.Key.Hash))
                {
                    if (!requestsByKey.TryGetValue(request.Key.Hash, out var entry))
                    {
                        entry = (request, []);
                        requestsByKey.Add(request.Key.Hash, entry);
                    }

                    entry.Runs.Add(runId);
                }
            }
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            foreach (BaselineEntity row in unfinished)
            {
                if (!requestsByKey.TryGetValue(row.Key, out var entry))
                {
                    const string orphaned = "The server stopped before this baseline finished, and no stored run asks for it any more.";
                    await _store.MarkFailedAsync(row.Key, orphaned, cancellationToken);
                    BaselineLog.BaselineFailedAtStartup(_logger, row.Kind, row.Key, row.Status, orphaned);
                }
                else if (_queue.Writer.TryWrite(entry.Request))
                {
                    await _store.MarkQueuedAsync(row.Key, cancellationToken);
                    _waitingRuns[row.Key] = entry.Runs;
                    BaselineLog.BaselineRequeuedAtStartup(_logger, row.Kind, row.Key, row.Status, entry.Runs.Count);
                }
                else
                {
                    string full = QueueFullMessage();
                    await _store.MarkFailedAsync(row.Key, full, cancellationToken);
                    BaselineLog.BaselineFailedAtStartup(_logger, row.Kind, row.Key, row.Status, full);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Waits for the next queued baseline. Throws <see cref="OperationCanceledException"/> when cancelled.</summary>
    internal ValueTask<BaselineRequest> DequeueAsync(CancellationToken cancellationToken) => _queue.Reader.ReadAsync(cancellationToken);

    /// <summary>Marks a dequeued baseline Running and notifies the runs waiting for it.</summary>
    internal Task MarkRunningAsync(BaselineRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(request, finished: false, () => _store.MarkRunningAsync(request.Key.Hash, cancellationToken), cancellationToken);

    /// <summary>Stores a trained baseline and notifies the runs waiting for it, which then stop waiting.</summary>
    internal Task MarkCompletedAsync(BaselineRequest request, BaselineResult result, CancellationToken cancellationToken) =>
        ChangeAsync(request, finished: true, () => _store.MarkCompletedAsync(request.Key.Hash, result, cancellationToken), cancellationToken);

    /// <summary>Stores a failed baseline's message and notifies the runs waiting for it, which then stop waiting.</summary>
    internal Task MarkFailedAsync(BaselineRequest request, string error, CancellationToken cancellationToken) =>
        ChangeAsync(request, finished: true, () => _store.MarkFailedAsync(request.Key.Hash, error, cancellationToken), cancellationToken);

    private async Task RequestOneAsync(Guid runId, BaselineRequest request, CancellationToken cancellationToken)
    {
        string kind = ExperimentNames.Of(request.Kind);
        string key = request.Key.Hash;
        BaselineEntity? row = await _store.FindAsync(key, cancellationToken);
        switch (row?.Status)
        {
            case BaselineStatus.Completed:
                BaselineLog.BaselineReused(_logger, runId, kind, key, row.Status);
                return;

            case BaselineStatus.Queued or BaselineStatus.Running:
                AddWaitingRun(key, runId);
                BaselineLog.BaselineReused(_logger, runId, kind, key, row.Status);
                return;
        }

        // Only this method and RequeueUnfinishedAsync write to the queue, both inside the gate, and the worker only
        // takes from it, so a place seen free here is still free when the request is written.
        if (_queue.Reader.Count >= _options.QueueCapacity)
        {
            string full = QueueFullMessage();
            await _store.StoreRequestedAsync(request, full, cancellationToken);
            BaselineLog.BaselineNotQueued(_logger, kind, key, runId, _options.QueueCapacity);
            return;
        }

        await _store.StoreRequestedAsync(request, error: null, cancellationToken);
        _queue.Writer.TryWrite(request);
        AddWaitingRun(key, runId);
        BaselineLog.BaselineQueued(_logger, kind, key, runId, _queue.Reader.Count);
    }

    private async Task ChangeAsync(BaselineRequest request, bool finished, Func<Task> store, CancellationToken cancellationToken)
    {
        string key = request.Key.Hash;
        Guid[] runs;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await store();
            runs = _waitingRuns.TryGetValue(key, out HashSet<Guid>? waiting) ? [.. waiting] : [];
            if (finished)
            {
                _waitingRuns.Remove(key);
            }
        }
        finally
        {
            _gate.Release();
        }

        if (runs.Length == 0 || await _store.FindAsync(key, CancellationToken.None) is not { } row)
        {
            return;
        }

        // Publishing only appends to each follower's queue, so it never waits for a page.
        RunBaseline baseline = RunBaseline.From(request.Kind, row);
        foreach (Guid runId in runs)
        {
            _notifier.Publish(new BaselineChanged(runId, baseline));
        }
    }

    private void AddWaitingRun(string key, Guid runId)
    {
        if (!_waitingRuns.TryGetValue(key, out HashSet<Guid>? runs))
        {
            runs = [];
            _waitingRuns.Add(key, runs);
        }

        runs.Add(runId);
    }

    private string QueueFullMessage() =>
        $"Not queued: the baseline queue is full ({_options.QueueCapacity} baselines waiting). Launch the run again later to train this baseline.";
}
