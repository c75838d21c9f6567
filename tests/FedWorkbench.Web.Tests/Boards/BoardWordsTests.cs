using System.Text.Json;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Boards;

/// <summary>How conflict messages name elements and properties.</summary>
public sealed class BoardWordsTests
{
    [Fact]
    public void Element_WithText_NamesTypeAndText()
    {
        var group = new BoardElement("g1", BoardElementTypes.ClientGroup, new Dictionary<string, JsonElement>
        {
            ["text"] = JsonSerializer.SerializeToElement("Phones  on\nWi-Fi"),
        });

        Assert.Equal("the client group \"Phones on Wi-Fi\"", BoardWords.Element(group));
    }

    [Fact]
    public void Element_WithoutText_NamesType()
    {
        var note = new BoardElement("n1", BoardElementTypes.Note, new Dictionary<string, JsonElement>
        {
            ["text"] = JsonSerializer.SerializeToElement(""),
        });

        Assert.Equal("a sticky note", BoardWords.Element(note));
    }

    [Theory]
    [InlineData("x", "the position")]
    [InlineData("h", "the size")]
    [InlineData("clientFraction", "\"" + FieldLabels.ClientFraction + "\"")]
    [InlineData("unknownSetting", "\"unknownSetting\"")]
    public void Property_UsesTheLabelPeopleSee(string name, string expected)
    {
        Assert.Equal(expected, BoardWords.Property(name));
    }
}
