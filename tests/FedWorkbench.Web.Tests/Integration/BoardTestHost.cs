using FedWorkbench.Web.Api;
using static FedWorkbench.Web.Tests.Integration.BoardRooms;

namespace FedWorkbench.Web.Tests.Integration;

/// <summary>
/// A test server on a new data folder with one room and clients joined to its first board. Disposing it disposes
/// the clients, the HTTP client, the server and the folder, in that order, also when a test fails part way.
/// </summary>
internal sealed class BoardTestHost : IAsyncDisposable
{
    private BoardTestHost(TestDataFolder folder, FedWorkbenchFactory factory)
    {
        Folder = folder;
        Factory = factory;
        Http = factory.CreateClient();
    }

    public TestDataFolder Folder { get; }

    public FedWorkbenchFactory Factory { get; }

    public HttpClient Http { get; }

    public CreateRoomResponse Room { get; private set; } = null!;

    /// <summary>Clients in the order of the names passed to <see cref="StartAsync(string[])"/>.</summary>
    public BoardClient[] Clients { get; private set; } = [];

    /// <summary>Starts a server with default settings and joins one client per name to a new room's first board.</summary>
    public static Task<BoardTestHost> StartAsync(params string[] names) => StartAsync(null, names);

    /// <summary>Starts a server with the given configuration settings and joins one client per name to a new room's first board.</summary>
    public static async Task<BoardTestHost> StartAsync(IReadOnlyDictionary<string, string>? settings, params string[] names)
    {
        var folder = new TestDataFolder();
        var host = new BoardTestHost(folder, new FedWorkbenchFactory(folder.Path, settings: settings));
        try
        {
            host.Room = await CreateAsync(host.Http);
            host.Clients = await BoardHubTests.JoinAllAsync(host.Factory, host.Room, names);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await BoardHubTests.DisposeAllAsync(Clients);
        Http.Dispose();
        await Factory.DisposeAsync();
        Folder.Dispose();
    }
}
