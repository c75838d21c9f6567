using System.Text.Json;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Boards;
using static FedWorkbench.Web.Tests.Boards.BoardOps;

namespace FedWorkbench.Web.Tests.Boards;

public sealed class BoardSchemaTests
{
    private static readonly string[] CommonProperties = ["x", "y", "w", "h", "text", "color"];

    [Fact]
    public void Elements_OnePerTypeInPaletteOrder()
    {
        Assert.Equal(BoardElementTypes.All, BoardSchema.Elements.Select(e => e.Type));
        Assert.All(BoardSchema.Elements, element => Assert.Same(element, BoardSchema.Find(element.Type)));
        Assert.Null(BoardSchema.Find("sticker"));
        Assert.Null(BoardSchema.Find(null));
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void DefaultProperties_CompleteAndValid(string type)
    {
        BoardElementDefinition definition = BoardSchema.Find(type)!;

        IReadOnlyDictionary<string, JsonElement> defaults = BoardSchema.DefaultProperties(type);

        string[] expected = definition.Properties.Where(p => p.Kind != BoardPropertyKind.ElementId).Select(p => p.Name).ToArray();
        Assert.Equal(expected.Order(), defaults.Keys.Order());
        Assert.Equal(definition.Properties.Count, definition.Properties.Select(p => p.Name).Distinct().Count());
        foreach ((string name, JsonElement value) in defaults)
        {
            Assert.True(BoardSchema.Check(definition.Find(name)!, value) is null, $"{type}.{name} default {value.GetRawText()}: {BoardSchema.Check(definition.Find(name)!, value)}");
        }
    }

    public static TheoryData<string> Types() => new(BoardElementTypes.All);

    [Fact]
    public void Shapes_HaveCommonProperties()
    {
        foreach (BoardElementDefinition definition in BoardSchema.Elements.Where(e => e.Type != BoardElementTypes.Connector))
        {
            Assert.Equal(CommonProperties, definition.Properties.Take(CommonProperties.Length).Select(p => p.Name));
        }

        Assert.Equal(["from", "to", "text", "color"], BoardSchema.Find(BoardElementTypes.Connector)!.Properties.Select(p => p.Name));
    }

    [Fact]
    public void ServerDefaults_MatchExperimentDefaults()
    {
        JsonElement experiment = JsonSerializer.SerializeToElement(new ExperimentConfig(), ExperimentJson.Options);
        IReadOnlyDictionary<string, JsonElement> server = BoardSchema.DefaultProperties(BoardElementTypes.Server);
        string[] settings =
        [
            "strategy", "aggregation", "rounds", "clientFraction", "sampling", "localEpochs", "batchSize", "learningRate",
            "momentum", "weightDecay", "clientTestFraction", "serverLearningRate", "serverMomentum", "beta1", "beta2",
            "tau", "proximalMu", "trimFraction", "assumedAttackers", "krumSelected", "compression", "topKFraction",
            "roundDeadlineSeconds", "overSelection", "invalidUpdates", "roundFailures", "seed",
        ];

        Assert.Equal(settings.Length + CommonProperties.Length, server.Count);
        foreach (string name in settings)
        {
            Assert.True(JsonElement.DeepEquals(experiment.GetProperty(name), server[name]), $"server.{name}");
        }

        Assert.Equal("\"fedavg\"", server["strategy"].GetRawText());
        Assert.Equal("30", server["rounds"].GetRawText());
        Assert.Equal("42", server["seed"].GetRawText());
        Assert.Equal(JsonValueKind.Null, server["krumSelected"].ValueKind);
    }

    [Fact]
    public void ClientGroupDefaults_MatchGroupConfig()
    {
        JsonElement group = JsonSerializer.SerializeToElement(new ClientGroupConfig(), ExperimentJson.Options);
        IReadOnlyDictionary<string, JsonElement> defaults = BoardSchema.DefaultProperties(BoardElementTypes.ClientGroup);
        string[] settings = group.EnumerateObject().Select(p => p.Name).Where(name => name != "name").ToArray();

        Assert.Equal(20, settings.Length);
        Assert.Equal(settings.Length + CommonProperties.Length, defaults.Count);
        foreach (string name in settings)
        {
            Assert.True(JsonElement.DeepEquals(group.GetProperty(name), defaults[name]), $"client-group.{name}");
        }

        Assert.Equal("10", defaults["count"].GetRawText());
        Assert.Equal("\"iid\"", defaults["partition"].GetRawText());
        Assert.Equal("\"Client group\"", defaults["text"].GetRawText());
    }

    [Fact]
    public void OtherDefaults_AsDocumented()
    {
        IReadOnlyDictionary<string, JsonElement> privacy = BoardSchema.DefaultProperties(BoardElementTypes.Privacy);
        IReadOnlyDictionary<string, JsonElement> model = BoardSchema.DefaultProperties(BoardElementTypes.Model);
        IReadOnlyDictionary<string, JsonElement> data = BoardSchema.DefaultProperties(BoardElementTypes.DataSource);
        IReadOnlyDictionary<string, JsonElement> connector = BoardSchema.DefaultProperties(BoardElementTypes.Connector);

        Assert.Equal("\"differential-privacy\"", privacy["mechanism"].GetRawText());
        Assert.Equal("\"central\"", privacy["differentialPrivacy"].GetRawText());
        Assert.Equal("1", privacy["clipNorm"].GetRawText());
        Assert.Equal(1e-5, privacy["delta"].GetDouble());
        Assert.Equal(JsonValueKind.Null, privacy["targetEpsilon"].ValueKind);
        Assert.Equal(6 + 10, privacy.Count);
        Assert.Equal("\"mlp\"", model["model"].GetRawText());
        Assert.Equal("[200,200]", model["hiddenLayers"].GetRawText());
        Assert.Equal("\"fashion-mnist\"", data["dataset"].GetRawText());
        Assert.Equal(["color", "text"], connector.Keys.Order());
        Assert.Equal("\"\"", BoardSchema.DefaultProperties(BoardElementTypes.Note)["text"].GetRawText());
        Assert.Equal("\"Frame\"", BoardSchema.DefaultProperties(BoardElementTypes.Frame)["text"].GetRawText());
        Assert.Equal("640", BoardSchema.DefaultProperties(BoardElementTypes.Frame)["w"].GetRawText());
    }

    [Fact]
    public void DefaultProperties_UnknownType_Throws()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => BoardSchema.DefaultProperties("sticker"));

