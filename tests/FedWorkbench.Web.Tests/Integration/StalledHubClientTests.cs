using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FedWorkbench.Web.Runs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FedWorkbench.Web.Tests.Integration;

public sealed class StalledHubClientTests
{
    // SignalR's JSON protocol ends every message with the ASCII record separator.
    private const char RecordSeparator = '\u001e';

    [Fact]
    public async Task StalledConnection_TimesOutAndOthersGetEveryRound()
    {
        // Arrange: a long-polling connection that follows the run but never polls, so once the server's
        // buffer for it is full every send to the run's group waits for it.
        using var folder = new TestDataFolder();
        var logs = new EventIdRecorder();
        var settings = new Dictionary<string, string> { ["Hub:SendTimeoutMilliseconds"] = "300" };
        var gate = new RoundGate();
        await using var baseFactory = new FedWorkbenchFactory(folder.Path, gate, settings);
        WebApplicationFactory<Program> factory = baseFactory.WithWebHostBuilder(builder =>
            builder.ConfigureServices(services => services.AddLogging(logging => logging
                .AddProvider(logs)
                .AddFilter("FedWorkbench.Web.Hubs", LogLevel.Debug))));
        using HttpClient client = factory.CreateClient();
        const int rounds = 300;
        Guid runId = await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds));
        await FollowWithoutPollingAsync(client, runId);
        await using RunFollower follower = await RunFollower.ConnectAsync(factory.Server, HttpTransportType.LongPolling);
        await follower.FollowAsync(runId);
        await WaitUntilAsync(() => logs.EventNames.Count(name => name == "RunFollowed") == 2, () => string.Join(", ", logs.EventNames));

        // Act
        gate.Release(rounds);
        RunSummary end = await follower.Ended.WaitAsync(RunApi.FailureTimeout);

        // Assert
        Assert.Equal(RunStatus.Completed, end.Status);
        Assert.Equal(Enumerable.Range(1, rounds), follower.MergedRounds.Select(r => r.Round));
        IReadOnlyList<int> live = follower.LiveRounds;
        Assert.Equal(live.Order(), live);
        Assert.True(logs.EventNames.Contains("SendTimedOut"), string.Join(", ", logs.EventNames.Distinct()));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Func<string> describe)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            Assert.False(timeout.IsCancellationRequested, describe());
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }

    // Opens a long-polling connection, completes the handshake and calls FollowRun, and then stops polling.
    private static async Task FollowWithoutPollingAsync(HttpClient client, Guid runId)
    {
        using HttpResponseMessage negotiate = await client.PostAsync("/hubs/runs/negotiate?negotiateVersion=1", content: null);
        negotiate.EnsureSuccessStatusCode();
        using JsonDocument negotiation = JsonDocument.Parse(await negotiate.Content.ReadAsStringAsync());
        string token = negotiation.RootElement.GetProperty("connectionToken").GetString()!;
        string url = $"/hubs/runs?id={Uri.EscapeDataString(token)}";

        // The first poll returns at once and starts the hub's side of the connection.
        using (HttpResponseMessage firstPoll = await client.GetAsync(url))
        {
            firstPoll.EnsureSuccessStatusCode();
        }

        string handshake = $"{{\"protocol\":\"json\",\"version\":1}}{RecordSeparator}";
        string invocation = $"{{\"type\":1,\"invocationId\":\"1\",\"target\":\"FollowRun\",\"arguments\":[\"{runId}\"]}}{RecordSeparator}";
        foreach (string message in new[] { handshake, invocation })
        {
            using HttpResponseMessage sent = await client.PostAsync(url, new StringContent(message, Encoding.UTF8, "text/plain"));
            sent.EnsureSuccessStatusCode();
        }
    }

    /// <summary>Records the event names of every log entry of the app.</summary>
    private sealed class EventIdRecorder : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _eventNames = new();

        public IReadOnlyCollection<string> EventNames => [.. _eventNames];

        public ILogger CreateLogger(string categoryName) => new Recorder(_eventNames);

        public void Dispose()
        {
        }

        private sealed class Recorder(ConcurrentQueue<string> eventNames) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (eventId.Name is { } name)
                {
                    eventNames.Enqueue(name);
                }
            }
        }
    }
}
