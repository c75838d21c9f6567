using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Partitioning;
using FedWorkbench.Web.Runs;

namespace FedWorkbench.Web.Ui;

/// <summary>
/// State of one run on a run page: the stored history merged with live events. The page subscribes first
/// and loads the history second, so events that arrive before the history are buffered and replayed after it.
/// A round is kept only when its number is greater than the last one kept, so the merge has no duplicates.
/// Because the subscription starts before the load, it has no gap either.
/// </summary>
/// <remarks>Not thread-safe: use it on the component's synchronization context only (inside <c>InvokeAsync</c>).</remarks>
public sealed class RunLiveState
{
    private readonly List<RunEvent> _buffered = [];
    private readonly List<RoundMetrics> _rounds = [];

    /// <summary>The run's latest known summary; null until <see cref="Load"/>.</summary>
    public RunSummary? Summary { get; private set; }

    /// <summary>The run's configuration; null until <see cref="Load"/>.</summary>
    public ExperimentConfig? Config { get; private set; }

    /// <summary>How the run's data is spread over its clients, or null until the stored run or a live event brings it.</summary>
    public PartitionStatistics? Partition { get; private set; }

    /// <summary>Whether <see cref="Load"/> has run.</summary>
    public bool IsLoaded { get; private set; }

    /// <summary>Every round kept so far, in round order.</summary>
    public IReadOnlyList<RoundMetrics> Rounds => _rounds;

    /// <summary>Number of the last round kept, 0 before the first.</summary>
    public int LastRound => _rounds.Count == 0 ? 0 : _rounds[^1].Round;

    /// <summary>The most recent round, or null before the first.</summary>
    public RoundMetrics? LatestRound => _rounds.Count == 0 ? null : _rounds[^1];

    /// <summary>Rounds finished so far, from the summary or the rounds received, whichever is further.</summary>
    public int CompletedRounds => Math.Max(Summary?.CompletedRounds ?? 0, LastRound);

    /// <summary>Rounds the run will execute in total.</summary>
    public int TotalRounds => Summary?.TotalRounds ?? Config?.Rounds ?? 0;

    /// <summary>Best test accuracy so far over the summary and the rounds received, or null before the first round.</summary>
    public double? BestAccuracy
    {
        get
        {
            double? best = Summary?.BestAccuracy;
            foreach (RoundMetrics round in _rounds)
            {
                if (best is null || round.TestAccuracy > best)
                {
                    best = round.TestAccuracy;
                }
            }

            return best;
        }
    }

    /// <summary>Mean wall-clock seconds per round over the rounds received, or null before the first round.</summary>
    public double? MeanRoundSeconds => _rounds.Count == 0 ? null : _rounds.Average(round => round.RoundSeconds);

    /// <summary>
    /// Estimated time until the run finishes: the mean round time multiplied by the rounds left. Null unless the run
    /// is running and has finished at least one round.
    /// </summary>
    public TimeSpan? EstimatedTimeLeft
    {
        get
        {
            if (Summary?.Status != RunStatus.Running || MeanRoundSeconds is not double mean)
            {
                return null;
            }

            int roundsLeft = Math.Max(0, TotalRounds - CompletedRounds);
            return TimeSpan.FromSeconds(mean * roundsLeft);
        }
    }

    /// <summary>
    /// Applies a live event. Before <see cref="Load"/> it only buffers the event. Returns the rounds this event
    /// added, which are empty for status and partition events and for rounds already kept.
    /// </summary>
    public IReadOnlyList<RoundMetrics> Apply(RunEvent runEvent)
    {
        ArgumentNullException.ThrowIfNull(runEvent);
        if (!IsLoaded)
        {
            _buffered.Add(runEvent);
            return [];
        }

        switch (runEvent)
        {
            case RoundCompleted completed when completed.Metrics.Round > LastRound:
                _rounds.Add(completed.Metrics);
                return [completed.Metrics];

            case PartitionReady ready:
                Partition = ready.Partition;
                return [];

            case RunStatusChanged changed when Summary is null || IsNewer(changed.Summary, Summary):
                Summary = changed.Summary;
                return [];

            default:
                return [];
        }
    }

    /// <summary>
    /// Takes the stored run, then replays the events buffered while it loaded. Returns every round kept, in order.
    /// </summary>
    public IReadOnlyList<RoundMetrics> Load(RunDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        if (IsLoaded)
        {
            throw new InvalidOperationException("The run state is already loaded.");
        }

        Summary = details.Summary;
        Config = details.Config;
        Partition = details.Partition;
        foreach (RoundMetrics round in details.Rounds)
        {
            if (round.Round > LastRound)
            {
                _rounds.Add(round);
            }
        }

        IsLoaded = true;
        foreach (RunEvent buffered in _buffered)
        {
            Apply(buffered);
        }

        _buffered.Clear();
        return _rounds;
    }

    /// <summary>
    /// Returns whether <paramref name="candidate"/> describes a later moment of the run than <paramref name="current"/>.
    /// A buffered event can be older than the loaded history, and applying it would move the page backwards.
    /// </summary>
    internal static bool IsNewer(RunSummary candidate, RunSummary current)
    {
        // Only a resume moves an Interrupted run back to Queued or Running. An older Queued or Running summary could
        // follow an Interrupted one only while the process stops, because Interrupted is stored at shutdown and at
        // start-up, and a page loaded then is gone with the process.
        if (current.Status == RunStatus.Interrupted && candidate.Status is RunStatus.Queued or RunStatus.Running)
        {
            return candidate.CompletedRounds >= current.CompletedRounds;
        }

        int candidateStage = Stage(candidate.Status);
        int currentStage = Stage(current.Status);
        if (candidateStage != currentStage)
        {
            return candidateStage > currentStage;
        }

        if (candidate.CompletedRounds != current.CompletedRounds)
        {
            return candidate.CompletedRounds > current.CompletedRounds;
        }

        // While queued, the position only decreases as runs ahead start.
        if (candidate.QueuePosition is int candidatePosition && current.QueuePosition is int currentPosition)
        {
            return candidatePosition <= currentPosition;
        }

        return true;
    }

    private static int Stage(RunStatus status) => status switch
    {
        RunStatus.Queued => 0,
        RunStatus.Running => 1,
        _ => 2,
    };
}
