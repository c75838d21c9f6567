using System.Text.Json;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

/// <summary>The schema that the room page passes to the board module.</summary>
public sealed class RoomBoardBridgeTests
{
    [Fact]
    public void SchemaJson_ListsEveryTypeInPaletteOrder()
    {
        JsonElement schema = RoomBoardBridge.SchemaJson();

        string[] types = [.. schema.EnumerateArray().Select(e => e.GetProperty("type").GetString()!)];

        Assert.Equal(BoardElementTypes.All, types);
    }

    [Fact]
    public void SchemaJson_WritesKindsByNameAndDefaults()
    {
        JsonElement server = RoomBoardBridge.SchemaJson()[0];
        JsonElement rounds = server.GetProperty("properties").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "rounds");

        Assert.Equal("Integer", rounds.GetProperty("kind").GetString());
        Assert.True(JsonElement.DeepEquals(BoardSchema.Find("server")!.Find("rounds")!.Default, rounds.GetProperty("default")));
    }

    [Fact]
    public void SchemaJson_ConnectorEnds_HaveNullDefaults()
    {
        JsonElement connector = RoomBoardBridge.SchemaJson().EnumerateArray().Single(e => e.GetProperty("type").GetString() == BoardElementTypes.Connector);
        JsonElement from = connector.GetProperty("properties").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "from");

        Assert.Equal("ElementId", from.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, from.GetProperty("default").ValueKind);
    }
}
