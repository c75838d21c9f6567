using System.Text.Json;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Boards;

namespace FedWorkbench.Web.Tests.Boards;

/// <summary>The built-in templates: they compile, validate, and lay out their frames, notes and elements cleanly.</summary>
public sealed class BoardTemplatesTests
{
    private static readonly string[] FrameTitles =
        ["Requirements", "Data", "Training", "Privacy and security", "Deployment", "Monitoring"];

    public static TheoryData<string> Keys => new(BoardTemplates.All.Select(t => t.Key));

    [Fact]
    public void Templates_HaveTheFourKeys()
    {
        Assert.Equal(["phones", "hospitals", "banks", "factories"], BoardTemplates.All.Select(t => t.Key));
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
    [MemberData(nameof(Keys))]
    public void Template_RunsQuicklyInWorkshop(string key)
    {
        // These bounds keep a workshop run to about a minute or two on two cores.
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

        Assert.Contains(document.Elements, e => e.Type == BoardElementTypes.Note && Text(e).StartsWith("Data stand-in: Fashion-MNIST", StringComparison.Ordinal));
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
