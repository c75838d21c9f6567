using System.Collections.Concurrent;
using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Training;
using FedWorkbench.Web.Tests.Integration;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FedWorkbench.Web.Tests.Runs;

/// <summary>The app's engine trains on its own named threads, not on the thread pool.</summary>
public sealed class SimulationThreadsTests
{
    // A failure guard, so that a deadlock fails the test instead of hanging it. The run below takes well under a second.
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public void Scheduler_OneNamedThreadPerProcessor()
    {
        using var folder = new TestDataFolder();
        using var factory = new FedWorkbenchFactory(folder.Path);

        var scheduler = factory.Services.GetRequiredService<DedicatedThreadTaskScheduler>();

        Assert.Equal(Environment.ProcessorCount, scheduler.MaximumConcurrencyLevel);
        Assert.Equal(
            Enumerable.Range(1, Environment.ProcessorCount).Select(i => $"fedwb-sim-{i}"),
            scheduler.ThreadNames);
    }

    [Fact]
    public async Task Engine_RoundsRunOnSimulationThreads()
    {
        // Arrange: the engine logs RoundCompleted (its event 101, Debug) at the end of each round, on the round's thread.
        using var folder = new TestDataFolder();
        var capture = new ThreadRecordingLoggerProvider();
        await using var factory = new FedWorkbenchFactory(
            folder.Path,
            settings: new Dictionary<string, string> { ["Logging:LogLevel:FedWorkbench.Simulation"] = "Debug" });
        await using var logged = factory.WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(capture)));
        var simulation = logged.Services.GetRequiredService<FederatedSimulation>();
        var config = new ExperimentConfig { Name = "threads", Dataset = DatasetKind.Synthetic, Clients = 10, ClientFraction = 0.5, Rounds = 3 };

        // Act
        async Task RunToEndAsync()
        {
            await foreach (RoundResult _ in simulation.RunAsync(config))
            {
            }
        }

        await RunToEndAsync().WaitAsync(RunTimeout);

        // Assert
        string[] roundThreads = [.. capture.Entries.Where(e => e.Category == typeof(FederatedSimulation).FullName && e.EventId == 101).Select(e => e.ThreadName ?? "(unnamed)")];
        Assert.Equal(config.Rounds, roundThreads.Length);
        Assert.All(roundThreads, name => Assert.StartsWith("fedwb-sim-", name, StringComparison.Ordinal));
    }

    private sealed record LogEntry(string Category, int EventId, string? ThreadName);

    private sealed class ThreadRecordingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<LogEntry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new ThreadRecordingLogger(categoryName, Entries);

        public void Dispose()
        {
        }
    }

    private sealed class ThreadRecordingLogger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, eventId.Id, Thread.CurrentThread.Name));
    }
}
