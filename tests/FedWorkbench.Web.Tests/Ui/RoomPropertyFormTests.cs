using System.Text.Json;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

/// <summary>The properties panel's inputs built from the board schema, and the parsing of their text.</summary>
public sealed class RoomPropertyFormTests
{
    private static RoomPropertyField Field(string type, string name) =>
        RoomPropertyForm.Fields(type).Single(f => f.Name == name);

    [Fact]
    public void Fields_LeaveOutPositionSizeAndEnds()
    {
        string[] server = [.. RoomPropertyForm.Fields(BoardElementTypes.Server).Select(f => f.Name)];
        string[] connector = [.. RoomPropertyForm.Fields(BoardElementTypes.Connector).Select(f => f.Name)];

        Assert.DoesNotContain("x", server);
        Assert.DoesNotContain("w", server);
        Assert.Equal(["text", "color"], server[..2]);
        Assert.Contains("learningRate", server);
        Assert.Equal(["text", "color"], connector);
    }

    [Fact]
    public void Fields_FollowSchemaOrder()
    {
        string[] expected =
        [
            .. BoardSchema.Find(BoardElementTypes.ClientGroup)!.Properties
                .Select(p => p.Name)
                .Where(n => n is not ("x" or "y" or "w" or "h")),
        ];

        string[] actual = [.. RoomPropertyForm.Fields(BoardElementTypes.ClientGroup).Select(f => f.Name)];

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Fields_UnknownType_Throws()
    {
        Assert.Throws<ArgumentException>(() => RoomPropertyForm.Fields("rocket"));
    }

    [Theory]
    [InlineData(BoardElementTypes.ClientGroup, "dirichletAlpha", FieldLabels.DirichletAlpha)]
    [InlineData(BoardElementTypes.Server, "learningRate", FieldLabels.LearningRate)]
    [InlineData(BoardElementTypes.Privacy, "noiseMultiplier", FieldLabels.NoiseMultiplier)]
    [InlineData(BoardElementTypes.Model, "hiddenLayers", FieldLabels.HiddenLayers)]
    [InlineData(BoardElementTypes.ClientGroup, "count", "Clients in the group")]
    [InlineData(BoardElementTypes.ClientGroup, "text", "Group name")]
    [InlineData(BoardElementTypes.Note, "text", "Note")]
    [InlineData(BoardElementTypes.Frame, "text", "Title")]
    [InlineData(BoardElementTypes.Note, "color", "Colour")]
    public void Label_UsesFormLabelsAndBoardNames(string type, string name, string expected)
    {
        Assert.Equal(expected, RoomPropertyForm.Label(type, name));
    }

    [Fact]
    public void Label_EveryFieldHasAReadableLabel()
    {
        foreach (BoardElementDefinition element in BoardSchema.Elements)
        {
            foreach (RoomPropertyField field in RoomPropertyForm.Fields(element.Type))
            {
                Assert.False(string.IsNullOrWhiteSpace(field.Label), $"{element.Type}.{field.Name} has no label.");
                Assert.NotEqual(field.Name, field.Label);
            }
        }
    }

    [Fact]
    public void Multiline_OnlyForNoteAndTextBodies()
    {
        Assert.True(Field(BoardElementTypes.Note, "text").Multiline);
        Assert.True(Field(BoardElementTypes.Text, "text").Multiline);
        Assert.False(Field(BoardElementTypes.Server, "text").Multiline);
        Assert.False(Field(BoardElementTypes.Note, "color").Multiline);
    }

    [Fact]
    public void HelpText_MinClientSize_DependsOnPartition()
    {
        var props = new Dictionary<string, JsonElement>
        {
            ["partition"] = JsonSerializer.SerializeToElement(ExperimentNames.Of(PartitionKind.Dirichlet)),
        };

        RoomPropertyField field = RoomPropertyForm.Fields(BoardElementTypes.ClientGroup, props).Single(f => f.Name == "minClientSize");

        Assert.Equal(ExperimentHelpText.MinClientSize(PartitionKind.Dirichlet), field.HelpText);
    }

    [Fact]
    public void HelpText_CsvChoices_Explained()
    {
        Assert.Equal("With table, the clients train on the CSV file chosen below.", Field(BoardElementTypes.DataSource, "dataset").HelpText);
        Assert.Equal("With natural, each owner in the data source's CSV file is one client.", Field(BoardElementTypes.ClientGroup, "partition").HelpText);
    }

    [Fact]
    public void HelpText_NullableSetting_AllowsEmpty()
    {
        Assert.Contains("Leave empty", Field(BoardElementTypes.Server, "krumSelected").HelpText, StringComparison.Ordinal);
        Assert.DoesNotContain("Leave empty", Field(BoardElementTypes.Server, "rounds").HelpText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rounds", "12", 12.0)]
    [InlineData("rounds", " +7 ", 7.0)]
    [InlineData("learningRate", "0.05", 0.05)]
    [InlineData("learningRate", "1e-3", 0.001)]
    [InlineData("learningRate", "\u22120.5", -0.5)]
    public void TryParse_Numbers(string name, string text, double expected)
    {
        bool parsed = RoomPropertyForm.TryParse(Field(BoardElementTypes.Server, name), text, out JsonElement value, out string? error);

        Assert.True(parsed, error);
        Assert.Equal(expected, value.GetDouble(), 12);
    }

    [Theory]
    [InlineData("rounds", "1,000", "Rounds: '1,000' contains a thousands separator; enter 1000 instead.")]
    [InlineData("rounds", "2.5", "Rounds: '2.5' is not a whole number from −2,147,483,648 to 2,147,483,647.")]
    [InlineData("rounds", "", "Rounds is empty; enter a whole number from −2,147,483,648 to 2,147,483,647.")]
    [InlineData("learningRate", "0,05", "Learning rate η: '0,05' is not a number; use a dot as the decimal separator, for example 0.05.")]
    [InlineData("learningRate", "NaN", "Learning rate η: 'NaN' is not a number; enter for example 0.05.")]
    public void TryParse_InvalidNumbers_NameLabel(string name, string text, string expected)
    {
        bool parsed = RoomPropertyForm.TryParse(Field(BoardElementTypes.Server, name), text, out _, out string? error);

        Assert.False(parsed);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryParse_EmptyNullable_ReturnsNull()
    {
        bool parsed = RoomPropertyForm.TryParse(Field(BoardElementTypes.Server, "krumSelected"), "  ", out JsonElement value, out string? error);

        Assert.True(parsed, error);
        Assert.Equal(JsonValueKind.Null, value.ValueKind);
    }

    [Fact]
    public void TryParse_Choice_ChecksTheSchemaChoices()
    {
        RoomPropertyField strategy = Field(BoardElementTypes.Server, "strategy");
        string valid = strategy.Definition.Choices![^1];

        bool validParsed = RoomPropertyForm.TryParse(strategy, valid, out JsonElement value, out _);
        bool invalidParsed = RoomPropertyForm.TryParse(strategy, "fedbest", out _, out string? error);

        Assert.True(validParsed);
        Assert.Equal(valid, value.GetString());
        Assert.False(invalidParsed);
        Assert.StartsWith("Strategy is \"fedbest\"; choose one of ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Color_LowercasesAndChecksFormat()
    {
        RoomPropertyField color = Field(BoardElementTypes.Note, "color");

        bool parsed = RoomPropertyForm.TryParse(color, " #1E88E5 ", out JsonElement value, out _);
        bool named = RoomPropertyForm.TryParse(color, "red", out _, out string? error);

        Assert.True(parsed);
        Assert.Equal("#1e88e5", value.GetString());
        Assert.False(named);
        Assert.Equal("Colour must be a colour such as \"#1e88e5\", not \"red\".", error);
    }

    [Fact]
    public void TryParse_IntegerList_ReadsCommaSeparatedWidths()
    {
        RoomPropertyField layers = Field(BoardElementTypes.Model, "hiddenLayers");

        bool parsed = RoomPropertyForm.TryParse(layers, "200, 100", out JsonElement value, out _);
        bool bad = RoomPropertyForm.TryParse(layers, "200, x", out _, out string? error);

        Assert.True(parsed);
        Assert.Equal([200, 100], value.EnumerateArray().Select(v => v.GetInt32()));
        Assert.False(bad);
        Assert.Equal("Hidden layers: 'x' is not a number; enter whole widths separated by commas, for example 200, 200.", error);
    }

    [Fact]
    public void TryParse_IntegerList_RejectsOverLimit()
    {
        string text = string.Join(", ", Enumerable.Repeat("10", BoardLimits.MaxListLength + 1));

        bool parsed = RoomPropertyForm.TryParse(Field(BoardElementTypes.Model, "hiddenLayers"), text, out _, out string? error);

        Assert.False(parsed);
        Assert.StartsWith($"Hidden layers must be a list of at most {BoardLimits.MaxListLength} whole numbers", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Text_KeepsWhiteSpaceAndChecksLength()
    {
        RoomPropertyField note = Field(BoardElementTypes.Note, "text");

        bool parsed = RoomPropertyForm.TryParse(note, "  <b>not markup</b>\n", out JsonElement value, out _);
        bool tooLong = RoomPropertyForm.TryParse(note, new string('a', BoardLimits.MaxTextLength + 1), out _, out string? error);

        Assert.True(parsed);
        Assert.Equal("  <b>not markup</b>\n", value.GetString());
        Assert.False(tooLong);
        Assert.StartsWith("Note is ", error, StringComparison.Ordinal);
        Assert.Contains("shorten it to at most", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_WritesInvariantNumbersAndLists()
    {
        Assert.Equal("0.05", RoomPropertyForm.Format(JsonSerializer.SerializeToElement(0.05)));
        Assert.Equal("200, 200", RoomPropertyForm.Format(JsonSerializer.SerializeToElement(new[] { 200, 200 })));
        Assert.Equal(string.Empty, RoomPropertyForm.Format(JsonSerializer.SerializeToElement<object?>(null)));
        Assert.Equal("fed-avg", RoomPropertyForm.Format(JsonSerializer.SerializeToElement("fed-avg")));
    }

    [Fact]
    public void FormatThenParse_GivesTheDefaultBack()
    {
        foreach (RoomPropertyField field in RoomPropertyForm.Fields(BoardElementTypes.Server))
        {
            string text = RoomPropertyForm.Format(field.Definition.Default);

            bool parsed = RoomPropertyForm.TryParse(field, text, out JsonElement value, out string? error);

            Assert.True(parsed, $"{field.Name}: {error}");
            Assert.True(JsonElement.DeepEquals(field.Definition.Default, value), $"{field.Name}: {field.Definition.Default} became {value}.");
        }
    }
}