        Assert.Contains("'sticker'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Choices_AreExperimentFileNames()
    {
        // Each choice of a federated setting must parse as the experiment file's value of the same name.
        foreach (BoardElementDefinition element in BoardSchema.Elements.Where(e => e.Simulated))
        {
            foreach (BoardPropertyDefinition property in element.Properties.Where(p => p.Kind == BoardPropertyKind.Choice && p.Name != "mechanism"))
            {
                Assert.NotEmpty(property.Choices!);
                foreach (string choice in property.Choices!)
                {
                    string json = JsonSerializer.Serialize(new Dictionary<string, string> { [property.Name] = choice });
                    Exception? error = element.Type == BoardElementTypes.ClientGroup
                        ? Record.Exception(() => JsonSerializer.Deserialize<ClientGroupConfig>(json, ExperimentJson.Options))
                        : Record.Exception(() => ExperimentJson.Deserialize(json));
                    Assert.True(error is null, $"{element.Type}.{property.Name} = {choice}: {error?.Message}");
                }
            }
        }

        Assert.Contains("feature-noise", BoardSchema.Find(BoardElementTypes.ClientGroup)!.Find("partition")!.Choices!);
        Assert.Contains("natural", BoardSchema.Find(BoardElementTypes.ClientGroup)!.Find("partition")!.Choices!);
        Assert.Contains("table", BoardSchema.Find(BoardElementTypes.DataSource)!.Find("dataset")!.Choices!);
        Assert.Contains("multi-krum", BoardSchema.Find(BoardElementTypes.Server)!.Find("aggregation")!.Choices!);
    }

    public static TheoryData<string, string, string, string?> CheckCases() => new()
    {
        // type, property, JSON value, expected message part (null: accepted)
        { BoardElementTypes.Note, "x", "-100000", null },
        { BoardElementTypes.Note, "x", "12.5", null },
        { BoardElementTypes.Note, "x", "100001", "enter a value from -100000 to 100000" },
        { BoardElementTypes.Note, "w", "19.5", "from 20 to 10000" },
        { BoardElementTypes.Note, "w", "\"wide\"", "\"w\" must be a number, not \"wide\"" },
        { BoardElementTypes.Note, "y", "null", "\"y\" cannot be empty" },
        { BoardElementTypes.Note, "y", "true", "must be a number, not true" },
        { BoardElementTypes.ClientGroup, "count", "40", null },
        { BoardElementTypes.ClientGroup, "count", "40.0", null },
        { BoardElementTypes.ClientGroup, "count", "2.5", "\"count\" must be a whole number, not 2.5" },
        { BoardElementTypes.ClientGroup, "count", "3000000000", "\"count\" is 3000000000; enter a value from -2147483648 to 2147483647" },
        { BoardElementTypes.ClientGroup, "dropout", "-0.5", null },
        { BoardElementTypes.Server, "serverLearningRate", "null", null },
        { BoardElementTypes.Server, "serverLearningRate", "0.1", null },
        { BoardElementTypes.Server, "krumSelected", "null", null },
        { BoardElementTypes.Server, "krumSelected", "1.5", "whole number" },
        { BoardElementTypes.Server, "rounds", "null", "\"rounds\" cannot be empty" },
        { BoardElementTypes.Note, "text", "\"<script>alert(1)</script>\"", null },
        { BoardElementTypes.Note, "text", "\"\"", null },
        { BoardElementTypes.Note, "text", JsonSerializer.Serialize(new string('a', 2_000)), null },
        { BoardElementTypes.Note, "text", JsonSerializer.Serialize(new string('a', 2_001)), "2,001 characters long; shorten it to at most 2,000" },
        { BoardElementTypes.Note, "text", "7", "\"text\" must be text, not 7" },
        { BoardElementTypes.Note, "color", "\"#1E88e5\"", null },
        { BoardElementTypes.Note, "color", "\"#1e88e\"", "must be a colour such as" },
        { BoardElementTypes.Note, "color", "\"#1e88eg\"", "\"#1e88eg\"" },
        { BoardElementTypes.Note, "color", "\"blue\"", "\"blue\"" },
        { BoardElementTypes.Server, "strategy", "\"fedprox\"", null },
        { BoardElementTypes.Server, "strategy", "\"FedProx\"", "\"strategy\" is \"FedProx\"; choose one of fedavg, fedavgm, fedprox" },
        { BoardElementTypes.Server, "strategy", "1", "choose one of" },
        { BoardElementTypes.Privacy, "mechanism", "\"secure-aggregation\"", null },
        { BoardElementTypes.Privacy, "mechanism", "\"homomorphic\"", "choose one of differential-privacy, secure-aggregation" },
        { BoardElementTypes.Connector, "from", "\"g1\"", null },
        { BoardElementTypes.Connector, "from", "\"g 1\"", "must be the id of an element on the board, not \"g 1\"" },
        { BoardElementTypes.Connector, "to", "5", "must be the id of an element" },
        { BoardElementTypes.Model, "hiddenLayers", "[]", null },
        { BoardElementTypes.Model, "hiddenLayers", "[64, 32]", null },
        { BoardElementTypes.Model, "hiddenLayers", "[64, 1.5]", "must be a list of at most 16 whole numbers" },
        { BoardElementTypes.Model, "hiddenLayers", "\"200,200\"", "not \"200,200\"" },
        { BoardElementTypes.Model, "hiddenLayers", "[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]", "at most 16" },
        { BoardElementTypes.Model, "hiddenLayers", "null", "cannot be empty" },
        { BoardElementTypes.DataSource, "table", "null", null },
        { BoardElementTypes.DataSource, "table", "{\"id\": \"ab\", \"labelColumn\": \"y\", \"featureColumns\": [\"a\", \"b\"]}", null },
        { BoardElementTypes.DataSource, "table", "\"file.csv\"", "\"table\" must be a table such as {\"id\"" },
        { BoardElementTypes.DataSource, "table", "{\"id\": \"ab\", \"label\": \"y\"}", "is not a table as the experiment file writes it (at \"label\")" },
        { BoardElementTypes.DataSource, "table", "{\"id\": 5}", "is not a table as the experiment file writes it" },
        { BoardElementTypes.DataSource, "table", JsonSerializer.Serialize(new { id = "ab", labelColumn = new string('y', 960) }), null },
        { BoardElementTypes.DataSource, "table", JsonSerializer.Serialize(new { id = "ab", labelColumn = new string('y', 1_000) }), "over the board's limit of 1,000; give the file, the label column or the owner column a shorter name" },
        { BoardElementTypes.DataSource, "table", JsonSerializer.Serialize(new { id = "ab", labelColumn = "y", featureColumns = Enumerable.Repeat(new string('f', 60), 20) }), "list fewer feature columns" },
        { BoardElementTypes.DataSource, "table", JsonSerializer.Serialize(new { id = "ab", labelColumn = new string('é', 480) }), null },
        { BoardElementTypes.DataSource, "table", JsonSerializer.Serialize(new { id = "ab", labelColumn = new string('日', 330) }), "takes 1,018 bytes" },
        { BoardElementTypes.DataSource, "table", "{\"id\": null, \"labelColumn\": \"y\"}", "\"table\" has null where text belongs" },
        { BoardElementTypes.DataSource, "table", "{\"id\": \"ab\", \"labelColumn\": null}", "has null where text belongs" },
        { BoardElementTypes.DataSource, "table", "{\"id\": \"ab\", \"labelColumn\": \"y\", \"featureColumns\": [\"a\", null]}", "has null where text belongs" },
        { BoardElementTypes.DataSource, "table", "{\"id\": \"ab\", \"labelColumn\": \"y\", \"columnTypes\": {\"a\": null}}", "has null where text belongs" },
    };

    [Theory]
    [MemberData(nameof(CheckCases))]
    public void Check_AcceptsOrRejectsPerKind(string type, string property, string json, string? messagePart)
    {
        BoardPropertyDefinition definition = BoardSchema.Find(type)!.Find(property)!;
        using JsonDocument document = JsonDocument.Parse(json);

        string? message = BoardSchema.Check(definition, document.RootElement);

        if (messagePart is null)
        {
            Assert.Null(message);
        }
        else
        {
            Assert.NotNull(message);
            Assert.Contains(messagePart, message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CheckTable_SizeIgnoresEscaping()
    {
        // 330 × 3 bytes of '日' and 28 bytes of JSON, whether the client sent the characters or their \u escapes.
        BoardPropertyDefinition table = BoardSchema.Find(BoardElementTypes.DataSource)!.Find("table")!;
        string raw = "{\"id\":\"ab\",\"labelColumn\":\"" + new string('日', 330) + "\"}";
        string escaped = "{\"id\":\"ab\",\"labelColumn\":\"" + string.Concat(Enumerable.Repeat("\\u65e5", 330)) + "\"}";

        string? rawMessage = BoardSchema.Check(table, Parse(raw));
        string? escapedMessage = BoardSchema.Check(table, Parse(escaped));

        Assert.Contains("takes 1,018 bytes", rawMessage, StringComparison.Ordinal);
        Assert.Equal(rawMessage, escapedMessage);
    }

    [Fact]
    public void Check_LongValueShortened()
    {
        BoardPropertyDefinition color = BoardSchema.Find(BoardElementTypes.Note)!.Find("color")!;

        string? message = BoardSchema.Check(color, Json(new string('z', 500)));

        Assert.NotNull(message);
        Assert.Contains("…", message, StringComparison.Ordinal);
        Assert.True(message.Length < 200, message);
    }

    [Fact]
    public void Check_NumberOverMaxNumberLengthRejected()
    {
        BoardPropertyDefinition x = BoardSchema.Find(BoardElementTypes.Note)!.Properties.Single(p => p.Name == "x");
        string longest = "0." + new string('1', BoardLimits.MaxNumberLength - 2);

        Assert.Null(BoardSchema.Check(x, Parse(longest)));
        Assert.Equal(
            "\"x\" is written with 33 characters; write it with at most 32 (for example 0.125 or 1e-5).",
            BoardSchema.Check(x, Parse(longest + "1")));
    }

    private static JsonElement Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
