using System.Text.Json;
using System.Text.Json.Nodes;
using FedWorkbench.Web.Boards;
using static FedWorkbench.Web.Tests.Boards.BoardOps;

namespace FedWorkbench.Web.Tests.Boards;

public sealed class BoardDocumentReaderTests
{
    private const string ValidFile = """
        {
          "format": "fedworkbench-board",
          "formatVersion": 1,
          "name": "  Hospitals  ",
          "elements": [
            { "id": "s", "type": "server", "props": { "x": 400, "y": 100, "rounds": 20, "strategy": "fedprox" } },
            { "id": "g1", "type": "client-group", "props": { "text": "Large hospitals", "count": 5, "partition": "dirichlet" } },
            { "id": "c1", "type": "connector", "props": { "from": "g1", "to": "s" } },
            { "id": "f", "type": "frame", "props": { "text": "Training", "w": 900, "h": 500 } },
            { "id": "n", "type": "note" }
          ]
        }
        """;

    [Fact]
    public void Read_ValidFile_FillsDefaultsFramesFirst()
    {
        BoardDocument document = BoardDocumentReader.Read(ValidFile, 100);

        Assert.Equal(BoardDocument.FormatName, document.Format);
        Assert.Equal(1, document.FormatVersion);
        Assert.Equal("Hospitals", document.Name);
        Assert.Equal(["f", "s", "g1", "c1", "n"], document.Elements.Select(e => e.Id));
        BoardElement server = document.Elements[1];
        Assert.Equal(BoardSchema.Find(BoardElementTypes.Server)!.Properties.Count, server.Props.Count);
        Assert.Equal("20", server.Props["rounds"].GetRawText());
        Assert.Equal("\"fedprox\"", server.Props["strategy"].GetRawText());
        Assert.Equal("\"mean\"", server.Props["aggregation"].GetRawText());
        Assert.Equal(BoardSchema.DefaultProperties(BoardElementTypes.Note).Count, document.Elements[4].Props.Count);
        Assert.Equal(4, document.Elements[3].Props.Count);
        Assert.Equal("\"g1\"", document.Elements[3].Props["from"].GetRawText());
    }

    [Fact]
    public void WriteThenRead_RoundTrips()
    {
        BoardDocument original = BoardDocumentReader.Read(ValidFile, 100);

        string json = BoardDocumentReader.Write(original);
        BoardDocument again = BoardDocumentReader.Read(json, 100);

        Assert.Equal(original.Name, again.Name);
        Assert.True(BoardReplica.AreEqual(original.Elements, again.Elements));
        Assert.Equal(json, BoardDocumentReader.Write(again));
    }

    [Fact]
    public void Write_CamelCaseFramesFirst()
    {
        var note = new BoardElement("n", BoardElementTypes.Note, BoardSchema.DefaultProperties(BoardElementTypes.Note));
        var frame = new BoardElement("f", BoardElementTypes.Frame, BoardSchema.DefaultProperties(BoardElementTypes.Frame));
        var document = new BoardDocument(BoardDocument.FormatName, 1, "Plan <b>", [note, frame]);

        string json = BoardDocumentReader.Write(document);
        JsonNode root = JsonNode.Parse(json)!;

        Assert.Equal(["format", "formatVersion", "name", "elements"], root.AsObject().Select(p => p.Key));
        Assert.Equal("fedworkbench-board", (string?)root["format"]);
        Assert.Equal(1, (int?)root["formatVersion"]);
        Assert.Equal("Plan <b>", (string?)root["name"]);
        Assert.Equal(["f", "n"], root["elements"]!.AsArray().Select(e => (string?)e!["id"]));
        Assert.Equal(["id", "type", "props"], root["elements"]![0]!.AsObject().Select(p => p.Key));
        Assert.Contains('\n', json);
    }

    [Fact]
    public void Read_StateElements_RoundTrip()
    {
        var state = new BoardState(0, []);
        state.Applied(Op("op1", 0,
            Create("s", BoardElementTypes.Server), Create("g", BoardElementTypes.ClientGroup, ("text", "Phones \"EU\"")),
            Create("m", BoardElementTypes.Model, ("hiddenLayers", new[] { 64 })), Create("p", BoardElementTypes.Privacy, ("targetEpsilon", 3.5)),
            Create("d", BoardElementTypes.DataSource, ("dataset", "synthetic")), Create("f", BoardElementTypes.Frame),
            Create("t", BoardElementTypes.Text, ("text", "Ünïcode ✓ <script>")), Connect("c", "g", "s")), "alice");
        var document = new BoardDocument(BoardDocument.FormatName, 1, "Phones", state.Elements);

        BoardDocument read = BoardDocumentReader.Read(BoardDocumentReader.Write(document), 100);

        Assert.True(BoardReplica.AreEqual(state.Elements, read.Elements));
    }

