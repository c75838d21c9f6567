using System.Text.Json;
using FedWorkbench.Web.Runs;
using Microsoft.AspNetCore.Http.Connections;

namespace FedWorkbench.Web.Tests.Integration;

public sealed class DivergedRunTests
{
    [Fact]
    public async Task DivergedRun_CompletesWithNullTrainLoss()
    {
        // Arrange
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();

        // Act
        Guid runId = await RunApi.LaunchAsync(client, RunApi.DivergingExperiment(rounds: 2));
        RunDetails details = await RunApi.WaitForEndAsync(client, runId);

        // Assert: the run ends normally, and every round kept the global model without a training loss.
        Assert.Equal(RunStatus.Completed, details.Summary.Status);
        Assert.Null(details.Summary.Error);
        Assert.Equal(2, details.Summary.CompletedRounds);
        Assert.Equal([1, 2], details.Rounds.Select(r => r.Round));
        Assert.All(details.Rounds, r => Assert.Equal(5, r.SampledClients));
        Assert.All(details.Rounds, r => Assert.Equal(0, r.AggregatedClients));
        Assert.All(details.Rounds, r => Assert.Equal(5, r.RejectedClients));
        Assert.All(details.Rounds, r => Assert.Null(r.TrainLoss));
        Assert.All(details.Rounds, r => Assert.True(r.TestLoss is double loss && double.IsFinite(loss), $"Round {r.Round} test loss is {r.TestLoss}."));
        Assert.NotNull(details.Summary.BestAccuracy);

        // The API writes JSON null, not a missing property or a string such as "NaN".
        using JsonDocument document = JsonDocument.Parse(await client.GetStringAsync($"/api/runs/{runId}"));
        JsonElement[] rounds = [.. document.RootElement.GetProperty("rounds").EnumerateArray()];
        Assert.Equal(2, rounds.Length);
        Assert.All(rounds, round => Assert.Equal(JsonValueKind.Null, round.GetProperty("trainLoss").ValueKind));
        Assert.All(rounds, round => Assert.Equal(JsonValueKind.Number, round.GetProperty("testLoss").ValueKind));
    }

    [Fact]
    public async Task DivergedRun_FollowerReceivesNullTrainLoss()
    {
        // Arrange: the gate keeps round 1 back until the follower has joined, so both rounds arrive live.
        using var folder = new TestDataFolder();
        var gate = new RoundGate();
        await using var factory = new FedWorkbenchFactory(folder.Path, gate);
        using HttpClient client = factory.CreateClient();
        Guid runId = await RunApi.LaunchAsync(client, RunApi.DivergingExperiment(rounds: 2));
        await using RunFollower follower = await RunFollower.ConnectAsync(factory.Server, HttpTransportType.WebSockets);

        // Act
        RunDetails history = await follower.FollowAsync(runId);
        gate.Release(2);
        RunSummary end = await follower.Ended.WaitAsync(RunApi.FailureTimeout);

        // Assert
        Assert.Empty(history.Rounds);
        Assert.Equal(RunStatus.Completed, end.Status);
        Assert.Equal([1, 2], follower.LiveRounds);
        Assert.All(follower.MergedRounds, r => Assert.Null(r.TrainLoss));
        Assert.All(follower.MergedRounds, r => Assert.Equal(0, r.AggregatedClients));
        Assert.Equal((await RunApi.GetAsync(client, runId)).Rounds, follower.MergedRounds);
    }
}
