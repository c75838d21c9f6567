using System.Text.Json;
using FedWorkbench.Web.Runs;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace FedWorkbench.Web.Tests.Integration;

/// <summary>
/// Arguments of the wrong JSON kind sent to <c>/hubs/runs</c>: each gets a <see cref="HubException"/> naming
/// <c>runId</c>, the value received and what is expected, and the connection stays open and usable.
/// </summary>
public sealed class BadInputRunHubTests
{
    public static TheoryData<string, string, string[]> WrongRunIds => new()
    {
        { "FollowRun", "42", ["runId must be a string", "the run's id, a GUID", "the number 42"] },
        { "FollowRun", """{"id": "x"}""", ["runId must be a string", "an object"] },
        { "FollowRun", "[\"a\"]", ["runId must be a string", "an array"] },
        { "UnfollowRun", "true", ["runId must be a string", "but it was true"] },
    };

    [Theory]
    [MemberData(nameof(WrongRunIds))]
    public async Task WrongKind_HubErrorNamingRunId(string method, string json, string[] keywords)
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient client = factory.CreateClient();
        await using RunFollower follower = await RunFollower.ConnectAsync(factory.Server, HttpTransportType.WebSockets);

        HubException error = await Assert.ThrowsAsync<HubException>(() => follower.InvokeWithArgumentsAsync(method, Parse(json)));

        foreach (string keyword in keywords)
        {
            Assert.True(error.Message.Contains(keyword, StringComparison.Ordinal), $"{method}({json}): the message does not name '{keyword}': {error.Message}");
        }

        BadInputAssert.AssertNoStackTrace(error.Message);
        Assert.Equal(HubConnectionState.Connected, follower.State);

        // The connection still works after the error.
        Guid realRun = await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 1));
        RunDetails? real = await follower.InvokeFollowRunAsync(realRun.ToString());
        Assert.Equal(realRun, real?.Summary.Id);
    }

    private static JsonElement Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
