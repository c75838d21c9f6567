using System.Text.Json;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Storage;
using FedWorkbench.Web.Ui;
using Microsoft.EntityFrameworkCore;

namespace FedWorkbench.Web.Facilitation;

/// <summary>Gathers a room's <see cref="SessionSummary"/>: agenda, countdown, every voting round and every run of the room. Register it as a singleton.</summary>
public sealed class SessionSummaryBuilder(
    IDbContextFactory<FedWorkbenchDbContext> contextFactory,
    FacilitationService facilitation,
    IRunService runs,
    TimeProvider time)
{
    /// <summary>Largest board image accepted, in characters of SVG markup.</summary>
    public const int MaxBoardSvgLength = 8 * 1024 * 1024;

    /// <summary>
    /// Returns the summary of the room, or null when the room does not exist. Throws
    /// <see cref="FacilitationException"/> when <paramref name="boardSvg"/> is not SVG markup or is longer than
    /// <see cref="MaxBoardSvgLength"/>.
    /// </summary>
    public async Task<SessionSummary?> BuildAsync(Guid roomId, string? boardSvg, CancellationToken cancellationToken = default)
    {
        string? svg = CheckSvg(boardSvg);
        FacilitationView? view = await facilitation.GetAsync(roomId, cancellationToken);
        if (view is null)
        {
            return null;
        }

        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        string roomName = await context.Rooms.Where(r => r.Id == roomId).Select(r => r.Name).FirstAsync(cancellationToken);
        Dictionary<Guid, string> boardNames = await context.Boards.Where(b => b.RoomId == roomId)
            .ToDictionaryAsync(b => b.Id, b => b.Name, cancellationToken);

        var rounds = new List<SummaryVoteRound>();
        foreach (VoteRoundView round in await facilitation.ListVoteRoundsAsync(roomId, cancellationToken))
        {
            rounds.Add(await SummarizeRoundAsync(context, round, boardNames, cancellationToken));
        }

        var roomRuns = await context.Runs.Where(r => r.RoomId == roomId)
            .Select(r => new { r.Id, r.CreatedAt, r.LaunchedBy })
            .ToListAsync(cancellationToken);
        var summaryRuns = new List<SummaryRun>();
        foreach (var roomRun in roomRuns.OrderBy(r => r.CreatedAt))
        {
            if (await runs.GetAsync(roomRun.Id, cancellationToken) is { } details)
            {
                summaryRuns.Add(SummarizeRun(details) with { LaunchedBy = roomRun.LaunchedBy, LaunchedAt = roomRun.CreatedAt });
            }
        }

        return new SessionSummary(roomName, time.GetUtcNow(), view.Agenda, view.Timer, rounds, summaryRuns, svg);
    }

    /// <summary>Returns the SVG markup trimmed, or null when empty; throws when it is not an SVG document or too long.</summary>
    internal static string? CheckSvg(string? boardSvg)
    {
        if (string.IsNullOrWhiteSpace(boardSvg))
        {
            return null;
        }

        if (boardSvg.Length > MaxBoardSvgLength)
        {
            throw new FacilitationException(
                $"The board image has {boardSvg.Length:N0} characters; the summary accepts at most {MaxBoardSvgLength:N0}. Export a smaller part of the board.");
        }

        string trimmed = boardSvg.Trim();
        if (!trimmed.StartsWith("<svg", StringComparison.Ordinal) && !trimmed.StartsWith("<?xml", StringComparison.Ordinal))
        {
            throw new FacilitationException("The board image is not SVG markup: it must start with \"<svg\" or \"<?xml\".");
        }

        return trimmed;
    }

    private static SummaryRun SummarizeRun(RunDetails details)
    {
        RunSummary summary = details.Summary;
        double? final = details.Rounds.Count == 0 ? null : details.Rounds[^1].TestAccuracy;
        SummaryPrivacy? privacy = null;
        if (details.Config.DifferentialPrivacy != DifferentialPrivacyKind.None)
        {
            RoundMetrics? last = details.Rounds.Count == 0 ? null : details.Rounds[^1];
            privacy = new SummaryPrivacy(last?.Epsilon, last?.EpsilonUnbounded ?? false, details.Config.Delta);
        }

        return new SummaryRun(
            summary.Id,
            summary.Name,
            summary.Status,
            summary.CompletedRounds,
            summary.TotalRounds,
            final,
            summary.BestAccuracy,
            RunConfigRows.For(details.Config),
            details.Config.Dataset == DatasetKind.FashionMnist)
        {
            Privacy = privacy,
        };
    }

    private static async Task<SummaryVoteRound> SummarizeRoundAsync(
        FedWorkbenchDbContext context, VoteRoundView round, Dictionary<Guid, string> boardNames, CancellationToken cancellationToken)
    {
        SummaryTally[]? tallies = null;
        if (round.Results is { } results)
        {
            string[] ids = [.. results.Select(r => r.ElementId)];
            Dictionary<string, string> props = await context.BoardElements
                .Where(e => e.BoardId == round.BoardId && ids.Contains(e.ElementId))
                .ToDictionaryAsync(e => e.ElementId, e => e.PropsJson, StringComparer.Ordinal, cancellationToken);
            tallies = [.. results.Select(r => new SummaryTally(r.ElementId, NoteText(props.GetValueOrDefault(r.ElementId)), r.Votes))];
        }

        return new SummaryVoteRound(
            boardNames.GetValueOrDefault(round.BoardId, "a deleted board"), round.VotesPerPerson, round.StartedAt, round.EndedAt, round.Voters, tallies);
    }

    private static string NoteText(string? propsJson)
    {
        if (propsJson is null)
        {
            return "(deleted note)";
        }

        using JsonDocument props = JsonDocument.Parse(propsJson);
        string text = props.RootElement.TryGetProperty("text", out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? string.Join(' ', value.GetString()!.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            : "";
        return text.Length == 0 ? "(note without text)" : text;
    }
}
