using FedWorkbench.Web.Api;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Facilitation;
using Microsoft.Extensions.DependencyInjection;
using static FedWorkbench.Web.Tests.Integration.BoardRooms;

namespace FedWorkbench.Web.Tests.Integration;

/// <summary>Renaming a board through <see cref="IRoomService.RenameBoardAsync"/> against the real app and SQLite.</summary>
public sealed class BoardRenameTests
{
    [Fact]
    public async Task Rename_SavesAndTellsTheRoom()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient http = factory.CreateClient();
        CreateRoomResponse room = await CreateAsync(http);
        await using BoardClient watcher = await BoardClient.ConnectAsync(factory.Server, "Ada");
        await watcher.JoinAsync(room.Code, room.BoardId);
        await watcher.SendAsync(CreateNote("n1"));
        IRoomService rooms = factory.Services.GetRequiredService<IRoomService>();

        BoardInfo renamed = await rooms.RenameBoardAsync(room.RoomId, room.BoardId, "  Hospitals, variant B  ");

        Assert.Equal("Hospitals, variant B", renamed.Name);
        Assert.Equal(room.BoardId, renamed.Id);
        Assert.Equal(1, renamed.ElementCount);
        Assert.Equal(1, renamed.Version);
        BoardInfo listed = Assert.Single(await rooms.ListBoardsAsync(room.RoomId));
        Assert.Equal("Hospitals, variant B", listed.Name);

        // The export reads the board in server memory, so it shows the new name at once.
        BoardDocument exported = await BoardClient.ExportAsync(http, room.Code, room.BoardId);
        Assert.Equal("Hospitals, variant B", exported.Name);

        using var timeout = new CancellationTokenSource(RunApi.FailureTimeout);
        while (watcher.BoardsChangedCount == 0)
        {
            await Task.Delay(10, timeout.Token);
        }

        Assert.Equal(1, watcher.BoardsChangedCount);
    }

    [Theory]
    [InlineData("   ", "The board name is empty")]
    [InlineData("Two\nlines", "invisible character U+000A")]
    public async Task Rename_InvalidNameRaises(string name, string expected)
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient http = factory.CreateClient();
        CreateRoomResponse room = await CreateAsync(http);
        IRoomService rooms = factory.Services.GetRequiredService<IRoomService>();

        BoardException error = await Assert.ThrowsAsync<BoardException>(() => rooms.RenameBoardAsync(room.RoomId, room.BoardId, name));

        Assert.Contains(expected, error.Message);
        BoardInfo listed = Assert.Single(await rooms.ListBoardsAsync(room.RoomId));
        Assert.Equal("Board 1", listed.Name);
    }

    [Fact]
    public async Task Rename_TooLongNameRaises()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient http = factory.CreateClient();
        CreateRoomResponse room = await CreateAsync(http);
        IRoomService rooms = factory.Services.GetRequiredService<IRoomService>();
        string name = new('b', BoardLimits.MaxNameLength + 1);

        BoardException error = await Assert.ThrowsAsync<BoardException>(() => rooms.RenameBoardAsync(room.RoomId, room.BoardId, name));

        Assert.Contains($"use at most {BoardLimits.MaxNameLength}", error.Message);
    }

    [Fact]
    public async Task Rename_BoardOfAnotherRoomRaises()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient http = factory.CreateClient();
        CreateRoomResponse first = await CreateAsync(http, "First");
        CreateRoomResponse second = await CreateAsync(http, "Second");
        IRoomService rooms = factory.Services.GetRequiredService<IRoomService>();

        BoardException error = await Assert.ThrowsAsync<BoardException>(
            () => rooms.RenameBoardAsync(first.RoomId, second.BoardId, "Taken"));

        Assert.Contains("no such board", error.Message);
        BoardInfo untouched = Assert.Single(await rooms.ListBoardsAsync(second.RoomId));
        Assert.Equal("Board 1", untouched.Name);
    }

    [Fact]
    public async Task Rename_LockedBoardRefusedExceptForFacilitator()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        using HttpClient http = factory.CreateClient();
        CreateRoomResponse room = await CreateAsync(http);
        string token = room.FacilitatorUrl[(room.FacilitatorUrl.IndexOf('=', StringComparison.Ordinal) + 1)..];
        IFacilitationService facilitation = factory.Services.GetRequiredService<IFacilitationService>();
        await facilitation.SetBoardLockAsync(room.RoomId, token, room.BoardId, locked: true);
        IRoomService rooms = factory.Services.GetRequiredService<IRoomService>();

        BoardException error = await Assert.ThrowsAsync<BoardException>(() => rooms.RenameBoardAsync(room.RoomId, room.BoardId, "Renamed"));
        BoardInfo renamed = await rooms.RenameBoardAsync(room.RoomId, room.BoardId, "By facilitator", byFacilitator: true);

        Assert.Contains("facilitator locked this board", error.Message, StringComparison.Ordinal);
        Assert.Equal("By facilitator", renamed.Name);
    }
}
