using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Simulation.Tests.Configuration;

/// <summary>The validator's checks of an experiment's CSV table, including values a file may write as null.</summary>
public sealed class TableValidationTests
{
    private static readonly TableSource Valid = new()
    {
        Id = new string('a', TableSource.IdLength),
        FileName = "sites.csv",
        LabelColumn = "class",
        OwnerColumn = "site",
    };

    private static IReadOnlyList<ValidationError> Validate(TableSource table) =>
        ExperimentValidator.Validate(new ExperimentConfig { Dataset = DatasetKind.Table, Table = table, Clients = 3 });

    [Fact]
    public void Validate_ValidTable_NoError()
    {
        Assert.Empty(Validate(Valid));
    }

    public static TheoryData<string, TableSource, string, string> InvalidTables() => new()
    {
        // case, table, field, message part
        { "short id", Valid with { Id = "abc" }, "Table.Id", "The table id 'abc' is invalid" },
        { "upper-case id", Valid with { Id = new string('A', TableSource.IdLength) }, "Table.Id", "64 lowercase hexadecimal digits" },
        { "null id", Valid with { Id = null! }, "Table.Id", "The table id 'null' is invalid" },
        { "null label", Valid with { LabelColumn = null! }, "Table.LabelColumn", "The label column is empty; choose a column of the file." },
        { "owner is label", Valid with { OwnerColumn = " CLASS " }, "Table.OwnerColumn", "is also the label column" },
        { "blank file name", Valid with { FileName = " " }, "Table.FileName", "The file name is empty; leave it out or give the uploaded file's name." },
        { "hidden file name", Valid with { FileName = "a\u202Evsc.csv" }, "Table.FileName", "invisible character U+202E at position 2" },
        { "long label", Valid with { LabelColumn = new string('c', 201) }, "Table.LabelColumn", "is 201 characters long; the limit is 200" },
        { "feature twice", Valid with { FeatureColumns = ["age", "AGE"] }, "Table.FeatureColumns", "The feature column 'AGE' is listed twice" },
        { "null feature", Valid with { FeatureColumns = ["age", null!] }, "Table.FeatureColumns", "The feature column is empty" },
        { "no feature", Valid with { FeatureColumns = [] }, "Table.FeatureColumns", "0 feature columns are listed" },
        { "null type", Valid with { ColumnTypes = new Dictionary<string, string> { ["age"] = null! } }, "Table.ColumnTypes", "The type 'null' of column 'age' is unknown" },
        { "unknown type", Valid with { ColumnTypes = new Dictionary<string, string> { ["age"] = "date" } }, "Table.ColumnTypes", "choose numeric or categorical" },
        { "test fraction zero", Valid with { TestFraction = 0 }, "Table.TestFraction", "The table's test fraction 0 is outside (0, 0.5]" },
        { "test fraction NaN", Valid with { TestFraction = double.NaN }, "Table.TestFraction", "is outside (0, 0.5]" },
    };

    [Theory]
    [MemberData(nameof(InvalidTables))]
    public void Validate_InvalidTable_NamesField(string name, TableSource table, string field, string messagePart)
    {
        IReadOnlyList<ValidationError> errors = Validate(table);

        ValidationError error = Assert.Single(errors);
        Assert.True(error.Field == field, $"{name}: field {error.Field}");
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TypeGivenTwice_InAnyCase()
    {
        var types = new Dictionary<string, string> { ["age"] = "numeric", ["AGE"] = "categorical" };

        ValidationError error = Assert.Single(Validate(Valid with { ColumnTypes = types }));

        Assert.Equal("Table.ColumnTypes", error.Field);
        Assert.Contains("The column 'AGE' has two types", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NaturalWithoutOwner_AsksForOwnerColumn()
    {
        var config = new ExperimentConfig
        {
            Dataset = DatasetKind.Table,
            Table = Valid with { OwnerColumn = null },
            Partition = PartitionKind.Natural,
            Clients = 3,
        };

        ValidationError error = Assert.Single(ExperimentValidator.Validate(config));

        Assert.Equal(nameof(ExperimentConfig.Partition), error.Field);
        Assert.Contains("choose the column that names each row's owner", error.Message, StringComparison.Ordinal);
    }
}
