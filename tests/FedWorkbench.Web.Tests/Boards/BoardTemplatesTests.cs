using FedWorkbench.Data;
using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Training;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Tables;
using FedWorkbench.Web.Tests.EndToEnd;

namespace FedWorkbench.Web.Tests.Boards;

/// <summary>The built-in templates: they compile, validate, and lay out their frames, notes and elements cleanly.</summary>
public sealed class BoardTemplatesTests
{
    private static readonly string[] FrameTitles =
        ["Requirements", "Data", "Training", "Privacy and security", "Deployment", "Monitoring"];

    private const string DischargesKey = "hospital-discharges";

    public static TheoryData<string> Keys => new(BoardTemplates.All.Select(t => t.Key));

    /// <summary>The templates that train on Fashion-MNIST as a stand-in for the use case's data.</summary>
    public static TheoryData<string> StandInKeys => new(BoardTemplates.All.Select(t => t.Key).Where(k => k != DischargesKey));

    [Fact]
    public void Templates_HaveTheFiveKeys()
    {
        Assert.Equal(["phones", "hospitals", "banks", "factories", DischargesKey], BoardTemplates.All.Select(t => t.Key));
        Assert.Same(BoardTemplates.All[1], BoardTemplates.Find("hospitals"));
        Assert.Null(BoardTemplates.Find("ships"));
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Template_CompilesWithoutProblems(string key)
    {
        BoardTemplate template = BoardTemplates.Find(key)!;

        BoardCompilation result = BoardCompiler.Compile(template.Document.Name, template.Document.Elements);

        Assert.True(result.Problems.Count == 0, string.Join(" | ", result.Problems.Select(p => p.Message)));
        Assert.Empty(ExperimentValidator.Validate(result.Config!));
    }

    [Theory]
    [MemberData(nameof(StandInKeys))]
    public void Template_RunsQuicklyInWorkshop(string key)
    {
        // These bounds keep a workshop run short: the runs measured in docs/board.md took 2 to 12 s on two cores.
        ExperimentConfig config = Compile(key);

        Assert.InRange(config.Rounds, 1, 30);
        Assert.InRange(config.LocalEpochs, 1, 2);
        Assert.True(config.Model == ModelKind.Softmax || config.HiddenLayers.Sum() <= 400, $"Model of {key} is larger than a 2NN.");
        Assert.True(config.ClientGroups.Count >= 2, $"{key} has fewer than two client groups.");
        Assert.True(config.ClientGroups.Select(g => g with { Name = null, Count = 0 }).Distinct().Count() == config.ClientGroups.Count,
            $"Two client groups of {key} have the same settings.");
        Assert.Equal(config.ClientGroups.Sum(g => g.Count), config.Clients);
        Assert.Equal(DatasetKind.FashionMnist, config.Dataset);
        Assert.True(config.DifferentialPrivacy != DifferentialPrivacyKind.None || config.SecureAggregation, $"{key} has no privacy mechanism.");
    }

    [Theory]
    [MemberData(nameof(StandInKeys))]
    public async Task Template_RunsOneRoundOnEngine(string key)
    {
        // Needs Fashion-MNIST from the Debian package dataset-fashion-mnist, like every run of a template.
        ExperimentConfig config = Compile(key) with { Rounds = 1 };
        var simulation = new FederatedSimulation(new DatasetCatalog(), new SimulationOptions { MaxDegreeOfParallelism = 2 });
        var rounds = new List<RoundResult>();

        await foreach (RoundResult round in simulation.RunAsync(config))
        {
            rounds.Add(round);
        }

        RoundResult only = Assert.Single(rounds);
        Assert.True(only.AggregatedClients > 0, $"No update of {key} reached the aggregate: {only.GlobalModelKeptReason}");
        Assert.Equal(config.ClientGroups.Count, only.GroupAccuracy?.Count);

        // Fashion-MNIST has 10 balanced test classes, so guessing scores 0.1.
        Assert.True(only.TestAccuracy > 0.1, $"Test accuracy of {key} after one round is {only.TestAccuracy:F3}, no better than guessing.");
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Template_HasSixFramesWithPromptNotes(string key)
    {
        BoardDocument document = BoardTemplates.Find(key)!.Document;
        BoardElement[] frames = document.Elements.Where(e => e.Type == BoardElementTypes.Frame).ToArray();

        Assert.Equal(FrameTitles.Order(), frames.Select(f => Text(f)).Order());
        foreach (BoardElement frame in frames)
        {
            int notes = document.Elements.Count(e => e.Type == BoardElementTypes.Note && Inside(e, frame));
            Assert.True(notes is >= 2 and <= 4, $"Frame '{Text(frame)}' of {key} has {notes} notes.");
        }

        string dataNote = key == DischargesKey ? "Sample CSV: 2,400 synthetic stays" : "Data stand-in: Fashion-MNIST";
        Assert.Contains(document.Elements, e => e.Type == BoardElementTypes.Note && Text(e).StartsWith(dataNote, StringComparison.Ordinal));
    }

    [Fact]
    public void DischargesTemplate_NamesTheSampleFile()
    {
        byte[] sample = File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "wwwroot", "samples", "hospital-discharges.csv"));

        ExperimentConfig config = Compile(DischargesKey);

        Assert.Equal(TableSourceLoader.ComputeId(sample), config.Table!.Id);
        Assert.Equal(Path.GetFileName(TableUploads.SamplePath), config.Table.FileName);
        Assert.Equal(DatasetKind.Table, config.Dataset);
        Assert.Equal(PartitionKind.Natural, config.Partition);
        Assert.Empty(config.ClientGroups);
        Assert.True(config.SecureAggregation);
        Assert.InRange(config.Rounds, 1, 30);
    }

