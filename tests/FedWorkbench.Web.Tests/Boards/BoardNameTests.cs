using FedWorkbench.Web.Boards;

namespace FedWorkbench.Web.Tests.Boards;

/// <summary>How a new or imported board gets a name that no other board of its room has.</summary>
public sealed class BoardNameTests
{
    [Fact]
    public void UniqueName_FreeName_IsKept()
    {
        Assert.Equal("Phones", RoomService.UniqueName("Phones", ["Hospitals"]));
    }

    [Fact]
    public void UniqueName_TakenName_AddsFirstFreeNumber()
    {
        Assert.Equal("Phones (3)", RoomService.UniqueName("Phones", ["Phones", "Phones (2)"]));
    }

    [Fact]
    public void UniqueName_LongName_ShortensToFit()
    {
        string name = new('a', BoardLimits.MaxNameLength);

        string unique = RoomService.UniqueName(name, [name]);

        Assert.Equal(BoardLimits.MaxNameLength, unique.Length);
        Assert.EndsWith(" (2)", unique, StringComparison.Ordinal);
    }
}
