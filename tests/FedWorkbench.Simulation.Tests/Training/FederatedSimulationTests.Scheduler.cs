using System.Collections.Concurrent;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Training;
using Microsoft.Extensions.Logging;

namespace FedWorkbench.Simulation.Tests.Training;

/// <summary>The engine on a <see cref="DedicatedThreadTaskScheduler"/>.</summary>
public sealed partial class FederatedSimulationTests
{
    // A failure guard, so that a deadlock fails a test instead of hanging the test run. The runs below take well
    // under a second each.
    private static readonly TimeSpan DeadlockTimeout = TimeSpan.FromMinutes(2);

    // 30·160 + 160 + 160·12 + 12 + 12·5 + 5 = 6,957 parameters span two aggregation chunks, and held-out client
    // samples add the parallel per-client evaluation. A property, because C# does not order the static
    // initializers of a partial class's files.
    private static ExperimentConfig SchedulerConfig => SmallConfig with { HiddenLayers = [160, 12], ClientTestFraction = 0.2 };

    [Fact]
    public async Task RunAsync_RoundsRunOnSchedulerThreads()
    {
        // Arrange: the engine logs RunStarted while it prepares the run and RoundCompleted at the end of each round,
        // on the thread that did the work.
        using var scheduler = new DedicatedThreadTaskScheduler(2, "sim-test");
        var logger = new ThreadRecordingLogger();
        var loadThreads = new ConcurrentBag<string?>();
        var simulation = new FederatedSimulation(
            _ =>
            {
                loadThreads.Add(Thread.CurrentThread.Name);
                return Blobs;
            },
            (config, data) => InMemoryData.SplitIid(data.Train.Count, config.Clients, config.Seed),
            new SimulationOptions { MaxDegreeOfParallelism = 2, TaskScheduler = scheduler },
            logger);
        var consumerThreads = new List<string?>();

        // Act
        async Task ConsumeAsync()
        {
            await foreach (RoundResult _ in simulation.RunAsync(SchedulerConfig))
            {
                consumerThreads.Add(Thread.CurrentThread.Name);
            }
        }

        await ConsumeAsync().WaitAsync(DeadlockTimeout);

        // Assert
        Assert.Contains(Assert.Single(loadThreads), scheduler.ThreadNames);
        Assert.Contains(Assert.Single(logger.ThreadsOf(100)), scheduler.ThreadNames);
        IReadOnlyList<string?> roundThreads = logger.ThreadsOf(101);
        Assert.Equal(SchedulerConfig.Rounds, roundThreads.Count);
        Assert.All(roundThreads, name => Assert.Contains(name, scheduler.ThreadNames));
        Assert.Equal(SchedulerConfig.Rounds, consumerThreads.Count);
        Assert.All(consumerThreads, name => Assert.DoesNotContain(name, scheduler.ThreadNames));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(1, 2)]
    public async Task RunAsync_SameMetricsWithAndWithoutScheduler(int threads, int maxDegreeOfParallelism)
    {
        // Arrange
        List<RoundResult> expected = await CollectAsync(CreateScheduledSimulation(null, maxDegreeOfParallelism: 1).RunAsync(SchedulerConfig));
        using var scheduler = new DedicatedThreadTaskScheduler(threads, "sim-test");

        // Act
        List<RoundResult> actual = await CollectAsync(CreateScheduledSimulation(scheduler, maxDegreeOfParallelism).RunAsync(SchedulerConfig)).WaitAsync(DeadlockTimeout);

        // Assert
        AssertSameMetrics(expected, actual);
    }

    [Theory]
    [InlineData(1, 3, 2)]
    [InlineData(2, 4, 4)]
    public async Task RunAsync_MoreRunsThanThreadsComplete(int threads, int runs, int maxDegreeOfParallelism)
    {
        // Arrange
        List<RoundResult> expected = await CollectAsync(CreateScheduledSimulation(null, maxDegreeOfParallelism: 1).RunAsync(SchedulerConfig));
        using var scheduler = new DedicatedThreadTaskScheduler(threads, "sim-test");
        FederatedSimulation simulation = CreateScheduledSimulation(scheduler, maxDegreeOfParallelism);

        // Act: every run waits for rounds whose parallel loops need more threads than the scheduler has. A deadlock
        // fails the test with a TimeoutException.
        List<RoundResult>[] results = await Task.WhenAll(
            Enumerable.Range(0, runs).Select(_ => CollectAsync(simulation.RunAsync(SchedulerConfig with { Rounds = 8 })))).WaitAsync(DeadlockTimeout);

        // Assert: the first rounds equal those of a run on its own.
        Assert.All(results, rounds => Assert.Equal(8, rounds.Count));
        Assert.All(results, rounds => AssertSameMetrics(expected, rounds[..SchedulerConfig.Rounds]));
    }

    private static FederatedSimulation CreateScheduledSimulation(TaskScheduler? scheduler, int maxDegreeOfParallelism) =>
        new(
            _ => Blobs,
            (config, data) => InMemoryData.SplitIid(data.Train.Count, config.Clients, config.Seed),
            new SimulationOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, TaskScheduler = scheduler });

    private static void AssertSameMetrics(List<RoundResult> expected, List<RoundResult> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Round, actual[i].Round);
            Assert.Equal(expected[i].TestAccuracy, actual[i].TestAccuracy);
            Assert.Equal(expected[i].TestLoss, actual[i].TestLoss);
            Assert.Equal(expected[i].TrainLoss, actual[i].TrainLoss);
            Assert.Equal(expected[i].ClientAccuracy, actual[i].ClientAccuracy);
            Assert.Equal(expected[i].SampledClients, actual[i].SampledClients);
            Assert.Equal(expected[i].AggregatedClients, actual[i].AggregatedClients);
            Assert.Equal(expected[i].TrainedSamples, actual[i].TrainedSamples);
        }
    }

    /// <summary>Records the name of the thread that wrote each log entry, by event id.</summary>
    private sealed class ThreadRecordingLogger : ILogger<FederatedSimulation>
    {
        private readonly ConcurrentQueue<(int EventId, string? ThreadName)> _entries = new();

        public IReadOnlyList<string?> ThreadsOf(int eventId) => [.. _entries.Where(e => e.EventId == eventId).Select(e => e.ThreadName)];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _entries.Enqueue((eventId.Id, Thread.CurrentThread.Name));
    }
}
