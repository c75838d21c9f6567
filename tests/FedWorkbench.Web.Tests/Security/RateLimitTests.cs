using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FedWorkbench.Web.Api;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Hubs;
using FedWorkbench.Web.Tests.Integration;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace FedWorkbench.Web.Tests.Security;

/// <summary>Per-address rate limits and instance run limits, answered with a clear message.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task ApiRequests_OverLimit_Return429Problem()
    {
        // Arrange
        using var folder = new TestDataFolder();
        await using var factory = new LimitsFactory(folder.Path, new Dictionary<string, string> { ["RateLimits:ApiRequestsPerMinutePerAddress"] = "3" });
        using HttpClient client = factory.CreateClient();

        // Act
        for (int i = 0; i < 3; i++)
        {
            using HttpResponseMessage allowed = await client.GetAsync("/api/runs");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using HttpResponseMessage rejected = await client.GetAsync("/api/runs");

        // Assert
        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(rejected.Headers.RetryAfter?.Delta);
        Assert.InRange(rejected.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        using JsonDocument problem = JsonDocument.Parse(await rejected.Content.ReadAsStringAsync());
        Assert.Equal("Too many requests.", problem.RootElement.GetProperty("title").GetString());
        string detail = problem.RootElement.GetProperty("detail").GetString()!;
        Assert.Contains("at most 3 API requests per minute", detail, StringComparison.Ordinal);
        Assert.Contains("RateLimits:ApiRequestsPerMinutePerAddress", detail, StringComparison.Ordinal);
        Assert.Contains(factory.LogLines, line => line.Contains("[700]", StringComparison.Ordinal));

        // Pages are not API requests, so they still load.
        using HttpResponseMessage page = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task RoomCreation_OverLimit_Returns429()
    {
        using var folder = new TestDataFolder();
        await using var factory = new LimitsFactory(folder.Path, new Dictionary<string, string> { ["RateLimits:RoomsPerHourPerAddress"] = "1" });
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage created = await client.PostAsJsonAsync("/api/rooms", new { name = "First" });
        using HttpResponseMessage rejected = await client.PostAsJsonAsync("/api/rooms", new { name = "Second" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        string body = await rejected.Content.ReadAsStringAsync();
        Assert.Contains("at most 1 new rooms per hour (RateLimits:RoomsPerHourPerAddress)", body, StringComparison.Ordinal);
        Assert.InRange(rejected.Headers.RetryAfter!.Delta!.Value.TotalMinutes, 1, 60);
    }

    [Theory]
    [InlineData("/api/rooms/")]
    [InlineData("/API/Rooms")]
    [InlineData("/api/rooms//")]
    public async Task RoomCreation_OtherSpellingOfPath_CountsAgainstLimit(string path)
    {
        using var folder = new TestDataFolder();
        await using var factory = new LimitsFactory(folder.Path, new Dictionary<string, string> { ["RateLimits:RoomsPerHourPerAddress"] = "1" });
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage created = await client.PostAsJsonAsync("/api/rooms", new { name = "First" });
        using HttpResponseMessage rejected = await client.PostAsJsonAsync(path, new { name = "Second" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
    }

    [Theory]
    [InlineData("/api/rooms", true)]
    [InlineData("/api/rooms/", true)]
    [InlineData("/Api/ROOMS/", true)]
    [InlineData("/api/rooms/abc", false)]
    [InlineData("/api/roomsx", false)]
    [InlineData("/api", false)]
    public void IsRoomsPath_MatchesRoutingSpellings(string path, bool expected) =>
        Assert.Equal(expected, FedWorkbench.Web.Security.HttpAddressLimiter.IsRoomsPath(new Microsoft.AspNetCore.Http.PathString(path)));

    [Fact]
    public async Task RunLaunch_OverHourlyLimit_Returns429AndStoresNothing()
    {
        using var folder = new TestDataFolder();
        await using var factory = new LimitsFactory(folder.Path, new Dictionary<string, string> { ["RateLimits:RunLaunchesPerHourPerAddress"] = "1" });
        using HttpClient client = factory.CreateClient();

        Guid first = await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 1));
        using HttpResponseMessage rejected = await RunApi.PostExperimentAsync(client, RunApi.SyntheticExperiment(rounds: 1));

        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.NotNull(rejected.Headers.RetryAfter);
        Assert.Contains("RateLimits:RunLaunchesPerHourPerAddress", await rejected.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await RunApi.WaitForEndAsync(client, first);
        string runs = await client.GetStringAsync("/api/runs");
        Assert.Single(JsonDocument.Parse(runs).RootElement.EnumerateArray());
    }

    [Fact]
    public async Task Simulate_OverClientLimit_Returns422NamingOption()
    {
        using var folder = new TestDataFolder();
        await using var factory = new LimitsFactory(folder.Path, new Dictionary<string, string> { ["Runs:MaxClients"] = "2" });
        using HttpClient client = factory.CreateClient();
        using HttpResponseMessage created = await client.PostAsJsonAsync("/api/rooms", new { template = "banks" });
        CreateRoomResponse? room = await created.Content.ReadFromJsonAsync<CreateRoomResponse>();
        Assert.NotNull(room);

        using HttpResponseMessage rejected = await client.PostAsJsonAsync(
            $"/api/rooms/{room.Code}/boards/{room.BoardId}/simulate", new { launchedBy = "Ada" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, rejected.StatusCode);
        Assert.Contains("(Runs:MaxClients)", await rejected.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("[]", await client.GetStringAsync("/api/runs"));
    }

    [Fact]
    public async Task RunLaunch_OverClientLimit_Returns422NamingOption()
    {
        using var folder = new TestDataFolder();
        await using var factory = new LimitsFactory(folder.Path, new Dictionary<string, string> { ["Runs:MaxClients"] = "5" });
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage rejected = await RunApi.PostExperimentAsync(client, RunApi.SyntheticExperiment(rounds: 1));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, rejected.StatusCode);
        string body = await rejected.Content.ReadAsStringAsync();
        Assert.Contains("This instance allows at most 5 clients per run (Runs:MaxClients); lower Clients from 10 to 5 or fewer.", body, StringComparison.Ordinal);
        Assert.Equal("[]", await client.GetStringAsync("/api/runs"));
    }

    [Fact]
    public async Task HubCalls_OverConnectionLimit_GetHubErrorAndConnectionStays()
    {
        using var folder = new TestDataFolder();
        await using var factory = new LimitsFactory(folder.Path, new Dictionary<string, string> { ["RateLimits:HubCallsPerSecondPerConnection"] = "2" });
        _ = factory.Server;
        await using HubConnection connection = Connect(factory, RunHub.Path);
        await connection.StartAsync();

        // A burst of calls: the bucket holds 2, and refills 2 per second, so a few of 20 immediate calls pass.
        var errors = new List<string>();
        for (int i = 0; i < 20; i++)
        {
            try
            {
                await connection.InvokeAsync<object?>("FollowRun", Guid.NewGuid().ToString());
            }
            catch (HubException ex)
            {
                errors.Add(ex.Message);
            }
        }

        Assert.NotEmpty(errors);
        Assert.All(errors, message => Assert.Contains("Too many requests from this connection: at most 2 per second. Wait a moment and try again.", message, StringComparison.Ordinal));
        Assert.Equal(HubConnectionState.Connected, connection.State);
    }

    [Fact]
    public async Task HubConnections_OverAddressLimit_AreClosedWithMessage()
    {
        using var folder = new TestDataFolder();
        await using var factory = new LimitsFactory(folder.Path, new Dictionary<string, string> { ["RateLimits:ConnectionsPerAddress"] = "1" });
        _ = factory.Server;
        await using HubConnection first = Connect(factory, RunHub.Path);
        await first.StartAsync();

        await using HubConnection second = Connect(factory, BoardHub.Path);
        var closed = new TaskCompletionSource<Exception?>();
        second.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };
        Exception? startError = await Record.ExceptionAsync(() => second.StartAsync());
        Exception? error = startError ?? await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotNull(error);
        Assert.Contains("Too many connections from your address: this instance allows at most 1 open at once", error.Message, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, first.State);

        // Closing the first connection frees the place.
        await first.StopAsync();
        await using HubConnection third = Connect(factory, BoardHub.Path);
        await WaitUntilAsync(async () =>
        {
            try
            {
                await third.StartAsync();
                return true;
            }
            catch (Exception ex) when (ex is HubException or InvalidOperationException)
            {
                return false;
            }
        });
        Assert.Equal(HubConnectionState.Connected, third.State);
    }

    private static HubConnection Connect(LimitsFactory factory, string path) => new HubConnectionBuilder()
        .WithUrl(new Uri(factory.Server.BaseAddress, path), options =>
        {
            options.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
            options.Transports = HttpTransportType.LongPolling;
        })
        .Build();

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(RunApi.FailureTimeout);
        while (!await condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}
