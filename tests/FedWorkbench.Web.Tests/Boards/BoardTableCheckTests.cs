using System.Text.Json;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Tables;
using FedWorkbench.Web.Tests.Integration;
using Microsoft.Extensions.DependencyInjection;

namespace FedWorkbench.Web.Tests.Boards;

/// <summary>The board's check of a CSV table against the stored file, on a real SQLite store with the sample file.</summary>
public sealed class BoardTableCheckTests
{
    private static readonly BoardElement DataSource = Element(BoardElementTypes.DataSource, "d1", "Discharges");
    private static readonly BoardElement Group = Element(BoardElementTypes.ClientGroup, "g1", "Hospitals");

    [Fact]
    public async Task CheckAsync_SampleWithFiveClients_NoProblem()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        (BoardTableCheck check, string sampleId) = await StartAsync(factory);

        IReadOnlyList<BoardProblem> problems = await check.CheckAsync(Natural(sampleId, clients: 5), [DataSource, Group]);

        Assert.Empty(problems);
    }

    [Fact]
    public async Task CheckAsync_WrongOwnerCount_OnGroupCount()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        (BoardTableCheck check, string sampleId) = await StartAsync(factory);

        BoardProblem problem = Assert.Single(await check.CheckAsync(Natural(sampleId, clients: 4), [DataSource, Group]));

        Assert.Equal(["g1"], problem.ElementIds);
        Assert.Equal("count", problem.Property);
        Assert.Equal(
            "Client group 'Hospitals': column 'hospital' of hospital-discharges.csv names 5 owners, so the natural partition needs 5 clients, one per owner, not 4; set the count to 5.",
            problem.Message);
    }

    [Fact]
    public async Task CheckAsync_ColumnNotInFile_ListsColumns()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        (BoardTableCheck check, string sampleId) = await StartAsync(factory);
        ExperimentConfig config = Natural(sampleId, clients: 5);
        config = config with { Table = config.Table! with { LabelColumn = "fraud", FeatureColumns = ["AGE", "amount"] } };

        IReadOnlyList<BoardProblem> problems = await check.CheckAsync(config, [DataSource, Group]);

        // Column names ignore case, as in the featurizer, so only "fraud" and "amount" are missing.
        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Equal(("d1", "table"), (p.ElementIds.Single(), p.Property)));
        Assert.StartsWith(
            "Data source 'Discharges': the label column 'fraud' is not in hospital-discharges.csv, whose columns are 'hospital', 'age', 'sex',",
            problems[0].Message, StringComparison.Ordinal);
        Assert.EndsWith("'discharge_outcome'. Choose the label column again.", problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("the feature column 'amount' is not in", problems[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_FileNotStored_OnTable()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        (BoardTableCheck check, _) = await StartAsync(factory);
        ExperimentConfig config = Natural(new string('0', TableSource.IdLength), clients: 5);

        BoardProblem problem = Assert.Single(await check.CheckAsync(config, [DataSource, Group]));

        Assert.Equal("table", problem.Property);
        Assert.Equal(
            "Data source 'Discharges': The file hospital-discharges.csv is not stored on this instance, perhaps because newer uploads needed its room. Upload it again.",
            problem.Message);
    }

    [Fact]
    public async Task CheckAsync_BuiltInDataset_NoLookup()
    {
        using var folder = new TestDataFolder();
        await using var factory = new FedWorkbenchFactory(folder.Path);
        (BoardTableCheck check, _) = await StartAsync(factory);

        Assert.Empty(await check.CheckAsync(new ExperimentConfig(), [DataSource, Group]));
    }

    private static async Task<(BoardTableCheck Check, string SampleId)> StartAsync(FedWorkbenchFactory factory)
    {
        // Starting the server migrates the database.
        _ = factory.Server;
        TableUpload sample = await factory.Services.GetRequiredService<TableUploads>().StoreSampleAsync();
        return (factory.Services.GetRequiredService<BoardTableCheck>(), sample.Id);
    }

    private static ExperimentConfig Natural(string id, int clients) => new()
    {
        Dataset = DatasetKind.Table,
        Table = new TableSource { Id = id, FileName = "hospital-discharges.csv", LabelColumn = "discharge_outcome", OwnerColumn = "hospital" },
        Partition = PartitionKind.Natural,
        Clients = clients,
    };

    private static BoardElement Element(string type, string id, string text)
    {
        var props = new Dictionary<string, JsonElement>(BoardSchema.DefaultProperties(type)) { ["text"] = JsonSerializer.SerializeToElement(text) };
        return new BoardElement(id, type, props);
    }
}
