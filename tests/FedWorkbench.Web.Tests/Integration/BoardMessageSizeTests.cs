using FedWorkbench.Web.Api;
using FedWorkbench.Web.Boards;
using Microsoft.AspNetCore.SignalR.Client;
using static FedWorkbench.Web.Tests.Integration.BoardRooms;

namespace FedWorkbench.Web.Tests.Integration;

public sealed class BoardMessageSizeTests
{
    [Fact]
    public async Task LargestPaste_AppliedAndConnectionStaysOpen()
    {
        await using BoardTestHost host = await BoardTestHost.StartAsync("Ada");
        BoardClient[] clients = host.Clients;
        string text = new('a', BoardLimits.MaxTextLength);
        BoardChange[] changes = Enumerable.Range(0, BoardLimits.MaxChangesPerOperation)
            .Select(i => CreateNote($"n{i}", i, i, text))
            .ToArray();

        // About 2.1 MB of JSON, 65 times SignalR's default receive limit of 32 KB.
        OperationResult result = await clients[0].SendAsync(changes);

        Assert.Equal(OperationResult.Applied, result.Status);
        Assert.Equal(1, result.Version);
        Assert.Equal(HubConnectionState.Connected, clients[0].State);
        OperationResult next = await clients[0].SendAsync(Set("n0", "x", 5));
        Assert.Equal(OperationResult.Applied, next.Status);
    }

    [Fact]
    public async Task TooManyChanges_RejectedAndConnectionStaysOpen()
    {
        await using BoardTestHost host = await BoardTestHost.StartAsync("Ada");
        BoardClient[] clients = host.Clients;
        BoardChange[] changes = Enumerable.Range(0, BoardLimits.MaxChangesPerOperation + 1)
            .Select(i => CreateNote($"n{i}", i, i, new string('b', 100)))
            .ToArray();

        OperationResult result = await clients[0].SendAsync(changes);

        Assert.Equal(OperationResult.Rejected, result.Status);
        Assert.Equal("The operation has 1,001 changes; send at most 1,000 in one operation.", result.Error);
        Assert.Equal(HubConnectionState.Connected, clients[0].State);
    }
}
