using System.Text.Json;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Facilitation;
using FedWorkbench.Web.Tests.Integration;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using static FedWorkbench.Web.Tests.Integration.BoardRooms;

namespace FedWorkbench.Web.Tests.Facilitation;

/// <summary>Locks and votes through real SignalR clients of the board hub.</summary>
public sealed class LockTests
{
    private const string LockedNoteMessage = "The facilitator locked the sticky note \"Data stays on site\", so it cannot be changed. Ask them to unlock it.";

    [Fact]
    public async Task LockedNote_RejectsParticipantNotFacilitator()
    {
        await using BoardTestHost host = await BoardTestHost.StartAsync("Ada");
        (IFacilitationService service, string token) = Facilitation(host);
        await using BoardClient facilitator = await JoinFacilitatorAsync(host, token);
        BoardClient ada = host.Clients[0];
        await ada.SendAsync(CreateNote("n1", 0, 0, "Data stays on site"));

        await service.SetElementLocksAsync(host.Room.RoomId, token, host.Room.BoardId, ["n1"], locked: true);
        OperationResult moved = await ada.SendAsync(Set("n1", "x", 50));
        OperationResult deleted = await ada.SendAsync(Delete("n1"));
        await facilitator.WaitForVersionAsync(1);
        OperationResult byFacilitator = await facilitator.SendAsync(Set("n1", "x", 70));

        Assert.Equal(OperationResult.Rejected, moved.Status);
        Assert.Equal(LockedNoteMessage, moved.Error);
        Assert.Equal(OperationResult.Rejected, deleted.Status);
        Assert.Equal(OperationResult.Applied, byFacilitator.Status);

        await service.SetElementLocksAsync(host.Room.RoomId, token, host.Room.BoardId, ["n1"], locked: false);
        await ada.WaitForVersionAsync(byFacilitator.Version);
        OperationResult afterUnlock = await ada.SendAsync(Set("n1", "x", 90));
        Assert.Equal(OperationResult.Applied, afterUnlock.Status);
    }

    [Fact]
    public async Task LockedBoard_RejectsNewElements()
    {
        await using BoardTestHost host = await BoardTestHost.StartAsync("Ada");
        (IFacilitationService service, string token) = Facilitation(host);
        await using BoardClient facilitator = await JoinFacilitatorAsync(host, token);

        FacilitationView view = await service.SetBoardLockAsync(host.Room.RoomId, token, host.Room.BoardId, locked: true);
        OperationResult created = await host.Clients[0].SendAsync(CreateNote("n1"));
        OperationResult byFacilitator = await facilitator.SendAsync(CreateNote("n2"));

        Assert.Equal([new BoardLocks(host.Room.BoardId, true, [])], view.Locks.Select(l => l with { LockedElementIds = [] }));
        Assert.Equal(OperationResult.Rejected, created.Status);
        Assert.Equal("The facilitator locked the board \"Board 1\", so it cannot be edited. Ask them to unlock it.", created.Error);
        Assert.Equal(OperationResult.Applied, byFacilitator.Status);
        await FacilitationServiceTests.WaitUntilAsync(() => host.Clients[0].LocksUpdates.Any(l => l.BoardLocked));
    }

    [Fact]
    public async Task Undo_OfChangeToNowLockedNoteRejected()
    {
        await using BoardTestHost host = await BoardTestHost.StartAsync("Ada");
        (IFacilitationService service, string token) = Facilitation(host);
        BoardClient ada = host.Clients[0];
        await ada.SendAsync(CreateNote("n1", 0, 0, "Data stays on site"));
        await ada.SendAsync(Set("n1", "x", 40));

        await service.SetElementLocksAsync(host.Room.RoomId, token, host.Room.BoardId, ["n1"], locked: true);
        OperationResult undo = await ada.UndoAsync();
        await service.SetElementLocksAsync(host.Room.RoomId, token, host.Room.BoardId, ["n1"], locked: false);
        OperationResult undoAfterUnlock = await ada.UndoAsync();

        Assert.Equal(OperationResult.Rejected, undo.Status);
        Assert.Equal(LockedNoteMessage, undo.Error);

        // The rejected undo stayed in the history, so the next one reverts the same move.
        Assert.Equal(OperationResult.Applied, undoAfterUnlock.Status);
        await ada.WaitForVersionAsync(undoAfterUnlock.Version);
        Assert.Equal(0, Number(ada.Find("n1"), "x"));
    }

