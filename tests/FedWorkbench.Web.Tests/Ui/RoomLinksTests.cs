using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

/// <summary>Share links of rooms, and reading a room code back from a pasted link.</summary>
public sealed class RoomLinksTests
{
    private const string Code = "k3x9q2m7v8w1b4n6c5z0";

    [Theory]
    [InlineData("https://workbench.example/", "https://workbench.example/rooms/" + Code)]
    [InlineData("https://workbench.example", "https://workbench.example/rooms/" + Code)]
    [InlineData("http://localhost:5080/app/", "http://localhost:5080/app/rooms/" + Code)]
    public void ShareLink_AppendsTheRoomPath(string baseUri, string expected)
    {
        Assert.Equal(expected, RoomLinks.ShareLink(baseUri, Code));
    }

    [Fact]
    public void RoomPath_IsRelative()
    {
        Assert.Equal("rooms/" + Code, RoomLinks.RoomPath(Code));
    }

    [Theory]
    [InlineData(Code)]
    [InlineData("  " + Code + "  ")]
    [InlineData("K3X9Q2M7V8W1B4N6C5Z0")]
    [InlineData("https://workbench.example/rooms/" + Code)]
    [InlineData("https://workbench.example/rooms/" + Code + "/")]
    [InlineData("https://workbench.example/rooms/" + Code + "?board=0f8fad5b-d9cb-469f-a165-70867728950e")]
    [InlineData("https://workbench.example/app/rooms/" + Code + "#top")]
    [InlineData("workbench.example/rooms/" + Code)]
    public void TryParseCode_ReadsLinksAndCodes(string text)
    {
        bool parsed = RoomLinks.TryParseCode(text, out string? code, out string? error);

        Assert.True(parsed, error);
        Assert.Equal(Code, code);
    }

    [Fact]
    public void TryParseCode_Empty_RequestsLink()
    {
        Assert.False(RoomLinks.TryParseCode("  ", out _, out string? error));
        Assert.Equal("Paste a room link or its code.", error);
    }

    [Fact]
    public void TryParseCode_OtherLink_ExplainsRoomLinks()
    {
        Assert.False(RoomLinks.TryParseCode("https://workbench.example/runs/42", out _, out string? error));
        Assert.Equal("'https://workbench.example/runs/42' is not a room link. A room link ends in /rooms/ and the room's code.", error);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("k3x9q2-m7v8w1")]
    [InlineData("k3x9q2m7v8w1b4n6c5z")]
    [InlineData("k3x9q2m7v8w1b4n6c5z0a")]
    [InlineData("https://workbench.example/rooms/")]
    public void TryParseCode_InvalidCode_IsRejected(string text)
    {
        Assert.False(RoomLinks.TryParseCode(text, out string? code, out string? error));
        Assert.Null(code);
        Assert.Contains("is not a room code", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseCode_InvalidCode_NamesLength()
    {
        Assert.False(RoomLinks.TryParseCode("abc123", out _, out string? error));
        Assert.Equal("'abc123' is not a room code. A code has 20 letters and digits. Paste the whole link.", error);
    }

    [Fact]
    public void FacilitatorLink_PutsTheTokenInTheFragment()
    {
        const string Token = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ_-01234";

        Assert.Equal("https://workbench.example/rooms/" + Code + "#facilitate=" + Token,
            RoomLinks.FacilitatorLink("https://workbench.example/", Code, Token));
        Assert.Equal("rooms/" + Code + "#facilitate=" + Token, RoomLinks.FacilitatorPath(Code, Token));
    }

    [Theory]
    [InlineData("https://host/rooms/abc#facilitate=xyz", "https://host/rooms/abc")]
    [InlineData("https://host/rooms/abc?board=1#facilitate=xyz", "https://host/rooms/abc?board=1")]
    [InlineData("https://host/rooms/abc", "https://host/rooms/abc")]
    public void WithoutFragment_RemovesTheFragment(string uri, string expected)
    {
        Assert.Equal(expected, RoomLinks.WithoutFragment(uri));
    }
}
