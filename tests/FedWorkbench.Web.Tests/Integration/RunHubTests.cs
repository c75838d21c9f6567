using FedWorkbench.Web.Runs;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace FedWorkbench.Web.Tests.Integration;

public sealed class RunHubTests
{
    [Theory]
    [InlineData(HttpTransportType.LongPolling)]
    [InlineData(HttpTransportType.WebSockets)]
    public async Task FollowFromStart_ReceivesEveryRoundOnceInOrder(HttpTransportType transport)
    {
        // Arrange: the gate keeps round 1 back until both followers have joined.
        using var folder = new TestDataFolder();
        var gate = new RoundGate();
        await using var factory = new FedWorkbenchFactory(folder.Path, gate);
        using HttpClient client = factory.CreateClient();
        Guid runId = await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 6));
        await using RunFollower first = await RunFollower.ConnectAsync(factory.Server, transport);
        await using RunFollower second = await RunFollower.ConnectAsync(factory.Server, transport);

        // Act
        RunDetails history = await first.FollowAsync(runId);
        await second.FollowAsync(runId);
        gate.Release(6);
        RunSummary firstEnd = await first.Ended.WaitAsync(RunApi.FailureTimeout);
        RunSummary secondEnd = await second.Ended.WaitAsync(RunApi.FailureTimeout);

        // Assert
        Assert.Empty(history.Rounds);
        Assert.Equal(RunStatus.Completed, firstEnd.Status);
        Assert.Equal(RunStatus.Completed, secondEnd.Status);
        int[] expected = [1, 2, 3, 4, 5, 6];
        Assert.Equal(expected, first.LiveRounds);
        Assert.Equal(expected, second.LiveRounds);
        Assert.Equal(expected, first.MergedRounds.Select(r => r.Round));

        RunDetails stored = await RunApi.GetAsync(client, runId);
        Assert.Equal(stored.Rounds, first.MergedRounds);
        Assert.Equal(stored.Rounds, second.MergedRounds);
    }

    [Fact]
    public async Task GroupedRun_RoundsCarryGroupAccuracy()
    {
        // Arrange: two named groups; every client holds out 20% of its samples, so both groups have a value.
        using var folder = new TestDataFolder();
        var gate = new RoundGate();
        await using var factory = new FedWorkbenchFactory(folder.Path, gate);
        using HttpClient client = factory.CreateClient();
        Guid runId = await RunApi.LaunchAsync(client, """
            {
              "name": "grouped run",
              "dataset": "synthetic",
              "model": "softmax",
              "clients": 6,
              "clientFraction": 1,
              "batchSize": 10,
              "rounds": 2,
              "seed": 7,
              "clientTestFraction": 0.2,
              "clientGroups": [
                { "name": "Phones", "count": 4, "dataShare": 0.6 },
                { "name": "Tablets", "count": 2, "dataShare": 0.4, "partition": "shards", "shardsPerClient": 1 }
              ]
            }
            """);
        await using RunFollower follower = await RunFollower.ConnectAsync(factory.Server, HttpTransportType.WebSockets);

        // Act
        await follower.FollowAsync(runId);
        gate.Release(2);
        RunSummary end = await follower.Ended.WaitAsync(RunApi.FailureTimeout);

        // Assert: the hub's rounds and the API's stored rounds carry the same two values per round.
        Assert.Equal(RunStatus.Completed, end.Status);
        RunDetails stored = await RunApi.GetAsync(client, runId);
        Assert.Equal([1, 2], follower.LiveRounds);
        Assert.Equal(2, stored.Rounds.Count);
        for (int i = 0; i < stored.Rounds.Count; i++)
        {
            IReadOnlyList<double?> live = Assert.IsAssignableFrom<IReadOnlyList<double?>>(follower.MergedRounds[i].GroupAccuracy);
            IReadOnlyList<double?> kept = Assert.IsAssignableFrom<IReadOnlyList<double?>>(stored.Rounds[i].GroupAccuracy);
            Assert.Equal(2, kept.Count);
            Assert.All(kept, value => Assert.InRange(value!.Value, 0, 1));
            Assert.Equal(kept, live);
        }
    }

    [Fact]
    public async Task FollowQueuedRun_ReceivesPartitionBeforeRound1()
    {
        // Arrange: with one worker, a first gated run keeps the second queued, so the follower joins before the
        // second run splits its data.
        using var folder = new TestDataFolder();
        var gate = new RoundGate();
        await using var factory = new FedWorkbenchFactory(folder.Path, gate);
        using HttpClient client = factory.CreateClient();
        await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 1, name: "blocking run"));
        Guid runId = await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 2));
        await using RunFollower follower = await RunFollower.ConnectAsync(factory.Server, HttpTransportType.WebSockets);
        RunDetails history = await follower.FollowAsync(runId);

        // Act: the blocking run ends, the followed run starts and its rounds wait at the gate until the partition arrived.
        gate.Release(1);
        PartitionReady partition = await follower.Partition.WaitAsync(RunApi.FailureTimeout);
        Assert.Empty(follower.LiveRounds);
        gate.Release(2);
        RunSummary end = await follower.Ended.WaitAsync(RunApi.FailureTimeout);

        // Assert
        Assert.Equal(RunStatus.Queued, history.Summary.Status);
        Assert.Null(history.Partition);
        Assert.Equal(RunStatus.Completed, end.Status);
        Assert.Equal(["PartitionReady", "Round 1", "Round 2"], follower.LiveEvents);
        Assert.Equal(runId, partition.RunId);
        Assert.Equal(10, partition.Partition.ClientSizes.Length);
        Assert.Equal(10, partition.Partition.LabelCounts.Length);
        Assert.All(partition.Partition.LabelCounts, counts => Assert.Equal(partition.Partition.ClassCount, counts.Length));
        Assert.Equal(partition.Partition.ClientSizes, partition.Partition.LabelCounts.Select(counts => counts.Sum()));

        RunDetails stored = await RunApi.GetAsync(client, runId);
        PartitionAssert.Equal(partition.Partition, stored.Partition);
    }

    [Fact]
    public async Task FollowMidRun_NoGapNoDuplicate()
    {
        using var folder = new TestDataFolder();
        var gate = new RoundGate();
        await using var factory = new FedWorkbenchFactory(folder.Path, gate);
        using HttpClient client = factory.CreateClient();
        Guid runId = await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 8));
        gate.Release(3);
        await RunApi.WaitUntilAsync(client, runId, d => d.Rounds.Count == 3, "3 rounds stored");
        await using RunFollower follower = await RunFollower.ConnectAsync(factory.Server, HttpTransportType.LongPolling);

        RunDetails history = await follower.FollowAsync(runId);
        gate.Release(5);
        RunSummary end = await follower.Ended.WaitAsync(RunApi.FailureTimeout);

        Assert.Equal(RunStatus.Running, history.Summary.Status);
        Assert.Equal([1, 2, 3], history.Rounds.Select(r => r.Round));
        Assert.Equal(RunStatus.Completed, end.Status);
        Assert.Equal([4, 5, 6, 7, 8], follower.LiveRounds);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], follower.MergedRounds.Select(r => r.Round));
        Assert.Equal((await RunApi.GetAsync(client, runId)).Rounds, follower.MergedRounds);
    }

    [Fact]
    public async Task FollowDuringRounds_NoGapNoDuplicate()
    {
        // No gate: rounds are stored while FollowRun runs, so live rounds may overlap the history.
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();
        Guid runId = await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 30));
        await RunApi.WaitUntilAsync(client, runId, d => d.Rounds.Count >= 1, "1 round stored");
        await using RunFollower follower = await RunFollower.ConnectAsync(factory.Server, HttpTransportType.LongPolling);

        RunDetails history = await follower.FollowAsync(runId);
        RunSummary end = await follower.Ended.WaitAsync(RunApi.FailureTimeout);

        Assert.Equal(RunStatus.Completed, end.Status);
        Assert.NotEmpty(history.Rounds);
        Assert.Equal(Enumerable.Range(1, 30), follower.MergedRounds.Select(r => r.Round));
        IReadOnlyList<int> live = follower.LiveRounds;
        Assert.Equal(live.Order(), live);
        Assert.Equal(live.Distinct().Count(), live.Count);
    }

    [Fact]
    public async Task UnfollowRun_StopsLiveRounds()
    {
        using var folder = new TestDataFolder();
        var gate = new RoundGate();
        await using var factory = new FedWorkbenchFactory(folder.Path, gate);
        using HttpClient client = factory.CreateClient();
        Guid runId = await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 4));
        await using RunFollower follower = await RunFollower.ConnectAsync(factory.Server, HttpTransportType.LongPolling);
        await follower.FollowAsync(runId);
        gate.Release(1);
        await RunApi.WaitUntilAsync(client, runId, d => d.Rounds.Count == 1, "1 round stored");
        await WaitForLiveRoundsAsync(follower, 1);

        await follower.InvokeAsync("UnfollowRun", runId);
        gate.Release(3);
        await RunApi.WaitForEndAsync(client, runId);

        // SignalR delivers messages in order, so this call returns after any round sent before it.
        await follower.InvokeAsync("UnfollowRun", runId);
        Assert.Equal([1], follower.LiveRounds);
    }

    [Fact]
    public async Task FailingSubscriber_DoesNotStopRunOrFollowers()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();
        var notifier = factory.Services.GetRequiredService<IRunNotifier>();
        int failures = 0;
        using IDisposable failing = notifier.SubscribeAll(_ =>
        {
            Interlocked.Increment(ref failures);
            throw new InvalidOperationException("A subscriber that always fails.");
        });
        await using RunFollower follower = await RunFollower.ConnectAsync(factory.Server, HttpTransportType.LongPolling);

        Guid runId = await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 3));
        await follower.FollowAsync(runId);
        RunSummary end = await follower.Ended.WaitAsync(RunApi.FailureTimeout);

        Assert.Equal(RunStatus.Completed, end.Status);
        Assert.Equal([1, 2, 3], follower.MergedRounds.Select(r => r.Round));
        Assert.True(Volatile.Read(ref failures) >= 3, $"The failing subscriber was called {failures} times.");
    }

    [Fact]
    public async Task BlockedSubscribers_DoNotStopRunOrOthers()
    {
        // Arrange: one subscriber to every run and one to the run itself never finish handling an event.
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();
        var notifier = factory.Services.GetRequiredService<IRunNotifier>();
        var neverCompletes = new TaskCompletionSource();
        int blockedCalls = 0;
        Task Block(RunEvent runEvent)
        {
            Interlocked.Increment(ref blockedCalls);
            return neverCompletes.Task;
        }

        var received = new List<RunEvent>();
        using IDisposable blockedAll = notifier.SubscribeAll(Block);
        using IDisposable recorder = notifier.SubscribeAll(runEvent =>
        {
            lock (received)
            {
                received.Add(runEvent);
            }

            return Task.CompletedTask;
        });
        await using RunFollower follower = await RunFollower.ConnectAsync(factory.Server, HttpTransportType.LongPolling);

        // Act
        Guid runId = await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 5));
        using IDisposable blockedRun = notifier.Subscribe(runId, Block);
        await follower.FollowAsync(runId);
        RunDetails details = await RunApi.WaitForEndAsync(client, runId);
        RunSummary end = await follower.Ended.WaitAsync(RunApi.FailureTimeout);
        await WaitUntilAsync(() =>
        {
            lock (received)
            {
                return received.OfType<RunStatusChanged>().Any(e => e.Summary.Status == RunStatus.Completed);
            }
        });

        // Assert
        Assert.Equal(RunStatus.Completed, details.Summary.Status);
        Assert.Equal(RunStatus.Completed, end.Status);
        Assert.Equal([1, 2, 3, 4, 5], follower.MergedRounds.Select(r => r.Round));
        int[] recordedRounds;
        lock (received)
        {
            recordedRounds = [.. received.OfType<RoundCompleted>().Where(e => e.RunId == runId).Select(e => e.Metrics.Round)];
        }

        Assert.Equal([1, 2, 3, 4, 5], recordedRounds);
        Assert.True(Volatile.Read(ref blockedCalls) >= 1, "The blocked subscribers were never called.");
        neverCompletes.SetResult();
    }

    [Fact]
    public async Task StatusEvents_FollowLifeCycleOrder()
    {
        // Several runs launched back to back race the worker, which starts each one as soon as it is queued.
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();
        var events = new List<RunSummary>();
        var notifier = factory.Services.GetRequiredService<IRunNotifier>();
        using IDisposable subscription = notifier.SubscribeAll(runEvent =>
        {
            if (runEvent is RunStatusChanged changed)
            {
                lock (events)
                {
                    events.Add(changed.Summary);
                }
            }

            return Task.CompletedTask;
        });

        Guid[] runIds = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 2))));
        foreach (Guid runId in runIds)
        {
            await RunApi.WaitForEndAsync(client, runId);
        }

        // Events reach subscribers after they are stored, so wait for each run's final event too.
        await WaitUntilAsync(() =>
        {
            lock (events)
            {
                return runIds.All(id => events.Any(e => e.Id == id && e.Status == RunStatus.Completed));
            }
        });

        foreach (Guid runId in runIds)
        {
            RunSummary[] sequence;
            lock (events)
            {
                sequence = [.. events.Where(e => e.Id == runId)];
            }

            RunStatus[] statuses = [.. sequence.Select(e => e.Status)];
            Assert.Equal(RunStatus.Queued, statuses[0]);
            Assert.Equal(RunStatus.Completed, statuses[^1]);
            Assert.Equal(statuses.Order(), statuses);
            Assert.Equal(sequence.Select(e => e.CompletedRounds).Order(), sequence.Select(e => e.CompletedRounds));
        }
    }

    [Fact]
    public async Task FollowUnknownRun_ReturnsNull()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        await using RunFollower follower = await RunFollower.ConnectAsync(factory.Server, HttpTransportType.LongPolling);

        RunDetails? details = await follower.InvokeFollowRunAsync(Guid.NewGuid().ToString());

        Assert.Null(details);
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("")]
    [InlineData(null)]
    public async Task BadRunIds_ReturnNullAndAreIgnored(string? runId)
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();
        await using RunFollower follower = await RunFollower.ConnectAsync(factory.Server, HttpTransportType.LongPolling);

        RunDetails? details = await follower.InvokeFollowRunAsync(runId);
        await follower.InvokeUnfollowRunAsync(runId);

        // The connection still works after the bad calls.
        Assert.Null(details);
        Guid realRun = await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 1));
        RunDetails? real = await follower.InvokeFollowRunAsync(realRun.ToString());
        Assert.Equal(realRun, real?.Summary.Id);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(RunApi.FailureTimeout);
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }

    private static async Task WaitForLiveRoundsAsync(RunFollower follower, int count)
    {
        using var timeout = new CancellationTokenSource(RunApi.FailureTimeout);
        while (follower.LiveRounds.Count < count)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }
}
