using FedWorkbench.Web.Api;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Facilitation;
using FedWorkbench.Web.Hubs;
using FedWorkbench.Web.Storage;
using FedWorkbench.Web.Tests.Integration;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FedWorkbench.Web.Tests.Facilitation;

/// <summary>
/// The app on a new data folder with one room created through the API, and a <see cref="FacilitationService"/>
/// over the app's database on a clock the test moves.
/// </summary>
internal sealed class FacilitationHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    private FacilitationHost(TestDataFolder folder, FedWorkbenchFactory factory)
    {
        Folder = folder;
        Factory = factory;
        Http = factory.CreateClient();
        Service = new FacilitationService(
            factory.Services.GetRequiredService<IDbContextFactory<FedWorkbenchDbContext>>(),
            factory.Services.GetRequiredService<IHubContext<BoardHub, IBoardHubClient>>(),
            factory.Services.GetRequiredService<BoardLockRegistry>(),
            Time,
            NullLogger<FacilitationService>.Instance);
    }

    public TestDataFolder Folder { get; }

    public FedWorkbenchFactory Factory { get; }

    public HttpClient Http { get; }

    public ManualClock Time { get; } = new(Start);

    public FacilitationService Service { get; }

    public CreateRoomResponse Room { get; private set; } = null!;

    /// <summary>The facilitator token, read from the fragment of the room's facilitator link.</summary>
    public string Token { get; private set; } = "";

    public static async Task<FacilitationHost> StartAsync()
    {
        var folder = new TestDataFolder();
        var host = new FacilitationHost(folder, new FedWorkbenchFactory(folder.Path));
        try
        {
            host.Room = await BoardRooms.CreateAsync(host.Http);
            host.Token = TokenOf(host.Room.FacilitatorUrl);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public static string TokenOf(string facilitatorUrl)
    {
        string marker = "#" + FacilitatorToken.FragmentName + "=";
        int at = facilitatorUrl.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at > 0, $"No token in '{facilitatorUrl}'.");
        return facilitatorUrl[(at + marker.Length)..];
    }

    /// <summary>Adds sticky notes to the room's first board through the board service.</summary>
    public async Task AddNotesAsync(params (string Id, string Text)[] notes)
    {
        BoardService boards = Factory.Services.GetRequiredService<BoardService>();
        foreach ((string id, string text) in notes)
        {
            OperationResult? result = await boards.ApplyAsync(
                Room.BoardId, "setup", new BoardOperation("add-" + id, boards.PeekVersion(Room.BoardId), [BoardRooms.CreateNote(id, text: text)]));
            Assert.Equal(OperationResult.Applied, result?.Status);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Factory.DisposeAsync();
        Folder.Dispose();
    }
}

/// <summary>A clock that moves only when the test advances it.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