    public static TheoryData<string, string, string[]> InvalidFiles()
    {
        var data = new TheoryData<string, string, string[]>
        {
            { "not JSON", "{ \"format\": ", ["not valid JSON"] },
            { "empty", "", ["not valid JSON"] },
            { "array", "[]", ["JSON object", "[]"] },
            { "duplicate property", Edit(root => root.AsObject()).Replace("\"formatVersion\": 1", "\"formatVersion\": 1, \"formatVersion\": 1"), ["not valid JSON"] },
            { "unknown top-level property", Edit(root => root["version"] = 1), ["\"version\"", "unknown"] },
            { "missing format", Edit(root => root.AsObject().Remove("format")), ["no \"format\""] },
            { "other format", Edit(root => root["format"] = "miro-board"), ["not a FedWorkbench board file", "\"miro-board\""] },
            { "newer version", Edit(root => root["formatVersion"] = 3), ["This board file was written by a newer FedWorkbench (format version 3); this one reads version 1."] },
            { "version zero", Edit(root => root["formatVersion"] = 0), ["\"formatVersion\" is 0", "version 1"] },
            { "version text", Edit(root => root["formatVersion"] = "1"), ["\"formatVersion\" is \"1\""] },
            { "missing name", Edit(root => root.AsObject().Remove("name")), ["no \"name\""] },
            { "blank name", Edit(root => root["name"] = "   "), ["\"name\" is empty", "1 to 100"] },
            { "long name", Edit(root => root["name"] = new string('n', 101)), ["101 characters", "at most 100"] },
            { "name with line break", Edit(root => root["name"] = "Two\nlines"), ["invisible character U+000A at position 4"] },
            { "name with direction override", Edit(root => root["name"] = "\u202eevil"), ["invisible character U+202E at position 1"] },
            { "name with zero-width space", Edit(root => root["name"] = "a\u200bb"), ["invisible character U+200B at position 2"] },
            { "name not text", Edit(root => root["name"] = 5), ["\"name\" must be", "5"] },
            { "elements not a list", Edit(root => root["elements"] = "none"), ["\"elements\" must be a list", "\"none\""] },
            { "missing elements", Edit(root => root.AsObject().Remove("elements")), ["no \"elements\""] },
            { "element not object", Edit(root => root["elements"]!.AsArray().Add(7)), ["Element 6", "7"] },
            { "element unknown property", Edit(root => root["elements"]![1]!["order"] = 3), ["Element 2", "\"order\""] },
            { "missing id", Edit(root => root["elements"]![1]!.AsObject().Remove("id")), ["Element 2 has no \"id\""] },
            { "invalid id", Edit(root => root["elements"]![1]!["id"] = "g 1"), ["Element 2", "\"g 1\"", "invalid"] },
            { "duplicate id", Edit(root => root["elements"]![4]!["id"] = "s"), ["Element 5 (\"s\")", "same id"] },
            { "unknown type", Edit(root => root["elements"]![4]!["type"] = "sticker"), ["Element 5 (\"n\")", "\"sticker\"", "unknown"] },
            { "missing type", Edit(root => root["elements"]![4]!.AsObject().Remove("type")), ["Element 5 (\"n\") has no \"type\""] },
            { "props not object", Edit(root => root["elements"]![4]!["props"] = new JsonArray()), ["Element 5 (\"n\")", "\"props\""] },
            { "unknown property", Edit(root => root["elements"]![4]!["props"] = new JsonObject { ["rounds"] = 3 }), ["Element 5 (\"n\")", "\"rounds\"", "note"] },
            { "invalid value", Edit(root => root["elements"]![1]!["props"]!["count"] = 2.5), ["Element 2 (\"g1\")", "\"count\"", "2.5"] },
            { "invalid choice", Edit(root => root["elements"]![0]!["props"]!["strategy"] = "sgd"), ["Element 1 (\"s\")", "\"strategy\"", "\"sgd\""] },
            { "text too long", Edit(root => root["elements"]![4]!["props"] = new JsonObject { ["text"] = new string('t', 2_001) }), ["Element 5 (\"n\")", "\"text\"", "2,001"] },
            { "connector without to", Edit(root => root["elements"]![2]!["props"]!.AsObject().Remove("to")), ["Element 3 (\"c1\")", "without \"to\""] },
            { "connector to missing", Edit(root => root["elements"]![2]!["props"]!["to"] = "gone"), ["Element 3 (\"c1\")", "\"to\" is \"gone\"", "no element"] },
            { "connector to itself", Edit(root => root["elements"]![2]!["props"]!["to"] = "c1"), ["Element 3 (\"c1\")", "itself"] },
            { "connector to connector", Edit(root => root["elements"]!.AsArray().Add(JsonNode.Parse("""{ "id": "c2", "type": "connector", "props": { "from": "s", "to": "c1" } }"""))), ["Element 6 (\"c2\")", "\"c1\"", "is a connector"] },
            { "connector one element", Edit(root => root["elements"]![2]!["props"]!["to"] = "g1"), ["Element 3 (\"c1\")", "both \"g1\""] },
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public void Read_InvalidFile_ThrowsNamingProblem(string name, string json, string[] messageParts)
    {
        BoardDocument? document = null;

        BoardException error = Assert.Throws<BoardException>(() => document = BoardDocumentReader.Read(json, 100));

        Assert.Null(document);
        foreach (string part in messageParts)
        {
            Assert.True(error.Message.Contains(part, StringComparison.Ordinal), $"{name}: \"{error.Message}\" lacks \"{part}\".");
        }
    }

    [Fact]
    public void Read_TooManyElements_ThrowsWithLimit()
    {
        BoardException error = Assert.Throws<BoardException>(() => BoardDocumentReader.Read(ValidFile, 4));

        Assert.Contains("5 elements", error.Message, StringComparison.Ordinal);
        Assert.Contains("at most 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LimitEqualToCount_Accepted()
    {
        Assert.Equal(5, BoardDocumentReader.Read(ValidFile, 5).Elements.Count);
    }

    /// <summary>Returns the valid file after <paramref name="edit"/>, as indented JSON.</summary>
    private static string Edit(Action<JsonNode> edit)
    {
        JsonNode root = JsonNode.Parse(ValidFile)!;
        edit(root);
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
