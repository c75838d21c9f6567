using System.Globalization;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Runs;

namespace FedWorkbench.Web.Ui;

/// <summary>One run on the compare page: its label in the legend, summary, configuration and rounds so far.</summary>
/// <param name="Id">Run id.</param>
/// <param name="Label">Legend label: the run's name, followed by the start of its id when another compared run has the same name.</param>
public sealed record ComparedRun(Guid Id, string Label)
{
    /// <summary>Status and progress, updated by live events.</summary>
    public required RunSummary Summary { get; set; }

    /// <summary>The run's experiment.</summary>
    public required ExperimentConfig Config { get; init; }

    /// <summary>Rounds received so far, in increasing round order without repeats.</summary>
    public List<RoundMetrics> Rounds { get; } = [];
}

/// <summary>
/// The compare page's data: the runs named in its link, loaded through <see cref="IRunService"/>, the messages
/// about ids that could not be compared, and live rounds of runs that are still running. Events that arrive
/// before <see cref="LoadAsync"/> finishes are buffered and replayed after it, so the page may subscribe first.
/// </summary>
/// <remarks>Not thread-safe: use it on the component's synchronization context only (inside <c>InvokeAsync</c>).</remarks>
public sealed class RunComparisonState
{
    private readonly List<RunEvent> _buffered = [];
    private readonly List<ComparedRun> _runs = [];
    private readonly List<string> _messages = [];

    /// <summary>Whether <see cref="LoadAsync"/> has finished.</summary>
    public bool IsLoaded { get; private set; }

    /// <summary>The runs found, in the order of the link.</summary>
    public IReadOnlyList<ComparedRun> Runs => _runs;

    /// <summary>Messages about the link: ids that are invalid or not found, and runs left out over the limit.</summary>
    public IReadOnlyList<string> Messages => _messages;

    /// <summary>Whether enough runs were found to compare.</summary>
    public bool CanCompare => _runs.Count >= RunComparisonLimits.MinRuns;

    /// <summary>
    /// Message shown instead of the comparison when fewer than <see cref="RunComparisonLimits.MinRuns"/> runs were
    /// found; null when the runs can be compared.
    /// </summary>
    public string? NotEnoughRunsMessage => CanCompare
        ? null
        : _runs.Count == 1
            ? $"Only one of the runs in the link was found. Select at least {RunComparisonLimits.MinRuns} runs on the runs list and choose Compare."
            : $"No run to compare. Select {RunComparisonLimits.MinRuns} to {RunComparisonLimits.MaxRuns} runs on the runs list and choose Compare.";

    /// <summary>Whether any compared run is queued or running, so that its curves still grow.</summary>
    public bool HasActiveRuns => _runs.Any(run => RunDisplay.IsActive(run.Summary.Status));

    /// <summary>Whether the settings table lists every setting, not only those that differ.</summary>
    public bool ShowAllSettings { get; set; }

    /// <summary>One row per experiment setting, over the compared runs; empty before loading.</summary>
    public IReadOnlyList<RunComparisonRow> SettingRows { get; private set; } = [];

    /// <summary>The rows the settings table shows: those that differ, or all of them with <see cref="ShowAllSettings"/>.</summary>
    public IReadOnlyList<RunComparisonRow> VisibleSettingRows =>
        ShowAllSettings ? SettingRows : [.. SettingRows.Where(row => row.Differs)];

    /// <summary>Number of settings whose values differ between the runs.</summary>
    public int DifferingSettingCount => SettingRows.Count(row => row.Differs);

    /// <summary>
    /// Parses the link's comma-separated run ids, at most <see cref="RunComparisonLimits.MaxRuns"/> of them.
    /// Repeated ids count once. Returns the ids in link order and adds a message for each token that is not a run
    /// id and for the ids left out over the limit.
    /// </summary>
    public static IReadOnlyList<Guid> ParseRunIds(string? runsParameter, ICollection<string> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var ids = new List<Guid>();
        string[] tokens = (runsParameter ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (string token in tokens)
        {
            if (!Guid.TryParse(token, CultureInfo.InvariantCulture, out Guid id))
            {
                messages.Add($"'{Shorten(token)}' is not a run id. Run ids look like 3f2b8c1e-0d4a-4e7b-9c61-2a5d7e9f0b13.");
            }
            else if (!ids.Contains(id))
            {
                ids.Add(id);
            }
        }

        if (ids.Count > RunComparisonLimits.MaxRuns)
        {
            messages.Add($"The link names {ids.Count} runs, but at most {RunComparisonLimits.MaxRuns} can be compared. " +
                $"The first {RunComparisonLimits.MaxRuns} are shown; select fewer runs on the runs list to choose others.");
            ids.RemoveRange(RunComparisonLimits.MaxRuns, ids.Count - RunComparisonLimits.MaxRuns);
        }

        return ids;
    }

    /// <summary>
    /// Loads the runs named by <paramref name="runsParameter"/> (the <c>runs</c> query value) and replays the events
    /// buffered meanwhile. A run that is not found gets a message and is left out.
    /// </summary>
    public async Task LoadAsync(IRunService runService, string? runsParameter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runService);
        if (IsLoaded)
        {
            throw new InvalidOperationException("The comparison is already loaded.");
        }

        IReadOnlyList<Guid> ids = ParseRunIds(runsParameter, _messages);
        var found = new List<RunDetails>();
        foreach (Guid id in ids)
        {
            RunDetails? details = await runService.GetAsync(id, cancellationToken);
            if (details is null)
            {
                _messages.Add($"Run {id} was not found. It may have been deleted, or the link is incomplete.");
                continue;
            }

            found.Add(details);
        }

        foreach (RunDetails details in found)
        {
            var run = new ComparedRun(details.Summary.Id, Label(details.Summary, found)) { Summary = details.Summary, Config = details.Config };
            run.Rounds.AddRange(details.Rounds);
            _runs.Add(run);
        }

        SettingRows = RunComparisonRow.Build(_runs.Select(run => run.Config).ToList());
        IsLoaded = true;
        foreach (RunEvent buffered in _buffered)
        {
            Apply(buffered);
        }

        _buffered.Clear();
    }

    /// <summary>
    /// Applies a live event of a compared run, or buffers it before loading. Returns whether a run changed. A round
    /// is appended only when it follows the run's last round, so replayed or repeated rounds are ignored.
    /// </summary>
    public bool Apply(RunEvent runEvent)
    {
        ArgumentNullException.ThrowIfNull(runEvent);
        if (!IsLoaded)
        {
            _buffered.Add(runEvent);
            return false;
        }

        ComparedRun? run = _runs.Find(candidate => candidate.Id == runEvent.RunId);
        if (run is null)
        {
            return false;
        }

        switch (runEvent)
        {
            case RoundCompleted completed when completed.Metrics.Round > LastRound(run):
                run.Rounds.Add(completed.Metrics);
                return true;
            case RunStatusChanged changed when RunLiveState.IsNewer(changed.Summary, run.Summary):
                run.Summary = changed.Summary;
                return true;
            default:
                return false;
        }
    }

    private static int LastRound(ComparedRun run) => run.Rounds.Count == 0 ? 0 : run.Rounds[^1].Round;

    private static string Label(RunSummary summary, IReadOnlyList<RunDetails> all)
    {
        string name = RunDisplay.Name(summary);
        bool shared = all.Count(other => RunDisplay.Name(other.Summary) == name) > 1;
        return shared ? $"{name} ({summary.Id.ToString("N")[..8]})" : name;
    }

    private static string Shorten(string token) => token.Length <= 40 ? token : token[..40] + "…";
}
