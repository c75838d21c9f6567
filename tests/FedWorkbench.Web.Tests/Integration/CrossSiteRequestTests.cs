using System.Net;
using System.Text;
using FedWorkbench.Web.Runs;

namespace FedWorkbench.Web.Tests.Integration;

/// <summary>Requests a browser sends for another site must not launch or cancel runs.</summary>
public sealed class CrossSiteRequestTests
{
    [Theory]
    [InlineData("Origin", "http://evil.example")]
    [InlineData("Origin", "http://localhost:5185")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task Launch_FromOtherSite_Returns403AndStoresNothing(string header, string value)
    {
        // Arrange
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs")
        {
            Content = new StringContent(RunApi.SyntheticExperiment(rounds: 1), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(header, value);

        // Act
        using HttpResponseMessage response = await client.SendAsync(request);

        // Assert
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Requests from other sites are not accepted.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("[]", await client.GetStringAsync("/api/runs"));
    }

    [Fact]
    public async Task Cancel_FromOtherSite_Returns403AndRunGoesOn()
    {
        // Arrange
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();
        Guid runId = await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 3));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/runs/{runId}/cancel");
        request.Headers.Add("Origin", "http://evil.example");

        // Act
        using HttpResponseMessage response = await client.SendAsync(request);

        // Assert
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        RunDetails details = await RunApi.WaitForEndAsync(client, runId);
        Assert.Equal(RunStatus.Completed, details.Summary.Status);
        Assert.Equal(3, details.Rounds.Count);
    }

    [Fact]
    public async Task Launch_FromOwnOrigin_IsAccepted()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs")
        {
            Content = new StringContent(RunApi.SyntheticExperiment(rounds: 1), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", client.BaseAddress!.GetLeftPart(UriPartial.Authority));
        request.Headers.Add("Sec-Fetch-Site", "same-origin");

        using HttpResponseMessage response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Launch_NotJson_Returns415(string contentType)
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage response = await client.PostAsync(
            "/api/runs", new StringContent(RunApi.SyntheticExperiment(rounds: 1), Encoding.UTF8, contentType));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("send the experiment with Content-Type: application/json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("[]", await client.GetStringAsync("/api/runs"));
    }
}
