using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Facilitation;
using FedWorkbench.Web.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FedWorkbench.Web.Tests.Facilitation;

public sealed class VoteTests
{
    [Fact]
    public async Task Vote_ResultsOnlyAfterEndSorted()
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();
        await host.AddNotesAsync(("a", "Data stays on site"), ("b", "Weekly rounds"), ("c", "No votes"));
        Guid roomId = host.Room.RoomId;

        FacilitationView started = await host.Service.StartVoteAsync(roomId, host.Token, host.Room.BoardId, 3);
        MyVotes ada = await host.Service.CastVoteAsync(roomId, "ada", "b", 1);
        ada = await host.Service.CastVoteAsync(roomId, "ada", "b", 1);
        ada = await host.Service.CastVoteAsync(roomId, "ada", "a", 1);
        MyVotes bo = await host.Service.CastVoteAsync(roomId, "bo", "a", 1);
        bo = await host.Service.CastVoteAsync(roomId, "bo", "b", 1);
        FacilitationView open = (await host.Service.GetAsync(roomId))!;

        Assert.True(started.Vote!.IsOpen);
        Assert.Equal(3, started.Vote.VotesPerPerson);
        Assert.Equal(0, ada.Remaining);
        Assert.Equal(2, ada.Votes["b"]);
        Assert.Equal(3 - 2, bo.Remaining);
        Assert.Equal(2, open.Vote!.Voters);
        Assert.Null(open.Vote.Results);

        FacilitationView ended = await host.Service.EndVoteAsync(roomId, host.Token);

        Assert.False(ended.Vote!.IsOpen);
        Assert.Equal(FacilitationHost.Start, ended.Vote.EndedAt);
        Assert.Equal(2, ended.Vote.Voters);

