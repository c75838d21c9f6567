using FedWorkbench.Web.Facilitation;
using FedWorkbench.Web.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FedWorkbench.Web.Tests.Facilitation;

public sealed class FacilitationServiceTests
{
    private static readonly AgendaPhase[] Agenda = [new("Theory", 30), new("Design", 90), new("Review", 15)];

    [Fact]
    public async Task NewRoom_HasFacilitatorAndEmptyState()
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();

        FacilitationView? view = await host.Service.GetAsync(host.Room.RoomId);

        Assert.NotNull(view);
        Assert.True(view.HasFacilitator);
        Assert.Empty(view.Agenda);
        Assert.Equal(SessionTimer.Stopped, view.Timer);
        Assert.Null(view.Vote);
        Assert.Null(view.PinnedRunId);
        Assert.Empty(view.Locks);
        Assert.Equal(FacilitationHost.Start, view.ServerTime);
        Assert.Equal(FacilitatorToken.Length, host.Token.Length);
        Assert.StartsWith($"/rooms/{host.Room.Code}#facilitate=", host.Room.FacilitatorUrl);
    }

    [Fact]
    public async Task Token_StoredOnlyAsHash()
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();

        await using FedWorkbenchDbContext context = await host.Factory.Services
            .GetRequiredService<IDbContextFactory<FedWorkbenchDbContext>>().CreateDbContextAsync();
        RoomEntity room = await context.Rooms.SingleAsync();

        Assert.Equal(FacilitatorToken.Hash(host.Token), room.FacilitatorTokenHash);
        Assert.DoesNotContain(host.Token, room.FacilitatorTokenHash!);
        Assert.True(await host.Service.IsFacilitatorAsync(host.Room.RoomId, host.Token));
        Assert.False(await host.Service.IsFacilitatorAsync(host.Room.RoomId, host.Token[..^1] + (host.Token[^1] == 'A' ? 'B' : 'A')));
        Assert.False(await host.Service.IsFacilitatorAsync(host.Room.RoomId, null));
        Assert.False(await host.Service.IsFacilitatorAsync(Guid.NewGuid(), host.Token));
    }

    [Fact]
    public async Task WrongToken_RejectedAndNothingStored()
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();

        FacilitationException error = await Assert.ThrowsAsync<FacilitationException>(
            () => host.Service.SetAgendaAsync(host.Room.RoomId, FacilitatorToken.New(), Agenda));

        Assert.StartsWith("This link is not the room's facilitator link", error.Message);
        Assert.Empty((await host.Service.GetAsync(host.Room.RoomId))!.Agenda);
    }

    [Fact]
    public async Task Claim_OnlyRoomWithoutToken()
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();

        FacilitationException taken = await Assert.ThrowsAsync<FacilitationException>(() => host.Service.ClaimAsync(host.Room.RoomId));
        Assert.Contains("already has a facilitator", taken.Message);

        // A room made before facilitation existed has no token hash.
        await using (FedWorkbenchDbContext context = await host.Factory.Services
            .GetRequiredService<IDbContextFactory<FedWorkbenchDbContext>>().CreateDbContextAsync())
        {
            await context.Rooms.ExecuteUpdateAsync(r => r.SetProperty(x => x.FacilitatorTokenHash, (string?)null));
        }

        Assert.False((await host.Service.GetAsync(host.Room.RoomId))!.HasFacilitator);
        string claimed = await host.Service.ClaimAsync(host.Room.RoomId);

        Assert.Equal(FacilitatorToken.Length, claimed.Length);
        Assert.True(await host.Service.IsFacilitatorAsync(host.Room.RoomId, claimed));
        Assert.False(await host.Service.IsFacilitatorAsync(host.Room.RoomId, host.Token));
        Assert.True((await host.Service.GetAsync(host.Room.RoomId))!.HasFacilitator);
        await Assert.ThrowsAsync<FacilitationException>(() => host.Service.ClaimAsync(host.Room.RoomId));
    }

    [Fact]
    public async Task Agenda_StoredWithTrimmedTitles()
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();

        FacilitationView view = await host.Service.SetAgendaAsync(host.Room.RoomId, host.Token, [new("  Theory ", 30), new("Design", 90)]);

        Assert.Equal([new AgendaPhase("Theory", 30), new AgendaPhase("Design", 90)], view.Agenda);
        Assert.Equal(view.Agenda, (await host.Service.GetAsync(host.Room.RoomId))!.Agenda);
    }

    [Theory]
    [InlineData("", 10, "title of phase 1 has 0 characters; use 1 to 80")]
    [InlineData("Theory", 0, "Phase 1 (\"Theory\") lasts 0 minutes; use 1 to 480")]
    [InlineData("Theory", 481, "lasts 481 minutes; use 1 to 480")]
    [InlineData("Line\nbreak", 10, "invisible character U+000A at position 5")]
    public async Task Agenda_InvalidPhaseRejected(string title, int minutes, string expected)
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();

        FacilitationException error = await Assert.ThrowsAsync<FacilitationException>(
            () => host.Service.SetAgendaAsync(host.Room.RoomId, host.Token, [new(title, minutes)]));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task Agenda_LimitsOfCountAndTitle()
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();
        AgendaPhase[] tooMany = [.. Enumerable.Range(1, FacilitationLimits.MaxPhases + 1).Select(i => new AgendaPhase($"Phase {i}", 5))];
        string longest = new('x', FacilitationLimits.MaxPhaseTitleLength);

        FacilitationException count = await Assert.ThrowsAsync<FacilitationException>(
            () => host.Service.SetAgendaAsync(host.Room.RoomId, host.Token, tooMany));
        FacilitationException title = await Assert.ThrowsAsync<FacilitationException>(
            () => host.Service.SetAgendaAsync(host.Room.RoomId, host.Token, [new(longest + "x", 5)]));
        FacilitationView atLimit = await host.Service.SetAgendaAsync(
            host.Room.RoomId, host.Token, [.. tooMany[..FacilitationLimits.MaxPhases].SkipLast(1), new(longest, FacilitationLimits.MaxPhaseMinutes)]);

        Assert.Contains($"{FacilitationLimits.MaxPhases + 1} phases; use at most {FacilitationLimits.MaxPhases}", count.Message);
        Assert.Contains($"has {FacilitationLimits.MaxPhaseTitleLength + 1} characters", title.Message);
        Assert.Equal(FacilitationLimits.MaxPhases, atLimit.Agenda.Count);
    }

    [Fact]
    public async Task Timer_StartPauseResumeAddStop()
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();
        await host.Service.SetAgendaAsync(host.Room.RoomId, host.Token, Agenda);

        FacilitationView started = await host.Service.StartTimerAsync(host.Room.RoomId, host.Token, 1);
        Assert.Equal(1, started.Timer.PhaseIndex);
        Assert.Equal(FacilitationHost.Start.AddMinutes(Agenda[1].Minutes), started.Timer.EndsAt);
        Assert.True(started.Timer.IsRunning);

        // After 10 minutes, pausing keeps the 80 minutes left.
        host.Time.Advance(TimeSpan.FromMinutes(10));
        FacilitationView paused = await host.Service.PauseOrResumeTimerAsync(host.Room.RoomId, host.Token);
        double left = (Agenda[1].Minutes - 10) * 60.0;
        Assert.True(paused.Timer.IsPaused);
        Assert.Null(paused.Timer.EndsAt);
        Assert.Equal(left, paused.Timer.PausedRemainingSeconds);
        Assert.Equal(left, paused.Timer.RemainingSeconds(host.Time.GetUtcNow().AddHours(1)));

        // +5 while paused adds to the time left.
        FacilitationView extended = await host.Service.AddTimeAsync(host.Room.RoomId, host.Token, 5);
        Assert.Equal(left + 5 * 60, extended.Timer.PausedRemainingSeconds);

        // Resuming 3 minutes later ends the countdown that long after now.
        host.Time.Advance(TimeSpan.FromMinutes(3));
        FacilitationView resumed = await host.Service.PauseOrResumeTimerAsync(host.Room.RoomId, host.Token);
        Assert.Equal(host.Time.GetUtcNow().AddSeconds(left + 5 * 60), resumed.Timer.EndsAt);
        Assert.Equal(1, resumed.Timer.PhaseIndex);

        FacilitationView stopped = await host.Service.StopTimerAsync(host.Room.RoomId, host.Token);
        Assert.Equal(SessionTimer.Stopped, stopped.Timer);
    }

    [Fact]
    public async Task Timer_AddAfterZeroCountsFromNow()
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();
        await host.Service.SetAgendaAsync(host.Room.RoomId, host.Token, Agenda);
        await host.Service.StartTimerAsync(host.Room.RoomId, host.Token, 0);

        host.Time.Advance(TimeSpan.FromMinutes(Agenda[0].Minutes + 7));
        FacilitationView extended = await host.Service.AddTimeAsync(host.Room.RoomId, host.Token, 1);

        Assert.Equal(host.Time.GetUtcNow().AddMinutes(1), extended.Timer.EndsAt);
        Assert.Equal(60, extended.Timer.RemainingSeconds(host.Time.GetUtcNow()));
    }

    [Fact]
    public async Task Timer_InvalidRequestsRejected()
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();

        FacilitationException empty = await Assert.ThrowsAsync<FacilitationException>(
            () => host.Service.StartTimerAsync(host.Room.RoomId, host.Token, 0));
        await host.Service.SetAgendaAsync(host.Room.RoomId, host.Token, Agenda);
        FacilitationException index = await Assert.ThrowsAsync<FacilitationException>(
            () => host.Service.StartTimerAsync(host.Room.RoomId, host.Token, 3));
        FacilitationException pause = await Assert.ThrowsAsync<FacilitationException>(
            () => host.Service.PauseOrResumeTimerAsync(host.Room.RoomId, host.Token));
        await host.Service.StartTimerAsync(host.Room.RoomId, host.Token, 0);
        FacilitationException zero = await Assert.ThrowsAsync<FacilitationException>(
            () => host.Service.AddTimeAsync(host.Room.RoomId, host.Token, 0));
        FacilitationException tooMuch = await Assert.ThrowsAsync<FacilitationException>(
            () => host.Service.AddTimeAsync(host.Room.RoomId, host.Token, FacilitationLimits.MaxAddedMinutes + 1));

        Assert.Contains("agenda is empty", empty.Message);
        Assert.Contains("Phase index 3 does not exist: the agenda has 3 phases, numbered 0 to 2", index.Message);
        Assert.Contains("No countdown is running or paused", pause.Message);
        Assert.Contains("0 minutes cannot be added", zero.Message);
        Assert.Contains($"{FacilitationLimits.MaxAddedMinutes + 1} minutes cannot be added", tooMuch.Message);
    }

    [Fact]
    public async Task Agenda_ShorterStopsTimerOfRemovedPhase()
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();
        await host.Service.SetAgendaAsync(host.Room.RoomId, host.Token, Agenda);
        await host.Service.StartTimerAsync(host.Room.RoomId, host.Token, 2);

        FacilitationView kept = await host.Service.SetAgendaAsync(host.Room.RoomId, host.Token, Agenda);
        FacilitationView shortened = await host.Service.SetAgendaAsync(host.Room.RoomId, host.Token, Agenda[..2]);

        Assert.Equal(2, kept.Timer.PhaseIndex);
        Assert.Equal(SessionTimer.Stopped, shortened.Timer);
    }

    [Fact]
    public async Task Subscribe_ReceivesChangesOfItsRoomOnly()
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();
        var received = new System.Collections.Concurrent.ConcurrentQueue<FacilitationEvent>();
        var other = new System.Collections.Concurrent.ConcurrentQueue<FacilitationEvent>();
        using IDisposable subscription = host.Service.Subscribe(host.Room.RoomId, e =>
        {
            received.Enqueue(e);
            return Task.CompletedTask;
        });
        using IDisposable otherRoom = host.Service.Subscribe(Guid.NewGuid(), e =>
        {
            other.Enqueue(e);
            return Task.CompletedTask;
        });

        await host.Service.SetAgendaAsync(host.Room.RoomId, host.Token, Agenda);
        await host.Service.BringEveryoneToViewAsync(host.Room.RoomId, host.Token, new ViewportRequest(host.Room.BoardId, new BoardViewport(10, 20, 1.5)));

        await WaitUntilAsync(() => received.Count == 2);
        FacilitationChanged changed = Assert.IsType<FacilitationChanged>(received.ToArray()[0]);
        ViewportRequested viewport = Assert.IsType<ViewportRequested>(received.ToArray()[1]);
        Assert.Equal(Agenda, changed.View.Agenda);
        Assert.Equal(new BoardViewport(10, 20, 1.5), viewport.Request.Viewport);
        Assert.Empty(other);
    }

    [Fact]
    public async Task PinRun_OnlyRunsOfTheRoom()
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();

        FacilitationException error = await Assert.ThrowsAsync<FacilitationException>(
            () => host.Service.PinRunAsync(host.Room.RoomId, host.Token, Guid.NewGuid()));
        FacilitationView unpinned = await host.Service.PinRunAsync(host.Room.RoomId, host.Token, null);

        Assert.Contains("was not launched from this room", error.Message);
        Assert.Null(unpinned.PinnedRunId);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
