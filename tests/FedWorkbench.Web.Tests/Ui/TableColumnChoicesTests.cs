using FedWorkbench.Data;
using FedWorkbench.Web.Tables;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

/// <summary>Default feature columns, stored feature choices and owner counts shared by the form and the board.</summary>
public sealed class TableColumnChoicesTests
{
    private static TableUpload File()
    {
        using var stream = new MemoryStream("hospital,age,ward,empty,outcome\nA,50,x,,yes\nB,60,y,,no\nA,70,x,,no\nC,40,z,,yes\n"u8.ToArray());
        CsvPreview preview = CsvPreview.Read(stream, rowCount: 10);
        return new TableUpload(new string('b', 64), "small.csv", 1, preview.RowCount, preview.Columns.Count, preview.Delimiter, preview.Columns, preview.Rows);
    }

    [Fact]
    public void DefaultFeatures_SkipLabelOwnerAndEmpty()
    {
        IReadOnlyList<string> features = TableColumnChoices.DefaultFeatures(File(), "outcome", "HOSPITAL");

        Assert.Equal(["age", "ward"], features);
    }

    [Fact]
    public void DefaultFeatures_UnknownFile_Empty()
    {
        Assert.Empty(TableColumnChoices.DefaultFeatures(null, "outcome", null));
    }

    [Fact]
    public void NormalizeFeatures_DefaultOrEmpty_IsNull()
    {
        string[] columns = ["hospital", "age", "ward", "outcome"];

        Assert.Null(TableColumnChoices.NormalizeFeatures(["ward", "age"], columns, ["age", "ward"]));
        Assert.Null(TableColumnChoices.NormalizeFeatures([], columns, ["age", "ward"]));
    }

    [Fact]
    public void NormalizeFeatures_Narrowed_InFileOrder()
    {
        string[] columns = ["hospital", "age", "ward", "outcome"];

        Assert.Equal(["hospital", "ward"], TableColumnChoices.NormalizeFeatures(["ward", "HOSPITAL"], columns, ["age", "ward"]));
    }

    [Fact]
    public void OwnerCount_CountsDistinctOwners()
    {
        Assert.Equal(3, TableColumnChoices.OwnerCount(File(), "hospital"));
        Assert.Null(TableColumnChoices.OwnerCount(File(), null));
        Assert.Null(TableColumnChoices.OwnerCount(null, "hospital"));
    }

    [Fact]
    public void TypeOf_OverrideElseInferred()
    {
        CsvColumnProfile age = File().Columns[1];
        var overrides = new Dictionary<string, string> { ["AGE"] = "categorical" };

        Assert.Equal("numeric", TableColumnChoices.TypeOf(null, age));
        Assert.Equal("categorical", TableColumnChoices.TypeOf(overrides, age));
    }

    [Fact]
    public void WithType_InferredTypeRemovesOverride()
    {
        var overrides = new Dictionary<string, string> { ["ward"] = "numeric", ["AGE"] = "categorical" };

        Dictionary<string, string> changed = TableColumnChoices.WithType(overrides, File(), "age", "numeric");
        Dictionary<string, string> added = TableColumnChoices.WithType(null, File(), "hospital", "numeric");

        // age is inferred numeric, so choosing numeric leaves only the ward override.
        Assert.Equal(["ward"], changed.Keys);
        Assert.Equal("numeric", added["hospital"]);
        Assert.Single(added);
    }
}
