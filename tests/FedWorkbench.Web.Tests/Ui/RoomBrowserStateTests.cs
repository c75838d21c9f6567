using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

/// <summary>What the browser keeps per room: the recent rooms list, the client token and the connection chip.</summary>
public sealed class RoomBrowserStateTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private static RecentRoom Room(int index) =>
        new($"room{index:D16}", $"Room {index}", Monday.AddHours(index));

    [Fact]
    public void RecentList_Add_PutsTheRoomFirstOnce()
    {
        IReadOnlyList<RecentRoom> rooms = [Room(2), Room(1)];
        RecentRoom reopened = Room(1) with { OpenedAt = Monday.AddDays(1) };

        IReadOnlyList<RecentRoom> result = RoomRecentList.Add(rooms, reopened);

        Assert.Equal([reopened, Room(2)], result);
    }

    [Fact]
    public void RecentList_Add_KeepsMaximumCount()
    {
        IReadOnlyList<RecentRoom> rooms = [.. Enumerable.Range(0, RoomRecentList.MaxCount).Select(Room).Reverse()];

        IReadOnlyList<RecentRoom> result = RoomRecentList.Add(rooms, Room(100));

        Assert.Equal(RoomRecentList.MaxCount, result.Count);
        Assert.Equal(Room(100), result[0]);
        Assert.DoesNotContain(Room(0), result);
    }

    [Fact]
    public void RecentList_SerializeThenParse_RoundTrips()
    {
        IReadOnlyList<RecentRoom> rooms = [Room(3), Room(1)];

        Assert.Equal(rooms, RoomRecentList.Parse(RoomRecentList.Serialize(rooms)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"code\":\"x\"}")]
    [InlineData("null")]
    public void RecentList_InvalidText_ParsesEmpty(string? json)
    {
        Assert.Empty(RoomRecentList.Parse(json));
    }

    [Fact]
    public void RecentList_Parse_DropsInvalidCodes()
    {
        string json = "[{\"code\":\"../../etc\",\"name\":\"x\",\"openedAt\":\"2026-11-30T09:00:00Z\"},"
            + "{\"code\":\"room0000000000000001\",\"name\":\"Room 1\",\"openedAt\":\"2026-11-30T10:00:00Z\"}]";

        IReadOnlyList<RecentRoom> rooms = RoomRecentList.Parse(json);

        Assert.Equal(["room0000000000000001"], rooms.Select(r => r.Code));
    }

    [Fact]
    public void ClientToken_Create_MatchesHubFormat()
    {
        string first = RoomClientToken.Create();
        string second = RoomClientToken.Create();

        Assert.Equal(32, first.Length);
        Assert.True(RoomClientToken.IsValid(first));
        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("short", false)]
    [InlineData("abcdefghijklmnop", true)]
    [InlineData("abcdefghijklmno!", false)]
    [InlineData("abc_defghijk-lmnop", true)]
    public void ClientToken_IsValid(string? token, bool expected)
    {
        Assert.Equal(expected, RoomClientToken.IsValid(token));
    }

    [Fact]
    public void ClientToken_StorageKey_IsPerRoom()
    {
        Assert.Equal("fedwb.token.abc123", RoomClientToken.StorageKey("abc123"));
    }

    [Theory]
    [InlineData(RoomConnection.Connected, 0, "Connected")]
    [InlineData(RoomConnection.Reconnecting, 3, "Reconnecting · 3 pending")]
    [InlineData(RoomConnection.Offline, 1, "Offline · 1 pending")]
    [InlineData("something-new", 0, "Connecting")]
    public void Connection_Label(string state, int pending, string expected)
    {
        Assert.Equal(expected, new RoomConnection(state, pending).Label);
    }
}
