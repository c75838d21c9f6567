using System.Text.Json;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

/// <summary>Which elements a data source's CSV choice changes, and the message about them.</summary>
public sealed class RoomTableEditsTests
{
    private const string DataSourceId = "data";
    private static readonly string FileId = new('a', TableSource.IdLength);

    private static BoardElement Element(string id, string type, params (string Name, object? Value)[] props) =>
        new(id, type, props.ToDictionary(p => p.Name, p => JsonSerializer.SerializeToElement(p.Value)));

    private static BoardElement Group(string id, string partition = "iid", int count = 10, string name = "Hospitals") =>
        Element(id, BoardElementTypes.ClientGroup, ("text", name), ("partition", partition), ("count", count));

    private static BoardElement Server(string id) => Element(id, BoardElementTypes.Server, ("clientFraction", 0.1));

    private static TableSource Table(string? owner) => new()
    {
        Id = FileId,
        FileName = "hospital-discharges.csv",
        LabelColumn = "discharge_outcome",
        OwnerColumn = owner,
    };

    private static string? StringOf(RoomTableEdit edit, string id, string name) => edit.Properties[id][name].GetString();

    [Fact]
    public void Plan_SetsDatasetAndTable()
    {
        RoomTableEdit edit = RoomTableEdits.Plan([], new RoomTableChoice(DataSourceId, Table(owner: null), null, null));

        Assert.Equal(["dataset", "table"], edit.Properties[DataSourceId].Keys.Order());
        Assert.Equal("table", StringOf(edit, DataSourceId, "dataset"));
        JsonElement table = edit.Properties[DataSourceId]["table"];
        Assert.Equal(FileId, table.GetProperty("id").GetString());
        Assert.Equal("hospital-discharges.csv", table.GetProperty("fileName").GetString());
        Assert.Equal("discharge_outcome", table.GetProperty("labelColumn").GetString());
        Assert.Null(edit.Message);
    }

    [Fact]
    public void Plan_TableRoundTripsThroughReadTable()
    {
        TableSource table = Table("hospital") with { FeatureColumns = ["age", "ward"], TestFraction = 0.3 };
        RoomTableEdit edit = RoomTableEdits.Plan([], new RoomTableChoice(DataSourceId, table, "hospital", 5));

        TableSource? read = RoomTableEdits.ReadTable(edit.Properties[DataSourceId]);

        Assert.NotNull(read);
        Assert.Equal(table.Id, read.Id);
        Assert.Equal(table.OwnerColumn, read.OwnerColumn);
        Assert.Equal(table.FeatureColumns, read.FeatureColumns);
        Assert.Equal(0.3, read.TestFraction, 12);
    }

    [Fact]
    public void Plan_NewOwner_MakesOnlyGroupNatural()
    {
        BoardElement[] board = [Group("g"), Server("s"), Element("m", BoardElementTypes.Model)];

        RoomTableEdit edit = RoomTableEdits.Plan(board, new RoomTableChoice(DataSourceId, Table("hospital"), null, 5));

        Assert.Equal("natural", StringOf(edit, "g", "partition"));
        Assert.Equal(5, edit.Properties["g"]["count"].GetInt32());
        Assert.Equal(1.0, edit.Properties["s"]["clientFraction"].GetDouble());
        Assert.False(edit.Properties.ContainsKey("m"));
        Assert.False(edit.IsWarning);
        Assert.Equal(
            "The client group 'Hospitals' now has 5 clients, one per hospital, under the natural partition, "
            + "and the server selects every client in each round.",
            edit.Message);
    }

    [Fact]
    public void Plan_SeveralServers_LeavesClientFraction()
    {
        BoardElement[] board = [Group("g"), Server("s1"), Server("s2")];

        RoomTableEdit edit = RoomTableEdits.Plan(board, new RoomTableChoice(DataSourceId, Table("hospital"), null, 5));

        Assert.Equal("natural", StringOf(edit, "g", "partition"));
        Assert.False(edit.Properties.ContainsKey("s1"));
        Assert.False(edit.Properties.ContainsKey("s2"));
        Assert.DoesNotContain("server", edit.Message);
    }

