using FedWorkbench.Data;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Tables;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

/// <summary>How <see cref="ExperimentForm"/> turns an uploaded file and its column choices into a <see cref="TableSource"/>.</summary>
public sealed class ExperimentFormTableTests
{
    private static readonly string Id = new('a', TableSource.IdLength);

    [Fact]
    public void ToConfig_OwnerChosen_GivesNaturalPartition()
    {
        // Arrange
        ExperimentForm form = FormWithFile();
        form.LabelColumn = "outcome";

        // Act
        form.ChooseOwner("hospital");
        ExperimentFormResult result = form.ToConfig();

        // Assert: one client per owner, every client each round, and a table the validator accepts.
        Assert.True(result.IsValid, string.Join(" ", result.Errors.Fields.Select(result.Errors.For)));
        ExperimentConfig config = result.Config!;
        Assert.Equal(DatasetKind.Table, config.Dataset);
        Assert.Equal(PartitionKind.Natural, config.Partition);
        Assert.Equal(3, config.Clients);
        Assert.Equal(1, config.ClientFraction);
        TableSource table = config.Table!;
        Assert.Equal(Id, table.Id);
        Assert.Equal("visits.csv", table.FileName);
        Assert.Equal("outcome", table.LabelColumn);
        Assert.Equal("hospital", table.OwnerColumn);
        Assert.Null(table.FeatureColumns);
        Assert.Null(table.ColumnTypes);
        Assert.Equal(TableSource.DefaultTestFraction, table.TestFraction);
        Assert.True(form.ClientsFromOwners);
    }

    [Fact]
    public void ToConfig_NarrowedFeaturesAndTypes_ListsThem()
    {
        ExperimentForm form = FormWithFile();
        form.LabelColumn = "outcome";
        form.TableTestFractionText = "0.3";

        form.ChooseFeatures(["ward", "age"]);
        form.ChooseColumnType("ward", "categorical");
        form.ChooseColumnType("age", "categorical");
        form.ChooseColumnType("ward", "numeric");
        ExperimentConfig config = form.ToConfig().Config!;

        // Features keep file order; choosing a column's inferred type again removes its override.
        Assert.Equal(["age", "ward"], config.Table!.FeatureColumns);
        Assert.Equal(new Dictionary<string, string> { ["age"] = "categorical" }, config.Table.ColumnTypes);
        Assert.Equal(0.3, config.Table.TestFraction);
        Assert.Equal(PartitionKind.Iid, config.Partition);
    }

    [Fact]
    public void ChooseFeatures_DefaultSet_StoresNull()
    {
        ExperimentForm form = FormWithFile();
        form.LabelColumn = "outcome";

        form.ChooseFeatures(["hospital", "age", "ward"]);

        // "empty" has no values, so it is not a default feature.
        Assert.Null(form.FeatureColumns);
        Assert.Equal(["hospital", "age", "ward"], form.EffectiveFeatureColumns);
    }

    [Fact]
    public void ToConfig_NoLabel_ReportsLabelField()
    {
        ExperimentForm form = FormWithFile();

        FieldErrors errors = form.ToConfig().Errors;

        Assert.Equal("The label column is empty; choose a column of the file.", errors.For(ExperimentForm.LabelColumnField));
    }

    [Fact]
    public void ToConfig_NoFile_ReportsTableField()
    {
        var form = ExperimentForm.FromConfig(new ExperimentConfig());
        form.Dataset = DatasetKind.Table;

        ExperimentFormResult result = form.ToConfig();

        Assert.False(result.IsValid);
        Assert.Equal("No CSV file is chosen. Choose a file, or use the sample file.", result.Errors.For(ExperimentForm.TableField));
    }

    [Fact]
    public void ToConfig_UnparsableTestFraction_ReportsField()
    {
        ExperimentForm form = FormWithFile();
        form.LabelColumn = "outcome";
        form.TableTestFractionText = "0,2";

        ExperimentFormResult result = form.ToConfig();

        Assert.Null(result.Config);
        Assert.StartsWith("Test fraction: '0,2' is not a number", result.Errors.For(ExperimentForm.TestFractionField), StringComparison.Ordinal);
    }

