using System.Security.Cryptography;
using System.Text;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Storage;
using Microsoft.EntityFrameworkCore;

namespace FedWorkbench.Web.Facilitation;

public sealed partial class FacilitationService
{
    /// <summary>Returns the anonymous voter id stored with votes: SHA-256 of the round id (<c>D</c> format) followed by the participant id, as 64 lowercase hexadecimal digits.</summary>
    public static string VoterHash(Guid voteRoundId, string participantId)
    {
        ArgumentNullException.ThrowIfNull(participantId);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(voteRoundId.ToString("D") + participantId)));
    }

    /// <inheritdoc />
    public Task<FacilitationView> StartVoteAsync(
        Guid roomId, string facilitatorToken, Guid boardId, int votesPerPerson, CancellationToken cancellationToken = default)
    {
        FacilitationInput.VotesPerPerson(votesPerPerson);
        return ChangeAsync(roomId, facilitatorToken, "start a vote", async (context, room) =>
        {
            await FindBoardAsync(context, roomId, boardId, cancellationToken);
            DateTimeOffset now = _time.GetUtcNow();
            if (await FindOpenRoundAsync(context, roomId, cancellationToken) is { } open)
            {
                await EndRoundAsync(context, open, now, cancellationToken);
            }

            var round = new VoteRoundEntity
            {
                Id = Guid.CreateVersion7(now),
                RoomId = roomId,
                BoardId = boardId,
                VotesPerPerson = votesPerPerson,
                StartedAt = now,
            };
            context.VoteRounds.Add(round);
            FacilitationLog.VoteStarted(_logger, roomId, round.Id, boardId, votesPerPerson);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<FacilitationView> EndVoteAsync(Guid roomId, string facilitatorToken, CancellationToken cancellationToken = default) =>
        ChangeAsync(roomId, facilitatorToken, "end the vote", async (context, _) =>
        {
            VoteRoundEntity open = await FindOpenRoundAsync(context, roomId, cancellationToken)
                ?? throw new FacilitationException("No voting round is open, so there is none to end. Start a vote first.");
            await EndRoundAsync(context, open, _time.GetUtcNow(), cancellationToken);
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<MyVotes> CastVoteAsync(Guid roomId, string participantId, string elementId, int delta, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(participantId);
        if (delta is not (1 or -1))
        {
            throw new FacilitationException($"A vote changes by 1 or -1 at a time, not by {delta}.");
        }

        if (!BoardLimits.IsValidId(elementId))
        {
            throw new FacilitationException(
                $"\"{FacilitationInput.Shorten(elementId)}\" is not a valid element id. Vote on a sticky note of the board.");
        }

        MyVotes result;
        bool votersChanged;
        SemaphoreSlim gate = _roomGates.GetOrAdd(roomId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            await using FedWorkbenchDbContext context = await _contextFactory.CreateDbContextAsync(cancellationToken);
            VoteRoundEntity round = await FindOpenRoundAsync(context, roomId, cancellationToken)
                ?? throw new FacilitationException("No voting round is open, so the vote was not counted. Wait for the facilitator to start one.");

            string? type = await context.BoardElements
                .Where(e => e.BoardId == round.BoardId && e.ElementId == elementId)
                .Select(e => e.Type)
                .FirstOrDefaultAsync(cancellationToken);
            if (type is null)
            {
                throw new FacilitationException(
                    $"Element \"{elementId}\" is not on the board of this vote; it may have been deleted. Vote on a sticky note of that board.");
            }

            if (type != BoardElementTypes.Note)
            {
                string title = (BoardSchema.Find(type)?.Title ?? type).ToLowerInvariant();
                throw new FacilitationException($"Only sticky notes get votes, and element \"{elementId}\" is a {title}. Vote on a sticky note.");
            }

            string voter = VoterHash(round.Id, participantId);
            List<VoteEntity> mine = await context.Votes
                .Where(v => v.VoteRoundId == round.Id && v.VoterHash == voter)
                .ToListAsync(cancellationToken);
            int placed = mine.Sum(v => v.Count);
            VoteEntity? row = mine.FirstOrDefault(v => v.ElementId == elementId);
            if (delta > 0)
            {
                if (placed >= round.VotesPerPerson)
                {
                    throw new FacilitationException(
                        $"You have placed all {round.VotesPerPerson} of your votes. Take one back from a note to vote for another.");
                }

                if (row is null)
                {
                    row = new VoteEntity { VoteRoundId = round.Id, VoterHash = voter, ElementId = elementId, Count = 0 };
                    context.Votes.Add(row);
                    mine.Add(row);
                }

                row.Count++;
            }
            else
            {
                if (row is null)
                {
                    throw new FacilitationException("You have no vote on this note to take back.");
                }

                row.Count--;
                if (row.Count == 0)
                {
                    context.Votes.Remove(row);
                    mine.Remove(row);
                }
            }

            await context.SaveChangesAsync(CancellationToken.None);

            // A voter appears with their first vote and disappears with their last, and only that changes the
            // public view, so other votes publish nothing.
            votersChanged = placed == 0 || (delta < 0 && placed == 1);
            result = ToMyVotes(round, mine);
        }
        finally
        {
            gate.Release();
        }

        if (votersChanged && await GetAsync(roomId, CancellationToken.None) is { } view)
        {
            await _publisher.FacilitationChangedAsync(view);
        }

        return result;
    }

    /// <inheritdoc />
    public async Task<MyVotes?> GetMyVotesAsync(Guid roomId, string participantId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(participantId);
        await using FedWorkbenchDbContext context = await _contextFactory.CreateDbContextAsync(cancellationToken);
        if (await FindOpenRoundAsync(context, roomId, cancellationToken) is not { } round)
        {
            return null;
        }

        string voter = VoterHash(round.Id, participantId);
        List<VoteEntity> mine = await context.Votes.AsNoTracking()
            .Where(v => v.VoteRoundId == round.Id && v.VoterHash == voter)
            .ToListAsync(cancellationToken);
        return ToMyVotes(round, mine);
    }

    /// <summary>Returns every voting round of the room, oldest first, with results for the ended ones.</summary>
    public async Task<IReadOnlyList<VoteRoundView>> ListVoteRoundsAsync(Guid roomId, CancellationToken cancellationToken = default)
    {
        await using FedWorkbenchDbContext context = await _contextFactory.CreateDbContextAsync(cancellationToken);
        List<VoteRoundEntity> rounds = await context.VoteRounds.AsNoTracking()
            .Where(r => r.RoomId == roomId)
            .OrderBy(r => r.StartedAt)
            .ThenBy(r => r.Id)
            .ToListAsync(cancellationToken);
        var views = new List<VoteRoundView>(rounds.Count);
        foreach (VoteRoundEntity round in rounds)
        {
            views.Add(await VoteViewAsync(context, round, cancellationToken));
        }

        return views;
    }

    private static MyVotes ToMyVotes(VoteRoundEntity round, List<VoteEntity> mine) => new(
        round.Id,
        mine.Where(v => v.Count > 0).ToDictionary(v => v.ElementId, v => v.Count, StringComparer.Ordinal),
        round.VotesPerPerson - mine.Sum(v => v.Count));

    private static Task<VoteRoundEntity?> FindOpenRoundAsync(FedWorkbenchDbContext context, Guid roomId, CancellationToken cancellationToken) =>
        context.VoteRounds
            .Where(r => r.RoomId == roomId && r.EndedAt == null)
            .OrderByDescending(r => r.StartedAt)
            .FirstOrDefaultAsync(cancellationToken);

    private async Task EndRoundAsync(FedWorkbenchDbContext context, VoteRoundEntity round, DateTimeOffset now, CancellationToken cancellationToken)
    {
        round.EndedAt = now;
        var counts = await context.Votes
            .Where(v => v.VoteRoundId == round.Id)
            .Select(v => new { v.VoterHash, v.ElementId, v.Count })
            .ToListAsync(cancellationToken);
        FacilitationLog.VoteEnded(_logger, round.RoomId, round.Id,
            counts.Select(c => c.VoterHash).Distinct(StringComparer.Ordinal).Count(),
            counts.Sum(c => c.Count),
            counts.Select(c => c.ElementId).Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>Returns the public view of a round: the voter count, and the tallies once it ended.</summary>
    private static async Task<VoteRoundView> VoteViewAsync(FedWorkbenchDbContext context, VoteRoundEntity round, CancellationToken cancellationToken)
    {
        var votes = await context.Votes.AsNoTracking()
            .Where(v => v.VoteRoundId == round.Id)
            .Select(v => new { v.VoterHash, v.ElementId, v.Count })
            .ToListAsync(cancellationToken);
        int voters = votes.Select(v => v.VoterHash).Distinct(StringComparer.Ordinal).Count();
        VoteTally[]? results = round.EndedAt is null
            ? null
            : votes.GroupBy(v => v.ElementId, StringComparer.Ordinal)
                .Select(g => new VoteTally(g.Key, g.Sum(v => v.Count)))
                .Where(t => t.Votes > 0)
                .OrderByDescending(t => t.Votes)
                .ThenBy(t => t.ElementId, StringComparer.Ordinal)
                .ToArray();
        return new VoteRoundView(round.Id, round.BoardId, round.VotesPerPerson, round.EndedAt is null, round.StartedAt, round.EndedAt, voters, results);
    }
}
