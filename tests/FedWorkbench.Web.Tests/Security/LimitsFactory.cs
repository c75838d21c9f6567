using System.Collections.Concurrent;
using System.Net;
using FedWorkbench.Web.Tests.Integration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FedWorkbench.Web.Tests.Security;

/// <summary>
/// The web app in memory with settings, a fixed client address for every request (the test server has none), an
/// optional clock, and every log line the configured levels let through.
/// </summary>
internal sealed class LimitsFactory(
    string dataFolder,
    IReadOnlyDictionary<string, string>? settings = null,
    IPAddress? clientAddress = null,
    TimeProvider? time = null) : WebApplicationFactory<Program>
{
    /// <summary>Address the requests come from unless the test passes another.</summary>
    public static readonly IPAddress DefaultAddress = IPAddress.Parse("203.0.113.7");

    /// <summary>Every log line written, formatted as "Category[EventId]: message".</summary>
    public ConcurrentQueue<string> LogLines { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataFolder", dataFolder);

        // Off unless a test's settings turn it on: each test app would otherwise read the whole dataset at start-up,
        // and disposing the app waits for that load to end.
        builder.UseSetting("Datasets:PreloadFashionMnist", "false");
        foreach ((string key, string value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(LogLines)));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IStartupFilter>(new ClientAddressStartupFilter(clientAddress ?? DefaultAddress));
            if (time is not null)
            {
                services.AddSingleton(time);
            }
        });
    }

    private sealed class ClientAddressStartupFilter(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, lines);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{category}[{eventId.Id}]: {formatter(state, exception)} {exception}");
    }
}

/// <summary>A clock that moves only when the test advances it.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
