using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Facilitation;

/// <summary>One note's result in a voting round of the summary.</summary>
/// <param name="Text">The note's text, or a placeholder when the note was deleted or is empty.</param>
public sealed record SummaryTally(string ElementId, string Text, int Votes);

/// <summary>A voting round of the summary.</summary>
/// <param name="BoardName">The name of the board voted on.</param>
/// <param name="Results">Votes per note, most first; null while the round is open.</param>
public sealed record SummaryVoteRound(
    string BoardName, int VotesPerPerson, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, int Voters, IReadOnlyList<SummaryTally>? Results);

/// <summary>A run of the summary with its settings and final metrics.</summary>
/// <param name="Settings">The settings the run reads, labelled as on the experiment form.</param>
/// <param name="FinalAccuracy">Test accuracy after the last stored round; null before the first round.</param>
/// <param name="BestAccuracy">Highest test accuracy over the stored rounds; null before the first round.</param>
public sealed record SummaryRun(
    Guid Id,
    string Name,
    RunStatus Status,
    int CompletedRounds,
    int TotalRounds,
    double? FinalAccuracy,
    double? BestAccuracy,
    IReadOnlyList<RunConfigRow> Settings,
    bool UsesFashionMnist)
{
    /// <summary>Display name of the person who pressed Simulate; null when the run has no launcher stored.</summary>
    public string? LaunchedBy { get; init; }

    /// <summary>When the run was launched.</summary>
    public DateTimeOffset? LaunchedAt { get; init; }

    /// <summary>Differential privacy of the run; null when the run uses none.</summary>
    public SummaryPrivacy? Privacy { get; init; }
}

/// <summary>The privacy budget a run with differential privacy spent.</summary>
/// <param name="FinalEpsilon">ε after the last stored round; null before the first round or when it is unbounded.</param>
/// <param name="EpsilonUnbounded">Whether ε is unbounded, because the noise multiplier is 0.</param>
/// <param name="Delta">The δ the run's ε is computed for.</param>
public sealed record SummaryPrivacy(double? FinalEpsilon, bool EpsilonUnbounded, double Delta);

/// <summary>What the session summary of a room contains, before it is rendered as Markdown or HTML.</summary>
/// <param name="BoardSvg">The board image as SVG markup exported by the browser; null when none was sent.</param>
/// <param name="Timer">The countdown when the summary was made.</param>
public sealed record SessionSummary(
    string RoomName,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<AgendaPhase> Agenda,
    SessionTimer Timer,
    IReadOnlyList<SummaryVoteRound> VoteRounds,
    IReadOnlyList<SummaryRun> Runs,
    string? BoardSvg);
