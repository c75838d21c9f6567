using FedWorkbench.Web.Runs;

namespace FedWorkbench.Web.Ui;

/// <summary>
/// The runs table's rows: the stored list merged with live events from every run launched outside rooms. Events that arrive before the
/// list has loaded are buffered and replayed after it, as in <see cref="RunLiveState"/>. It also keeps the runs
/// selected for comparison, in the order they were selected.
/// </summary>
/// <remarks>Not thread-safe: use it on the component's synchronization context only (inside <c>InvokeAsync</c>).</remarks>
public sealed class RunListState
{
    private readonly List<RunEvent> _buffered = [];
    private readonly Dictionary<Guid, RunSummary> _runs = [];
    private readonly List<Guid> _selected = [];

    /// <summary>Whether <see cref="Load"/> has run.</summary>
    public bool IsLoaded { get; private set; }

    /// <summary>All runs, newest first.</summary>
    public IReadOnlyList<RunSummary> Runs { get; private set; } = [];

    /// <summary>Takes the stored list, then replays the events buffered while it loaded.</summary>
    public void Load(IEnumerable<RunSummary> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (IsLoaded)
        {
            throw new InvalidOperationException("The run list is already loaded.");
        }

        foreach (RunSummary run in runs.Where(run => !run.LaunchedInRoom))
        {
            _runs[run.Id] = run;
        }

        IsLoaded = true;
        foreach (RunEvent buffered in _buffered)
        {
            Apply(buffered);
        }

        _buffered.Clear();
        Sort();
    }

    /// <summary>Applies a live event, or buffers it before <see cref="Load"/>. Returns whether a row changed.</summary>
    public bool Apply(RunEvent runEvent)
    {
        ArgumentNullException.ThrowIfNull(runEvent);
        if (!IsLoaded)
        {
            _buffered.Add(runEvent);
            return false;
        }

        bool changed = runEvent switch
        {
            RunStatusChanged statusChanged => ApplySummary(statusChanged.Summary),
            RoundCompleted roundCompleted => ApplyRound(roundCompleted.RunId, roundCompleted.Metrics),
            _ => false,
        };

        if (changed)
        {
            Sort();
        }

        return changed;
    }

    /// <summary>Runs selected for comparison, in the order they were selected.</summary>
    public IReadOnlyList<Guid> SelectedRunIds => _selected;

    /// <summary>Whether <paramref name="runId"/> is selected for comparison.</summary>
    public bool IsSelected(Guid runId) => _selected.Contains(runId);

    /// <summary>Whether the selection can be compared: between <see cref="RunComparisonLimits.MinRuns"/> and <see cref="RunComparisonLimits.MaxRuns"/> runs.</summary>
    public bool CanCompare => _selected.Count is >= RunComparisonLimits.MinRuns and <= RunComparisonLimits.MaxRuns;

    /// <summary>Link to the compare page for the selected runs, relative to the app's base address.</summary>
    public string CompareLink => RunComparisonLimits.CompareLink(_selected);

    /// <summary>Text next to the Compare button: how many runs are selected, and what to do when they cannot be compared.</summary>
    public string SelectionMessage => _selected.Count switch
    {
        0 => $"Select {RunComparisonLimits.MinRuns} to {RunComparisonLimits.MaxRuns} runs to compare them.",
        < RunComparisonLimits.MinRuns => $"1 run selected. Select at least {RunComparisonLimits.MinRuns} to compare.",
        > RunComparisonLimits.MaxRuns => $"{_selected.Count} runs selected. Compare at most {RunComparisonLimits.MaxRuns}: clear some.",
        _ => $"{_selected.Count} runs selected.",
    };

    /// <summary>Selects <paramref name="runId"/> for comparison, or clears it when <paramref name="selected"/> is false.</summary>
    public void SetSelected(Guid runId, bool selected)
    {
        if (!selected)
        {
            _selected.Remove(runId);
        }
        else if (!_selected.Contains(runId))
        {
            _selected.Add(runId);
        }
    }

    /// <summary>Clears the selection.</summary>
    public void ClearSelection() => _selected.Clear();

    private bool ApplySummary(RunSummary summary)
    {
        // A run launched by someone else appears with its first status event, unless it was launched from a room:
        // the global list leaves room runs out, so that only people with the room's link see them.
        if (summary.LaunchedInRoom)
        {
            return false;
        }

        if (_runs.TryGetValue(summary.Id, out RunSummary? current) && !RunLiveState.IsNewer(summary, current))
        {
            return false;
        }

        _runs[summary.Id] = summary;
        return true;
    }

    private bool ApplyRound(Guid runId, RoundMetrics metrics)
    {
        if (!_runs.TryGetValue(runId, out RunSummary? current) || metrics.Round <= current.CompletedRounds)
        {
            return false;
        }

        double? best = current.BestAccuracy is double previous ? Math.Max(previous, metrics.TestAccuracy) : metrics.TestAccuracy;
        _runs[runId] = current with { CompletedRounds = metrics.Round, BestAccuracy = best };
        return true;
    }

    private void Sort() => Runs = [.. _runs.Values.OrderByDescending(run => run.CreatedAt).ThenBy(run => run.Id)];
}
