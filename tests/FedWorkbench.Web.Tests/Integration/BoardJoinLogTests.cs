using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using FedWorkbench.Web.Api;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static FedWorkbench.Web.Tests.Integration.BoardRooms;

namespace FedWorkbench.Web.Tests.Integration;

public sealed class BoardJoinLogTests
{
    [Fact]
    public async Task RejectedJoin_WarningWithoutErrorEntry()
    {
        using var folder = new TestDataFolder();
        var capture = new CapturingLoggerProvider();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        await using var logged = factory.WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(capture)));
        using HttpClient http = logged.CreateClient();
        CreateRoomResponse room = await CreateAsync(http);
        await using BoardClient client = await BoardClient.ConnectAsync(logged.Server, "Ada");

        await Assert.ThrowsAsync<HubException>(() => client.JoinAsync("bad\u202ecode\nforged line", room.BoardId));

        LogEntry rejected = Assert.Single(capture.Entries, e => e.Category == "FedWorkbench.Web.Hubs.BoardHub" && e.EventId == 530);
        Assert.Equal(LogLevel.Warning, rejected.Level);
        Assert.Contains("bad?code?forged line", rejected.Message, StringComparison.Ordinal);
        Assert.Null(rejected.Exception);
        Assert.DoesNotContain(capture.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task CreateRoom_LongName_LogsRejection()
    {
        using var folder = new TestDataFolder();
        var capture = new CapturingLoggerProvider();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        await using var logged = factory.WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(capture)));
        using HttpClient http = logged.CreateClient();

        using HttpResponseMessage response = await http.PostAsJsonAsync("/api/rooms", new { name = new string('a', 101) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        LogEntry rejected = Assert.Single(capture.Entries, e => e.EventId == 505);
        Assert.Equal(LogLevel.Information, rejected.Level);
        Assert.Contains("POST /api/rooms", rejected.Message, StringComparison.Ordinal);
        Assert.Contains("101 characters", rejected.Message, StringComparison.Ordinal);
    }

    private sealed record LogEntry(string Category, LogLevel Level, int EventId, string Message, Exception? Exception);

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<LogEntry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, Entries);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, logLevel, eventId.Id, formatter(state, exception), exception));
    }
}
