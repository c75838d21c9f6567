using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

/// <summary>The display name asked before joining a room.</summary>
public sealed class RoomDisplayNameTests
{
    [Theory]
    [InlineData("Ada")]
    [InlineData("  Ada Lovelace  ")]
    [InlineData("Zoë 🌍")]
    public void Validate_AcceptsVisibleNames(string name)
    {
        Assert.Null(RoomDisplayName.Validate(name));
    }

    [Fact]
    public void Validate_AcceptsTheMaximumLength()
    {
        Assert.Null(RoomDisplayName.Validate(new string('a', BoardLimits.MaxDisplayNameLength)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_EmptyName_RequestsName(string? name)
    {
        Assert.Equal("Enter a display name, so that the others in the room know who edits.", RoomDisplayName.Validate(name));
    }

    [Fact]
    public void Validate_TooLong_NamesTheLength()
    {
        string name = new('a', BoardLimits.MaxDisplayNameLength + 1);

        Assert.Equal("The display name is 41 characters long; shorten it to at most 40.", RoomDisplayName.Validate(name));
    }

    [Theory]
    [InlineData("Ada\tL")]
    [InlineData("Ada\nL")]
    [InlineData("Ada\u0007")]
    public void Validate_ControlCharacter_IsRejected(string name)
    {
        Assert.StartsWith("The display name contains a control character", RoomDisplayName.Validate(name), StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_Trims()
    {
        Assert.Equal("Ada", RoomDisplayName.Normalize("  Ada \t"));
        Assert.Equal(string.Empty, RoomDisplayName.Normalize(null));
    }
}
