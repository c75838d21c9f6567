using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Security;
using FedWorkbench.Web.Storage;
using FedWorkbench.Web.Tests.Integration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FedWorkbench.Web.Tests.Security;

/// <summary>Idle rooms and old standalone runs are deleted with everything they own; active work is kept.</summary>
public sealed class RetentionServiceTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RunOnce_DeletesIdleRoomWithBoardsAndRuns()
    {
        // Arrange: rooms made at the start, then a month passes.
        using var folder = new TestDataFolder();
        var clock = new ManualClock(Start);
        await using var factory = new LimitsFactory(folder.Path, new Dictionary<string, string>
        {
            ["Retention:RoomIdleDays"] = "30",
            ["Retention:StandaloneRunDays"] = "30",
            ["Retention:CheckIntervalMinutes"] = "10080",
        }, time: clock);
        using HttpClient client = factory.CreateClient();
        Guid idle = await CreateRoomAsync(client, "Idle room");
        Guid busy = await CreateRoomAsync(client, "Busy room");
        IDbContextFactory<FedWorkbenchDbContext> contexts = factory.Services.GetRequiredService<IDbContextFactory<FedWorkbenchDbContext>>();
        Guid idleRun = await AddRunAsync(contexts, idle, RunStatus.Completed, Start);
        Guid busyRun = await AddRunAsync(contexts, busy, RunStatus.Running, Start);
        Guid oldStandalone = await AddRunAsync(contexts, null, RunStatus.Failed, Start);
        clock.Advance(TimeSpan.FromDays(31));
        Guid recent = await CreateRoomAsync(client, "Recent room");
        Guid newStandalone = await AddRunAsync(contexts, null, RunStatus.Completed, clock.GetUtcNow());

        // Act
        RetentionPassResult result = await factory.Services.GetRequiredService<RetentionService>().RunOnceAsync();

        // Assert
        Assert.Equal(new RetentionPassResult(RoomsDeleted: 1, RoomsKept: 1, StandaloneRunsDeleted: 1), result);
        await using FedWorkbenchDbContext context = await contexts.CreateDbContextAsync();
        Assert.False(await context.Rooms.AnyAsync(r => r.Id == idle));
        Assert.False(await context.Boards.AnyAsync(b => b.RoomId == idle));
        Assert.Equal(0, await context.BoardElements.CountAsync(e => !context.Boards.Any(b => b.Id == e.BoardId)));
        Assert.False(await context.Runs.AnyAsync(r => r.Id == idleRun || r.Id == oldStandalone));
        Assert.False(await context.Rounds.AnyAsync(r => r.RunId == idleRun || r.RunId == oldStandalone));
        Assert.Equal(2, await context.Experiments.CountAsync());
        Assert.True(await context.Rooms.AnyAsync(r => r.Id == busy));
        Assert.True(await context.Runs.AnyAsync(r => r.Id == busyRun));
        Assert.True(await context.Rooms.AnyAsync(r => r.Id == recent));
        Assert.True(await context.Runs.AnyAsync(r => r.Id == newStandalone));
        Assert.Contains(factory.LogLines, line => line.Contains("[850]", StringComparison.Ordinal) && line.Contains(idle.ToString(), StringComparison.Ordinal));
        Assert.Contains(factory.LogLines, line => line.Contains("[852]", StringComparison.Ordinal) && line.Contains(busy.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunOnce_WithZeroDays_KeepsEverything()
    {
        using var folder = new TestDataFolder();
        var clock = new ManualClock(Start);
        await using var factory = new LimitsFactory(folder.Path, new Dictionary<string, string>
        {
            ["Retention:RoomIdleDays"] = "0",
            ["Retention:StandaloneRunDays"] = "0",
        }, time: clock);
        using HttpClient client = factory.CreateClient();
        Guid room = await CreateRoomAsync(client, "Kept room");
        IDbContextFactory<FedWorkbenchDbContext> contexts = factory.Services.GetRequiredService<IDbContextFactory<FedWorkbenchDbContext>>();
        Guid run = await AddRunAsync(contexts, null, RunStatus.Completed, Start);
        clock.Advance(TimeSpan.FromDays(3650));

        RetentionPassResult result = await factory.Services.GetRequiredService<RetentionService>().RunOnceAsync();

        Assert.Equal(new RetentionPassResult(0, 0, 0), result);
        await using FedWorkbenchDbContext context = await contexts.CreateDbContextAsync();
        Assert.True(await context.Rooms.AnyAsync(r => r.Id == room));
        Assert.True(await context.Runs.AnyAsync(r => r.Id == run));
    }

    private static async Task<Guid> CreateRoomAsync(HttpClient client, string name)
    {
        using HttpResponseMessage response = await client.PostAsJsonAsync("/api/rooms", new { name, template = "phones" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("roomId").GetGuid();
    }

    // Stores a run with one round directly, so the test controls its status and times.
    private static async Task<Guid> AddRunAsync(IDbContextFactory<FedWorkbenchDbContext> contexts, Guid? roomId, RunStatus status, DateTimeOffset createdAt)
    {
        await using FedWorkbenchDbContext context = await contexts.CreateDbContextAsync();
        var experiment = new ExperimentEntity { Id = Guid.NewGuid(), Name = "retention", ConfigJson = "{}", CreatedAt = createdAt };
        var run = new RunEntity
        {
            Id = Guid.NewGuid(),
            ExperimentId = experiment.Id,
            Status = status,
            CreatedAt = createdAt,
            StartedAt = createdAt,
            FinishedAt = status is RunStatus.Queued or RunStatus.Running ? null : createdAt,
            TotalRounds = 1,
            CompletedRounds = 1,
            RoomId = roomId,
        };
        run.Rounds.Add(new RoundEntity { RunId = run.Id, Round = 1, TestAccuracy = 0.5 });
        context.Experiments.Add(experiment);
        context.Runs.Add(run);
        await context.SaveChangesAsync();
        return run.Id;
    }
}
