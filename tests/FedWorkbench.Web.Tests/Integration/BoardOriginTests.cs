using System.Net;
using FedWorkbench.Web.Hubs;

namespace FedWorkbench.Web.Tests.Integration;

public sealed class BoardOriginTests
{
    [Theory]
    [InlineData("Origin", "http://evil.example", HttpStatusCode.Forbidden)]
    [InlineData("Origin", "null", HttpStatusCode.Forbidden)]
    [InlineData("Sec-Fetch-Site", "cross-site", HttpStatusCode.Forbidden)]
    [InlineData("Sec-Fetch-Site", "same-site", HttpStatusCode.Forbidden)]
    [InlineData("Origin", "http://localhost", HttpStatusCode.OK)]
    [InlineData("Sec-Fetch-Site", "same-origin", HttpStatusCode.OK)]
    [InlineData(null, null, HttpStatusCode.OK)]
    public async Task Negotiate_RejectsOtherSites(string? header, string? value, HttpStatusCode expected)
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient http = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{BoardHub.Path}/negotiate?negotiateVersion=1");
        if (header is not null)
        {
            request.Headers.Add(header, value);
        }

        using HttpResponseMessage response = await http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData(BoardHub.Path)]
    [InlineData(RunHub.Path)]
    public async Task WebSocket_FromOtherSiteRejected(string hubPath)
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        _ = factory.CreateClient();
        var client = factory.Server.CreateWebSocketClient();
        client.ConfigureRequest = request => request.Headers.Origin = "http://evil.example";

        Exception error = await Assert.ThrowsAnyAsync<Exception>(() => client.ConnectAsync(new Uri(factory.Server.BaseAddress, hubPath), CancellationToken.None));

        Assert.Contains("403", error.Message, StringComparison.Ordinal);
    }
}