    [Fact]
    public async Task Delete_RemovingLockedConnectorRejected()
    {
        await using BoardTestHost host = await BoardTestHost.StartAsync("Ada");
        (IFacilitationService service, string token) = Facilitation(host);
        BoardClient ada = host.Clients[0];
        var connector = new BoardChange(BoardChange.Create, Element: new BoardElement("c1", BoardElementTypes.Connector,
            new Dictionary<string, JsonElement> { ["from"] = Value("a"), ["to"] = Value("b") }));
        OperationResult setup = await ada.SendAsync(CreateNote("a"), CreateNote("b"), connector);
        Assert.Equal(OperationResult.Applied, setup.Status);

        await service.SetElementLocksAsync(host.Room.RoomId, token, host.Room.BoardId, ["c1"], locked: true);
        OperationResult deleted = await ada.SendAsync(Delete("a"));

        Assert.Equal(OperationResult.Rejected, deleted.Status);
        Assert.Contains("The facilitator locked a connector", deleted.Error);
    }

    [Fact]
    public async Task Join_ReturnsLocksAndFacilitatorFlag()
    {
        await using BoardTestHost host = await BoardTestHost.StartAsync("Ada");
        (IFacilitationService service, string token) = Facilitation(host);
        await host.Clients[0].SendAsync(CreateNote("n1"));
        await service.SetElementLocksAsync(host.Room.RoomId, token, host.Room.BoardId, ["n1"], locked: true);

        await using BoardClient facilitator = await JoinFacilitatorAsync(host, token);
        JoinBoardResult participant = await host.Clients[0].JoinAsync(host.Room.Code, host.Room.BoardId);

        Assert.True(facilitator.LastJoin!.IsFacilitator);
        Assert.False(participant.IsFacilitator);
        Assert.Equal(["n1"], participant.Locks!.LockedElementIds);
        Assert.False(participant.Locks.BoardLocked);
        // The broadcast is sent apart from the service call's result, so it can arrive after the call returns.
        await FacilitationServiceTests.WaitUntilAsync(() => host.Clients[0].LocksUpdates.Any(l => l.LockedElementIds.Contains("n1")));
    }

    [Fact]
    public async Task Join_WrongFacilitatorTokenRaises()
    {
        await using BoardTestHost host = await BoardTestHost.StartAsync("Ada");
        await using BoardClient intruder = await BoardClient.ConnectAsync(host.Factory.Server, "Eve");

        HubException error = await Assert.ThrowsAsync<HubException>(
            () => intruder.JoinAsync(host.Room.Code, host.Room.BoardId, facilitatorToken: FacilitatorToken.New()));

        Assert.Contains("This link is not the room's facilitator link", error.Message);
    }

    [Fact]
    public async Task HubVote_CastAndRead()
    {
        await using BoardTestHost host = await BoardTestHost.StartAsync("Ada");
        (IFacilitationService service, string token) = Facilitation(host);
        BoardClient ada = host.Clients[0];
        await ada.SendAsync(CreateNote("n1", 0, 0, "Data stays on site"));

        Assert.Null(await ada.GetMyVotesAsync());
        HubException closed = await Assert.ThrowsAsync<HubException>(() => ada.CastVoteAsync("n1", 1));
        await service.StartVoteAsync(host.Room.RoomId, token, host.Room.BoardId, 2);
        MyVotes cast = await ada.CastVoteAsync("n1", 1);
        MyVotes? read = await ada.GetMyVotesAsync();

        Assert.Contains("No voting round is open", closed.Message);
        Assert.Equal(1, cast.Votes["n1"]);
        Assert.Equal(1, cast.Remaining);
        Assert.Equal(cast.Remaining, read!.Remaining);
        await FacilitationServiceTests.WaitUntilAsync(() => ada.FacilitationUpdates.Any(v => v.Vote is { Voters: 1 }));
    }

    private static (IFacilitationService Service, string Token) Facilitation(BoardTestHost host) =>
        (host.Factory.Services.GetRequiredService<IFacilitationService>(), FacilitationHost.TokenOf(host.Room.FacilitatorUrl));

    private static async Task<BoardClient> JoinFacilitatorAsync(BoardTestHost host, string token)
    {
        BoardClient facilitator = await BoardClient.ConnectAsync(host.Factory.Server, "Facilitator");
        await facilitator.JoinAsync(host.Room.Code, host.Room.BoardId, facilitatorToken: token);
        return facilitator;
    }
}
