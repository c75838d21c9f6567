using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Boards;

namespace FedWorkbench.Web.Tests.Boards;

public sealed class BoardRunNameTests
{
    [Theory]
    [InlineData("Hospitals", 1, "Hospitals #1")]
    [InlineData("Hospitals", 12, "Hospitals #12")]
    [InlineData("  Hospitals ", 2, "Hospitals #2")]
    [InlineData(null, 3, "Board #3")]
    [InlineData("", 3, "Board #3")]
    public void NumberedRunName_AppendsNumber(string? boardName, int number, string expected)
    {
        Assert.Equal(expected, BoardSimulator.NumberedRunName(boardName, number));
    }

    [Fact]
    public void NumberedRunName_LongName_FitsLimit()
    {
        string longName = new('a', ExperimentLimits.MaxNameLength);

        string name = BoardSimulator.NumberedRunName(longName, 123);

        Assert.Equal(ExperimentLimits.MaxNameLength, name.Length);
        Assert.EndsWith(" #123", name, StringComparison.Ordinal);
        Assert.Equal(new string('a', ExperimentLimits.MaxNameLength - " #123".Length), name[..^" #123".Length]);
    }

    [Fact]
    public void NumberedRunName_ZeroNumber_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BoardSimulator.NumberedRunName("Hospitals", 0));
    }
}