    [Fact]
    public async Task DischargesTemplate_RunsOneRoundOnSample()
    {
        byte[] sample = File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "wwwroot", "samples", "hospital-discharges.csv"));
        ExperimentConfig config = Compile(DischargesKey) with { Rounds = 1 };
        var catalog = new DatasetCatalog(tableLoader: (table, seed) => TableSourceLoader.Load(sample, table, seed).Dataset);
        var simulation = new FederatedSimulation(catalog, new SimulationOptions { MaxDegreeOfParallelism = 2 });
        var rounds = new List<RoundResult>();

        await foreach (RoundResult round in simulation.RunAsync(config))
        {
            rounds.Add(round);
        }

        // The sample has five hospitals, and C = 1 takes each of them in the round.
        RoundResult only = Assert.Single(rounds);
        Assert.Equal(5, config.Clients);
        Assert.Equal(5, only.AggregatedClients);
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Template_PlacesEveryElementInsideOneFrame(string key)
    {
        BoardDocument document = BoardTemplates.Find(key)!.Document;
        BoardElement[] frames = document.Elements.Where(e => e.Type == BoardElementTypes.Frame).ToArray();

        foreach (BoardElement element in document.Elements.Where(e => e.Type is not (BoardElementTypes.Frame or BoardElementTypes.Connector)))
        {
            int containing = frames.Count(frame => Inside(element, frame));
            Assert.True(containing == 1, $"Element {element.Id} of {key} lies inside {containing} frames.");
        }
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Template_HasNoOverlaps(string key)
    {
        BoardDocument document = BoardTemplates.Find(key)!.Document;
        BoardElement[] frames = document.Elements.Where(e => e.Type == BoardElementTypes.Frame).ToArray();
        BoardElement[] boxes = document.Elements.Where(e => e.Type is not (BoardElementTypes.Frame or BoardElementTypes.Connector)).ToArray();

        AssertDisjoint(key, frames);
        AssertDisjoint(key, boxes);
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Template_PassesSchema(string key)
    {
        BoardDocument document = BoardTemplates.Find(key)!.Document;
        HashSet<string> ids = document.Elements.Select(e => e.Id).ToHashSet();

        Assert.Equal(document.Elements.Count, ids.Count);
        Assert.Equal(BoardDocument.FormatName, document.Format);
        Assert.Equal(BoardDocument.CurrentFormatVersion, document.FormatVersion);
        Assert.InRange(document.Name.Length, 1, BoardLimits.MaxNameLength);
        foreach (BoardElement element in document.Elements)
        {
            Assert.True(BoardLimits.IsValidId(element.Id), $"Id {element.Id} is invalid.");
            BoardElementDefinition definition = BoardSchema.Find(element.Type)!;
            Assert.Equal(definition.Properties.Select(p => p.Name).Order(), element.Props.Keys.Order());
            foreach (BoardPropertyDefinition property in definition.Properties)
            {
                string? message = BoardSchema.Check(property, element.Props[property.Name]);
                Assert.True(message is null, $"{element.Id}.{property.Name}: {message}");
            }

            if (element.Type == BoardElementTypes.Connector)
            {
                Assert.Contains(element.Props["from"].GetString()!, ids);
                Assert.Contains(element.Props["to"].GetString()!, ids);
            }
        }
    }

    private static ExperimentConfig Compile(string key)
    {
        BoardDocument document = BoardTemplates.Find(key)!.Document;
        return BoardCompiler.Compile(document.Name, document.Elements).Config!;
    }

    private static void AssertDisjoint(string key, IReadOnlyList<BoardElement> elements)
    {
        for (int i = 0; i < elements.Count; i++)
        {
            for (int j = i + 1; j < elements.Count; j++)
            {
                Assert.False(Overlap(elements[i], elements[j]), $"{elements[i].Id} and {elements[j].Id} of {key} overlap.");
            }
        }
    }

    private static bool Overlap(BoardElement a, BoardElement b) =>
        Number(a, "x") < Number(b, "x") + Number(b, "w") && Number(b, "x") < Number(a, "x") + Number(a, "w")
        && Number(a, "y") < Number(b, "y") + Number(b, "h") && Number(b, "y") < Number(a, "y") + Number(a, "h");

    private static bool Inside(BoardElement element, BoardElement frame) =>
        Number(element, "x") >= Number(frame, "x") && Number(element, "y") >= Number(frame, "y")
        && Number(element, "x") + Number(element, "w") <= Number(frame, "x") + Number(frame, "w")
        && Number(element, "y") + Number(element, "h") <= Number(frame, "y") + Number(frame, "h");

    private static double Number(BoardElement element, string name) => element.Props[name].GetDouble();

    private static string Text(BoardElement element) => element.Props["text"].GetString()!;
}
