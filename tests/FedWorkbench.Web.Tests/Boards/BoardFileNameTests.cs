using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Boards;

public sealed class BoardFileNameTests
{
    [Theory]
    [InlineData("病院の会議", "board")]
    [InlineData("  ", "board")]
    [InlineData(null, "board")]
    [InlineData("Hospitals 病院", "hospitals")]
    [InlineData("Phones: keyboard", "phones-keyboard")]
    public void Stem_FallsBackWithoutAsciiLetters(string? name, string expected)
    {
        Assert.Equal(expected, FileNameStem.From(name, "board"));
    }
}
