using System.Collections.Concurrent;
using FedWorkbench.Simulation.Training;

namespace FedWorkbench.Simulation.Tests.Training;

public sealed class DedicatedThreadTaskSchedulerTests
{
    private const string Prefix = "sim-test";

    // A failure guard, so that a deadlock fails the test instead of hanging the test run.
    private static readonly TimeSpan DeadlockTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public void Constructor_NamesThreadsFromOne()
    {
        using var scheduler = new DedicatedThreadTaskScheduler(3, Prefix);

        Assert.Equal(["sim-test-1", "sim-test-2", "sim-test-3"], scheduler.ThreadNames);
        Assert.Equal(3, scheduler.MaximumConcurrencyLevel);
    }

    [Fact]
    public void Constructor_RejectsInvalidArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DedicatedThreadTaskScheduler(0, Prefix));
        Assert.Throws<ArgumentException>(() => new DedicatedThreadTaskScheduler(1, " "));
    }

    [Fact]
    public void Dispose_RejectsNewTasks()
    {
        var scheduler = new DedicatedThreadTaskScheduler(1, Prefix);

        scheduler.Dispose();

        Assert.Throws<TaskSchedulerException>(() => new Task(() => { }).Start(scheduler));
    }

    [Fact]
    public async Task ParallelFor_StaysOnSchedulerThreads()
    {
        // Arrange: the same ParallelOptions as a round builds, inside a task on the scheduler.
        using var scheduler = new DedicatedThreadTaskScheduler(2, Prefix);
        var threadNames = new ConcurrentBag<string?>();

        // Act
        await Task.Factory.StartNew(
            () => Parallel.For(
                0,
                64,
                new ParallelOptions { MaxDegreeOfParallelism = 4, TaskScheduler = TaskScheduler.Current },
                _ =>
                {
                    threadNames.Add(Thread.CurrentThread.Name);
                    Thread.SpinWait(10_000);
                }),
            CancellationToken.None,
            TaskCreationOptions.None,
            scheduler).WaitAsync(DeadlockTimeout);

        // Assert
        Assert.Equal(64, threadNames.Count);
        Assert.All(threadNames, name => Assert.Contains(name, scheduler.ThreadNames));
    }
}
