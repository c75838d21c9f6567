using System.Net.Http.Json;
using System.Text.Json;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Hubs;
using FedWorkbench.Web.Storage;
using FedWorkbench.Web.Tests.Integration;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FedWorkbench.Web.Tests.Security;

/// <summary>At the configured log levels, neither the connection string nor a facilitator token reaches the log.</summary>
public sealed class SecretLogTests
{
    // 32 bytes in base64url, the form of a facilitator token.
    private const string SampleFacilitatorToken = "q7Xk2mZp9Lw4Rt8Vb1Nc6Hy3Jd5Sf0Ga2Ue7Oi4Kx9M";

    [Fact]
    public async Task Logs_ContainNoConnectionStringOrFacilitatorToken()
    {
        // Arrange
        using var folder = new TestDataFolder();
        await using var factory = new LimitsFactory(folder.Path);
        using HttpClient client = factory.CreateClient();
        using HttpResponseMessage created = await client.PostAsJsonAsync("/api/rooms", new { name = "Secret room" });
        using JsonDocument room = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        string code = room.RootElement.GetProperty("code").GetString()!;
        Guid boardId = room.RootElement.GetProperty("boardId").GetGuid();
        string facilitatorUrl = room.RootElement.GetProperty("facilitatorUrl").GetString()!;
        string facilitatorToken = facilitatorUrl[(facilitatorUrl.IndexOf("#facilitate=", StringComparison.Ordinal) + "#facilitate=".Length)..];

        // Act: join with the room's facilitator token, then send joins that are rejected and logged: one with an
        // unknown room and one with a wrong facilitator token.
        await using HubConnection connection = new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, BoardHub.Path), options =>
            {
                options.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
                options.Transports = HttpTransportType.LongPolling;
            })
            .Build();
        await connection.StartAsync();
        await connection.InvokeAsync<JoinBoardResult>("JoinBoard",
            new JoinBoardRequest(code, boardId, "token-secret-test-0001", "Facilitator", null, facilitatorToken));
        await Record.ExceptionAsync(() => connection.InvokeAsync<JoinBoardResult>("JoinBoard",
            new JoinBoardRequest("unknown" + SampleFacilitatorToken, boardId, "token-secret-test-0001", "Facilitator", null, SampleFacilitatorToken)));
        await Record.ExceptionAsync(() => connection.InvokeAsync<JoinBoardResult>("JoinBoard",
            new JoinBoardRequest(code, boardId, "token-secret-test-0001", "Facilitator", null, SampleFacilitatorToken)));
        await connection.StopAsync();

        // Assert
        string connectionString = factory.Services.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString;
        Assert.NotEmpty(factory.LogLines);
        Assert.DoesNotContain(factory.LogLines, line => line.Contains(connectionString, StringComparison.Ordinal));
        Assert.DoesNotContain(factory.LogLines, line => line.Contains("Data Source=", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(factory.LogLines, line => line.Contains(SampleFacilitatorToken, StringComparison.Ordinal));
        Assert.DoesNotContain(factory.LogLines, line => line.Contains(facilitatorToken, StringComparison.Ordinal));
    }
}