    [Fact]
    public void ToConfig_TestFractionOverHalf_Reports()
    {
        ExperimentForm form = FormWithFile();
        form.LabelColumn = "outcome";
        form.TableTestFractionText = "0.6";

        FieldErrors errors = form.ToConfig().Errors;

        Assert.Equal("The table's test fraction 0.6 is outside (0, 0.5]; enter for example 0.2.", errors.For(ExperimentForm.TestFractionField));
    }

    [Fact]
    public void ChooseOwner_None_LeavesNaturalPartition()
    {
        ExperimentForm form = FormWithFile();
        form.ChooseOwner("hospital");

        form.ChooseOwner(null);

        Assert.Null(form.OwnerColumn);
        Assert.Equal(PartitionKind.Iid, form.Partition);
        Assert.False(form.ClientsFromOwners);
    }

    [Fact]
    public void ApplyTableRules_OtherDataset_LeavesNaturalPartition()
    {
        ExperimentForm form = FormWithFile();
        form.ChooseOwner("hospital");

        form.Dataset = DatasetKind.Synthetic;
        form.ApplyTableRules();

        Assert.Equal(PartitionKind.Iid, form.Partition);
        Assert.Null(form.ToConfig().Config!.Table);
    }

    [Fact]
    public void UseTable_OtherFile_ClearsChoices()
    {
        ExperimentForm form = FormWithFile();
        form.LabelColumn = "outcome";
        form.ChooseOwner("hospital");

        form.UseTable(Upload(new string('b', TableSource.IdLength)));

        Assert.Null(form.LabelColumn);
        Assert.Null(form.OwnerColumn);
        Assert.Equal(PartitionKind.Iid, form.Partition);
    }

    [Fact]
    public void FromConfig_TableConfig_RoundTrips()
    {
        // Arrange: an experiment file that names a file and its columns, as an import or "Edit as new" brings.
        var config = new ExperimentConfig
        {
            Dataset = DatasetKind.Table,
            Partition = PartitionKind.Natural,
            Clients = 3,
            ClientFraction = 1,
            Table = new TableSource
            {
                Id = Id,
                FileName = "visits.csv",
                LabelColumn = "outcome",
                OwnerColumn = "hospital",
                FeatureColumns = ["age"],
                ColumnTypes = new Dictionary<string, string> { ["age"] = "categorical" },
                TestFraction = 0.25,
            },
        };

        // Act
        ExperimentConfig again = ExperimentForm.FromConfig(config).ToConfig().Config!;

        // Assert
        Assert.Equal(ExperimentJson.Serialize(config), ExperimentJson.Serialize(again));
    }

    private static ExperimentForm FormWithFile()
    {
        var form = ExperimentForm.FromConfig(new ExperimentConfig { Model = ModelKind.Softmax });
        form.UseTable(Upload(Id));
        return form;
    }

    private static TableUpload Upload(string id)
    {
        CsvColumnProfile Column(string name, int index, CsvColumnType type, int distinct, bool empty = false) => new()
        {
            Name = name,
            Index = index,
            InferredType = type,
            MissingCount = empty ? 4 : 0,
            DistinctCount = distinct,
            DistinctTextCount = distinct,
            NonNumericCount = 0,
            IsEmpty = empty,
        };

        return new TableUpload(
            id,
            "visits.csv",
            120,
            4,
            5,
            ',',
            [
                Column("hospital", 0, CsvColumnType.Categorical, 3),
                Column("age", 1, CsvColumnType.Numeric, 4),
                Column("ward", 2, CsvColumnType.Numeric, 2),
                Column("empty", 3, CsvColumnType.Categorical, 0, empty: true),
                Column("outcome", 4, CsvColumnType.Categorical, 2),
            ],
            []);
    }
}