    [Fact]
    public void Plan_SeveralGroups_ChangesNoGroupAndWarns()
    {
        BoardElement[] board = [Group("g1"), Group("g2", name: "Clinics"), Server("s")];

        RoomTableEdit edit = RoomTableEdits.Plan(board, new RoomTableChoice(DataSourceId, Table("hospital"), null, 5));

        Assert.Equal([DataSourceId], edit.Properties.Keys);
        Assert.True(edit.IsWarning);
        Assert.Contains("needs exactly one client group, and this board has 2", edit.Message);
    }

    [Fact]
    public void Plan_NoGroup_AsksForOne()
    {
        RoomTableEdit edit = RoomTableEdits.Plan([Server("s")], new RoomTableChoice(DataSourceId, Table("hospital"), null, 5));

        Assert.Equal([DataSourceId], edit.Properties.Keys);
        Assert.True(edit.IsWarning);
        Assert.StartsWith("Add a client group", edit.Message);
    }

    [Fact]
    public void Plan_UnknownOwnerCount_KeepsCountAndWarns()
    {
        BoardElement[] board = [Group("g", count: 10)];

        RoomTableEdit edit = RoomTableEdits.Plan(board, new RoomTableChoice(DataSourceId, Table("hospital"), null, OwnerCount: null));

        Assert.Equal("natural", StringOf(edit, "g", "partition"));
        Assert.False(edit.Properties["g"].ContainsKey("count"));
        Assert.True(edit.IsWarning);
        Assert.Contains("set its client count to the number of values of hospital", edit.Message);
    }

    [Fact]
    public void Plan_SameOwner_ChangesOnlyDataSource()
    {
        BoardElement[] board = [Group("g", partition: "dirichlet"), Server("s")];
        TableSource table = Table("Hospital ");

        RoomTableEdit edit = RoomTableEdits.Plan(board, new RoomTableChoice(DataSourceId, table, "hospital", 5));

        Assert.Equal([DataSourceId], edit.Properties.Keys);
        Assert.Null(edit.Message);
    }

    [Fact]
    public void Plan_ClearedOwner_ResetsNaturalGroup()
    {
        BoardElement[] board = [Group("g", partition: "natural", count: 5), Server("s")];

        RoomTableEdit edit = RoomTableEdits.Plan(board, new RoomTableChoice(DataSourceId, Table(owner: null), "hospital", null));

        Assert.Equal("iid", StringOf(edit, "g", "partition"));
        Assert.False(edit.Properties["g"].ContainsKey("count"));
        Assert.False(edit.Properties.ContainsKey("s"));
        Assert.Equal("The client group 'Hospitals' is back to the IID partition, because the data source has no owner column.", edit.Message);
    }

    [Fact]
    public void Plan_ClearedOwner_LeavesOtherPartition()
    {
        BoardElement[] board = [Group("g", partition: "dirichlet")];

        RoomTableEdit edit = RoomTableEdits.Plan(board, new RoomTableChoice(DataSourceId, Table(owner: null), "hospital", null));

        Assert.Equal([DataSourceId], edit.Properties.Keys);
        Assert.Null(edit.Message);
    }

    [Fact]
    public void Check_SmallTable_Passes()
    {
        Assert.Null(RoomTableEdits.Check(Table("hospital")));
    }

    [Fact]
    public void Check_TooManyFeatureColumns_NamesLimit()
    {
        // 40 names of 30 characters take about 1,300 bytes of JSON, over the board's 1,000.
        string[] features = [.. Enumerable.Range(0, 40).Select(i => $"laboratory_measurement_{i:D7}")];

        string? error = RoomTableEdits.Check(Table("hospital") with { FeatureColumns = features });

        Assert.NotNull(error);
        Assert.StartsWith("This table takes", error);
        Assert.Contains($"over the board's limit of {BoardLimits.MaxTableBytes:N0}", error);
    }

    [Fact]
    public void ReadTable_MissingOrNull_ReturnsNull()
    {
        Assert.Null(RoomTableEdits.ReadTable(new Dictionary<string, JsonElement>()));
        Assert.Null(RoomTableEdits.ReadTable(new Dictionary<string, JsonElement> { ["table"] = JsonSerializer.SerializeToElement<object?>(null) }));
        Assert.Null(RoomTableEdits.ReadTable(new Dictionary<string, JsonElement> { ["table"] = JsonSerializer.SerializeToElement("x.csv") }));
    }
}