        // b: 2 + 1, a: 1 + 1; c got none and is left out.
        Assert.Equal([new VoteTally("b", 3), new VoteTally("a", 2)], ended.Vote.Results);
        Assert.Null(await host.Service.GetMyVotesAsync(roomId, "ada"));
    }

    [Fact]
    public async Task Vote_TieSortedByElementId()
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();
        await host.AddNotesAsync(("n2", "Second"), ("n1", "First"));
        await host.Service.StartVoteAsync(host.Room.RoomId, host.Token, host.Room.BoardId, 1);
        await host.Service.CastVoteAsync(host.Room.RoomId, "ada", "n2", 1);
        await host.Service.CastVoteAsync(host.Room.RoomId, "bo", "n1", 1);

        FacilitationView ended = await host.Service.EndVoteAsync(host.Room.RoomId, host.Token);

        Assert.Equal([new VoteTally("n1", 1), new VoteTally("n2", 1)], ended.Vote!.Results);
    }

    [Fact]
    public async Task Vote_TakeBackFreesVote()
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();
        await host.AddNotesAsync(("a", "One"));
        await host.Service.StartVoteAsync(host.Room.RoomId, host.Token, host.Room.BoardId, 2);

        await host.Service.CastVoteAsync(host.Room.RoomId, "ada", "a", 1);
        MyVotes back = await host.Service.CastVoteAsync(host.Room.RoomId, "ada", "a", -1);
        FacilitationException none = await Assert.ThrowsAsync<FacilitationException>(
            () => host.Service.CastVoteAsync(host.Room.RoomId, "ada", "a", -1));

        Assert.Empty(back.Votes);
        Assert.Equal(2, back.Remaining);
        Assert.Equal(0, (await host.Service.GetAsync(host.Room.RoomId))!.Vote!.Voters);
        Assert.Contains("no vote on this note to take back", none.Message);
    }

    [Fact]
    public async Task Vote_InvalidVotesRejected()
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();
        await host.AddNotesAsync(("a", "One"));
        Guid roomId = host.Room.RoomId;

        FacilitationException notOpen = await Assert.ThrowsAsync<FacilitationException>(() => host.Service.CastVoteAsync(roomId, "ada", "a", 1));
        FacilitationException perPerson = await Assert.ThrowsAsync<FacilitationException>(
            () => host.Service.StartVoteAsync(roomId, host.Token, host.Room.BoardId, FacilitationLimits.MaxVotesPerPerson + 1));
        FacilitationException otherBoard = await Assert.ThrowsAsync<FacilitationException>(
            () => host.Service.StartVoteAsync(roomId, host.Token, Guid.NewGuid(), 3));
        await host.Service.StartVoteAsync(roomId, host.Token, host.Room.BoardId, 1);
        FacilitationException unknown = await Assert.ThrowsAsync<FacilitationException>(() => host.Service.CastVoteAsync(roomId, "ada", "zz", 1));
        FacilitationException delta = await Assert.ThrowsAsync<FacilitationException>(() => host.Service.CastVoteAsync(roomId, "ada", "a", 2));
        await host.Service.CastVoteAsync(roomId, "ada", "a", 1);
        FacilitationException spent = await Assert.ThrowsAsync<FacilitationException>(() => host.Service.CastVoteAsync(roomId, "ada", "a", 1));

        Assert.Contains("No voting round is open", notOpen.Message);
        Assert.Contains($"{FacilitationLimits.MaxVotesPerPerson + 1} votes per person is out of range", perPerson.Message);
        Assert.Contains("is not in this room", otherBoard.Message);
        Assert.Contains("Element \"zz\" is not on the board of this vote", unknown.Message);
        Assert.Contains("by 1 or -1 at a time, not by 2", delta.Message);
        Assert.Contains("You have placed all 1 of your votes", spent.Message);
    }

    [Fact]
    public async Task Vote_OnlyOnNotes()
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();
        await host.AddNotesAsync(("a", "One"));
        var boards = host.Factory.Services.GetRequiredService<BoardService>();
        BoardChange frame = new(BoardChange.Create, Element: new BoardElement(
            "f", BoardElementTypes.Frame, new Dictionary<string, System.Text.Json.JsonElement>()));
        Assert.Equal(OperationResult.Applied,
            (await boards.ApplyAsync(host.Room.BoardId, "setup", new BoardOperation("frame", boards.PeekVersion(host.Room.BoardId), [frame])))!.Status);
        await host.Service.StartVoteAsync(host.Room.RoomId, host.Token, host.Room.BoardId, 3);

        FacilitationException error = await Assert.ThrowsAsync<FacilitationException>(
            () => host.Service.CastVoteAsync(host.Room.RoomId, "ada", "f", 1));

        Assert.Contains("Only sticky notes get votes, and element \"f\" is a frame", error.Message);
    }

    [Fact]
    public async Task Vote_ParallelNeverExceedsVotesPerPerson()
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();
        await host.AddNotesAsync(("a", "One"), ("b", "Two"));
        const int votesPerPerson = 3;
        const int attemptsPerPerson = 12;
        string[] people = ["ada", "bo", "cy", "di"];
        await host.Service.StartVoteAsync(host.Room.RoomId, host.Token, host.Room.BoardId, votesPerPerson);

        var attempts = people.SelectMany(person => Enumerable.Range(0, attemptsPerPerson).Select(async i =>
        {
            try
            {
                await host.Service.CastVoteAsync(host.Room.RoomId, person, i % 2 == 0 ? "a" : "b", 1);
                return true;
            }
            catch (FacilitationException)
            {
                return false;
            }
        }));
        bool[] accepted = await Task.WhenAll(attempts);

        Assert.Equal(people.Length * votesPerPerson, accepted.Count(a => a));
        foreach (string person in people)
        {
            MyVotes mine = (await host.Service.GetMyVotesAsync(host.Room.RoomId, person))!;
            Assert.Equal(0, mine.Remaining);
            Assert.Equal(votesPerPerson, mine.Votes.Values.Sum());
        }

        FacilitationView ended = await host.Service.EndVoteAsync(host.Room.RoomId, host.Token);
        Assert.Equal(people.Length * votesPerPerson, ended.Vote!.Results!.Sum(t => t.Votes));
        Assert.Equal(people.Length, ended.Vote.Voters);
    }

    [Fact]
    public async Task Vote_StoredAnonymously()
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();
        await host.AddNotesAsync(("a", "One"));
        FacilitationView started = await host.Service.StartVoteAsync(host.Room.RoomId, host.Token, host.Room.BoardId, 3);
        await host.Service.CastVoteAsync(host.Room.RoomId, "participant-ada", "a", 1);

        await using FedWorkbenchDbContext context = await host.Factory.Services
            .GetRequiredService<IDbContextFactory<FedWorkbenchDbContext>>().CreateDbContextAsync();
        VoteEntity vote = await context.Votes.SingleAsync();

        Assert.Equal(FacilitationService.VoterHash(started.Vote!.Id, "participant-ada"), vote.VoterHash);
        Assert.Equal(64, vote.VoterHash.Length);
        // The whole participant id: "ada" alone is hexadecimal and occurs in about 1 of 66 hashes (62 positions × 16⁻³).
        Assert.DoesNotContain("participant-ada", vote.VoterHash);
    }

    [Fact]
    public async Task StartVote_EndsOpenRound()
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();
        await host.AddNotesAsync(("a", "One"));
        FacilitationView first = await host.Service.StartVoteAsync(host.Room.RoomId, host.Token, host.Room.BoardId, 3);
        await host.Service.CastVoteAsync(host.Room.RoomId, "ada", "a", 1);
        host.Time.Advance(TimeSpan.FromMinutes(1));

        FacilitationView second = await host.Service.StartVoteAsync(host.Room.RoomId, host.Token, host.Room.BoardId, 5);
        IReadOnlyList<VoteRoundView> rounds = await host.Service.ListVoteRoundsAsync(host.Room.RoomId);

        Assert.NotEqual(first.Vote!.Id, second.Vote!.Id);
        Assert.Equal(5, (await host.Service.GetMyVotesAsync(host.Room.RoomId, "ada"))!.Remaining);
        Assert.Equal(2, rounds.Count);
        Assert.False(rounds[0].IsOpen);
        Assert.Equal([new VoteTally("a", 1)], rounds[0].Results);
        Assert.True(rounds[1].IsOpen);
    }
}
