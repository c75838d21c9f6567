using FedWorkbench.Web.Api;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static FedWorkbench.Web.Tests.Integration.BoardRooms;

namespace FedWorkbench.Web.Tests.Integration;

/// <summary>The operation log keeps only the operations a rejoining browser can be sent.</summary>
public sealed class BoardLogPruningTests
{
    private const int MaxResync = 5;
    private const int Edits = 3 * MaxResync;

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Boards:MaxResyncOperations"] = MaxResync.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task AfterMoreThanTheCap_TheLogHoldsTheCapAndRejoinsStillWork()
    {
        await using BoardTestHost host = await BoardTestHost.StartAsync(Settings, "Ada", "Bo");
        CreateRoomResponse room = host.Room;
        (BoardClient a, BoardClient b) = (host.Clients[0], host.Clients[1]);
        await a.SendAsync(CreateNote("n1"));
        OperationResult last = null!;
        for (int i = 0; i < Edits; i++)
        {
            last = await a.SendAsync(Set("n1", "x", i + 1));
            Assert.Equal(OperationResult.Applied, last.Status);
        }

        long version = 1 + Edits;
        Assert.Equal(version, last.Version);
        long[] logged = await LoggedVersionsAsync(host, room.BoardId);
        Assert.Equal(Enumerable.Range((int)(version - MaxResync + 1), MaxResync).Select(v => (long)v), logged);

        // A browser as far behind as the log reaches gets the operations; one further behind gets the board.
        await b.StopAsync();
        await b.ReconnectAsync();
        JoinBoardResult recent = await b.JoinAsync(room.Code, room.BoardId, lastVersion: version - MaxResync);
        Assert.Null(recent.Snapshot);
        Assert.Equal(logged, recent.Operations!.Select(o => o.Version));

        JoinBoardResult old = await b.JoinAsync(room.Code, room.BoardId, lastVersion: 1);
        Assert.Null(old.Operations);
        Assert.NotNull(old.Snapshot);
        Assert.Equal(Edits, Number(old.Snapshot.Elements.Single(), "x"));
    }

    [Fact]
    public async Task AResendWithinTheWindow_IsNotAppliedAgain()
    {
        await using BoardTestHost host = await BoardTestHost.StartAsync(Settings, "Ada");
        BoardClient a = host.Clients[0];
        await a.SendAsync(CreateNote("n1"));
        OperationResult first = await a.SendAsync("resent-op", a.Version, Set("n1", "x", 1));
        OperationResult last = first;
        for (int i = 0; i < MaxResync - 1; i++)
        {
            last = await a.SendAsync(Set("n1", "y", i + 1));
        }

        OperationResult again = await a.SendAsync("resent-op", 1, Set("n1", "x", 1));

        Assert.Equal(OperationResult.Applied, again.Status);
        Assert.Equal(first.Version, again.Version);
        Assert.Equal(1 + MaxResync, last.Version);
    }

    private static async Task<long[]> LoggedVersionsAsync(BoardTestHost host, Guid boardId)
    {
        await using FedWorkbenchDbContext context = await host.Factory.Services
            .GetRequiredService<IDbContextFactory<FedWorkbenchDbContext>>().CreateDbContextAsync();
        return await context.BoardOperations.Where(o => o.BoardId == boardId).OrderBy(o => o.Version).Select(o => o.Version).ToArrayAsync();
    }
}
