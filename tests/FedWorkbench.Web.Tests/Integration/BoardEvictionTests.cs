using FedWorkbench.Web.Api;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Storage;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static FedWorkbench.Web.Tests.Integration.BoardRooms;

namespace FedWorkbench.Web.Tests.Integration;

public sealed class BoardEvictionTests
{
    [Fact]
    public async Task IdleBoard_IsReloadedWithoutUndoHistory()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient http = factory.CreateClient();
        CreateRoomResponse room = await CreateAsync(http);
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero));
        using var service = new BoardService(
            factory.Services.GetRequiredService<IDbContextFactory<FedWorkbenchDbContext>>(),
            factory.Services.GetRequiredService<IHubContext<Hubs.BoardHub, IBoardHubClient>>(),
            factory.Services.GetRequiredService<Web.Facilitation.BoardLockRegistry>(),
            factory.Services.GetRequiredService<Web.Operations.WorkbenchMetrics>(),
            Options.Create(new BoardOptions { IdleBoardMinutes = 5 }),
            time,
            NullLogger<BoardService>.Instance);
        await service.ApplyAsync(room.BoardId, "pada", new BoardOperation("op-1", 0, [CreateNote("n1", 7, 8)]));

        // Four idle minutes keep the board in memory, so its undo history is still there.
        time.Advance(TimeSpan.FromMinutes(4));
        time.FireTimers();
        Assert.Equal(1, service.PeekVersion(room.BoardId));

        time.Advance(TimeSpan.FromMinutes(2));
        time.FireTimers();

        Assert.Equal(0, service.PeekVersion(room.BoardId));
        BoardSnapshot? reloaded = await service.GetSnapshotAsync(room.BoardId);
        Assert.NotNull(reloaded);
        Assert.Equal(1, reloaded.Version);
        Assert.Equal(7, Number(Assert.Single(reloaded.Elements), "x"));
        OperationResult? undo = await service.UndoAsync(room.BoardId, "pada");
        Assert.NotNull(undo);
        Assert.Equal(OperationResult.Conflict, undo.Status);
    }

    /// <summary>A clock that moves only when the test advances it, with timers that fire only on request.</summary>
    private sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
    {
        private readonly List<TimerCallback> _callbacks = [];
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;

        public void FireTimers()
        {
            foreach (TimerCallback callback in _callbacks)
            {
                callback(null);
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _callbacks.Add(callback);
            return new NoTimer();
        }

        private sealed class NoTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
