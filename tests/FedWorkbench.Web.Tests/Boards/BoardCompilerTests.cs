using System.Text.Json;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Boards;

namespace FedWorkbench.Web.Tests.Boards;

/// <summary>The compile rules of "Simulate", each on a small hand-made board.</summary>
public sealed class BoardCompilerTests
{
    [Fact]
    public void NoServer_ReportsBoardProblem()
    {
        BoardCompilation result = BoardCompiler.Compile("Board", [Group("g1", "Hospitals")]);

        Assert.Null(result.Config);
        BoardProblem problem = Assert.Single(result.Problems, p => p.Message.Contains("no server", StringComparison.Ordinal));
        Assert.Empty(problem.ElementIds);
        Assert.Null(problem.Property);
    }

    [Fact]
    public void TwoServers_ReportsBothIds()
    {
        BoardCompilation result = BoardCompiler.Compile("Board",
        [
            Server("s1", "North"), Server("s2", "South"), Group("g1", "Phones"), Connector("c1", "g1", "s1"),
        ]);

        Assert.Null(result.Config);
        BoardProblem problem = Assert.Single(result.Problems);
        Assert.Equal(["s1", "s2"], problem.ElementIds);
        Assert.Contains("Server 'North'", problem.Message, StringComparison.Ordinal);
        Assert.Contains("Server 'South'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoGroup_ReportsBoardProblem()
    {
        BoardCompilation result = BoardCompiler.Compile("Board", [Server("s1", "Server")]);

        Assert.Null(result.Config);
        BoardProblem problem = Assert.Single(result.Problems);
        Assert.Empty(problem.ElementIds);
        Assert.Contains("no client group", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnconnectedGroup_ReportsThatGroup()
    {
        BoardCompilation result = BoardCompiler.Compile("Board",
        [
            Server("s1", "Server"), Group("g1", "Phones", Half()), Group("g2", "Hospitals", Half()), Connector("c1", "g1", "s1"),
        ]);

        Assert.Null(result.Config);
        BoardProblem problem = Assert.Single(result.Problems);
        Assert.Equal(["g2"], problem.ElementIds);
        Assert.Equal(
            "Client group 'Hospitals' is not connected to the server. Draw a connector from it to the server.",
            problem.Message);
    }

    [Fact]
    public void GroupThroughPrivacyElement_CountsAsConnected()
    {
        BoardCompilation result = BoardCompiler.Compile("Board",
        [
            Server("s1", "Server"),
            Group("g1", "Phones"),
            SecureAggregation("sa", "Masking"),
            Connector("c1", "g1", "sa"),
            Connector("c2", "s1", "sa"),
        ]);

        Assert.Empty(result.Problems);
        Assert.NotNull(result.Config);
        Assert.True(result.Config.SecureAggregation);
    }

    [Fact]
    public void PathThroughNote_DoesNotConnect()
    {
        BoardCompilation result = BoardCompiler.Compile("Board",
        [
            Server("s1", "Server"),
            Group("g1", "Phones"),
            Element(BoardElementTypes.Note, "n1", new() { ["text"] = "Relay" }),
            Connector("c1", "g1", "n1"),
            Connector("c2", "n1", "s1"),
        ]);

        BoardProblem problem = Assert.Single(result.Problems);
        Assert.Equal(["g1"], problem.ElementIds);
    }

    [Fact]
    public void ConnectorToMissingElement_IsIgnored()
    {
        BoardCompilation result = BoardCompiler.Compile("Board",
        [
            Server("s1", "Server"), Group("g1", "Phones"), Connector("c1", "g1", "s1"), Connector("c2", "g1", "gone"),
        ]);

        Assert.Empty(result.Problems);
        Assert.NotNull(result.Config);
    }

    [Fact]
    public void UnconnectedPrivacyElement_ReportsIt()
    {
        BoardCompilation result = BoardCompiler.Compile("Board",
        [
            Server("s1", "Server"), Group("g1", "Phones"), Connector("c1", "g1", "s1"), DifferentialPrivacy("dp", "Noise", "client"),
        ]);

        Assert.Null(result.Config);
        BoardProblem problem = Assert.Single(result.Problems);
        Assert.Equal(["dp"], problem.ElementIds);
        Assert.StartsWith("Privacy mechanism 'Noise' is not connected to the server", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoDataSources_ReportsBoth()
    {
        BoardCompilation result = BoardCompiler.Compile("Board",
        [
            .. Minimal(),
            Element(BoardElementTypes.DataSource, "d1", new() { ["text"] = "Images" }),
            Element(BoardElementTypes.DataSource, "d2", new() { ["text"] = "Text" }),
        ]);

        BoardProblem problem = Assert.Single(result.Problems);
        Assert.Equal(["d1", "d2"], problem.ElementIds);
    }

    [Fact]
    public void TwoDifferentialPrivacyElements_ReportsBoth()
    {
        BoardCompilation result = BoardCompiler.Compile("Board",
        [
            .. Minimal(),
            DifferentialPrivacy("dp1", "A", "client"), DifferentialPrivacy("dp2", "B", "client"),
            Connector("c2", "dp1", "s1"), Connector("c3", "dp2", "s1"),
        ]);

        BoardProblem problem = Assert.Single(result.Problems);
        Assert.Equal(["dp1", "dp2"], problem.ElementIds);
    }

    [Fact]
    public void InvalidServerSetting_MapsToServerProperty()
    {
        BoardCompilation result = BoardCompiler.Compile("Board",
        [
            Server("s1", "Aggregator", new() { ["learningRate"] = 20.0 }), Group("g1", "Phones"), Connector("c1", "g1", "s1"),
        ]);

        Assert.Null(result.Config);
        BoardProblem problem = Assert.Single(result.Problems);
        Assert.Equal(["s1"], problem.ElementIds);
        Assert.Equal("learningRate", problem.Property);
        Assert.StartsWith("Server 'Aggregator': Learning rate 20", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidPrivacySetting_MapsToPrivacyElement()
    {
        BoardCompilation result = BoardCompiler.Compile("Board",
        [
            .. Minimal(),
            DifferentialPrivacy("dp", "Noise", "central", new() { ["clipNorm"] = 0.0 }),
            Connector("c2", "dp", "s1"),
        ]);

        BoardProblem problem = Assert.Single(result.Problems);
        Assert.Equal(["dp"], problem.ElementIds);
        Assert.Equal("clipNorm", problem.Property);
    }

    [Fact]
    public void InvalidModelSetting_MapsToModelElement()
    {
        BoardCompilation result = BoardCompiler.Compile("Board",
        [
            .. Minimal(),
            Element(BoardElementTypes.Model, "m1", new() { ["text"] = "Net", ["hiddenLayers"] = new[] { 5000 } }),
        ]);

        BoardProblem problem = Assert.Single(result.Problems);
        Assert.Equal(["m1"], problem.ElementIds);
        Assert.Equal("hiddenLayers", problem.Property);
    }

    [Fact]
    public void ValueFailingSchema_MapsToElementAndProperty()
    {
        // The hub rejects such values, but a compiler reading stored rows must not trust them.
        BoardCompilation result = BoardCompiler.Compile("Board",
        [
            Server("s1", "Server", new() { ["strategy"] = "fastest" }), Group("g1", "Phones"), Connector("c1", "g1", "s1"),
        ]);

        BoardProblem problem = Assert.Single(result.Problems);
        Assert.Equal(["s1"], problem.ElementIds);
        Assert.Equal("strategy", problem.Property);
        Assert.Contains("\"fastest\"", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TooManyClients_MapsToEveryGroupCount()
    {
        BoardCompilation result = BoardCompiler.Compile("Board",
        [
            Server("s1", "Server"),
            Group("g1", "A", new() { ["count"] = 6_000, ["dataShare"] = 0.5 }),
            Group("g2", "B", new() { ["count"] = 6_000, ["dataShare"] = 0.5 }),
            Connector("c1", "g1", "s1"),
            Connector("c2", "g2", "s1"),
        ]);

        BoardProblem problem = Assert.Single(result.Problems);
        Assert.Equal(["g1", "g2"], problem.ElementIds);
        Assert.Equal("count", problem.Property);
    }

    [Fact]
    public void TwoGroups_BecomeClientGroups()
    {
        BoardCompilation result = BoardCompiler.Compile("  Two   groups ",
        [
            Server("s1", "Server", new() { ["rounds"] = 5, ["clientFraction"] = 0.5 }),
            Group("g1", "Phones\non Wi-Fi", new() { ["count"] = 12, ["dataShare"] = 0.3, ["partition"] = "dirichlet", ["dirichletAlpha"] = 0.2 }),
            Group("g2", "Tablets", new() { ["count"] = 8, ["dataShare"] = 0.2, ["partition"] = "feature-noise", ["featureNoiseSigma"] = 0.4, ["dropout"] = 0.25 }),
            Connector("c1", "g1", "s1"),
            Connector("c2", "s1", "g2"),
        ]);

        Assert.Empty(result.Problems);
        ExperimentConfig config = result.Config!;
        Assert.Equal("Two groups", config.Name);
        Assert.Equal(5, config.Rounds);
        Assert.Equal(0.5, config.ClientFraction);
        Assert.Equal(12 + 8, config.Clients);
        Assert.Equal(2, config.ClientGroups.Count);

        ClientGroupConfig first = config.ClientGroups[0];
        Assert.Equal("Phones on Wi-Fi", first.Name);
        Assert.Equal(12, first.Count);
        Assert.Equal(0.3, first.DataShare);
        Assert.Equal(PartitionKind.Dirichlet, first.Partition);
        Assert.Equal(0.2, first.DirichletAlpha);

        ClientGroupConfig second = config.ClientGroups[1];
        Assert.Equal("Tablets", second.Name);
        Assert.Equal(8, second.Count);
        Assert.Equal(0.2, second.DataShare);
        Assert.Equal(PartitionKind.FeatureNoise, second.Partition);
        Assert.Equal(0.4, second.FeatureNoiseSigma);
        Assert.Equal(0.25, second.Dropout);
    }

    [Fact]
    public void PrivacyElements_SetPrivacyFields()
    {
        BoardCompilation result = BoardCompiler.Compile("Board",
        [
            .. Minimal(),
            DifferentialPrivacy("dp", "Noise", "client", new() { ["clipNorm"] = 0.5, ["noiseMultiplier"] = 1.2, ["delta"] = 1e-6, ["secureAggregationThreshold"] = 0.9 }),
            SecureAggregation("sa", "Masking", new() { ["secureAggregationThreshold"] = 0.7, ["clipNorm"] = 3.0 }),
            Connector("c2", "dp", "s1"),
            Connector("c3", "sa", "s1"),
        ]);

        Assert.Empty(result.Problems);
        ExperimentConfig config = result.Config!;
        Assert.Equal(DifferentialPrivacyKind.Client, config.DifferentialPrivacy);
        Assert.Equal(0.5, config.ClipNorm);
        Assert.Equal(1.2, config.NoiseMultiplier);
        Assert.Equal(1e-6, config.Delta);
        Assert.True(config.SecureAggregation);

        // Each element contributes only its own mechanism's settings.
        Assert.Equal(0.7, config.SecureAggregationThreshold);
    }

    [Fact]
    public void NoPrivacyElement_LeavesPrivacyOff()
    {
        ExperimentConfig config = BoardCompiler.Compile("Board", Minimal()).Config!;

        Assert.Equal(DifferentialPrivacyKind.None, config.DifferentialPrivacy);
        Assert.False(config.SecureAggregation);
    }

    [Fact]
    public void MissingDataSourceAndModel_TakeDefaults()
    {
        ExperimentConfig config = BoardCompiler.Compile("Board", Minimal()).Config!;

        Assert.Equal(DatasetKind.FashionMnist, config.Dataset);
        Assert.Equal(ModelKind.Mlp, config.Model);
        Assert.Equal([200, 200], config.HiddenLayers);
    }

    [Fact]
    public void DataSourceAndModel_SetDatasetAndModel()
    {
        BoardCompilation result = BoardCompiler.Compile("Board",
        [
            .. Minimal(),
            Element(BoardElementTypes.DataSource, "d1", new() { ["dataset"] = "synthetic", ["syntheticAlpha"] = 0.5 }),
            Element(BoardElementTypes.Model, "m1", new() { ["model"] = "softmax", ["hiddenLayers"] = Array.Empty<int>() }),
        ]);

        Assert.Empty(result.Problems);
        Assert.Equal(DatasetKind.Synthetic, result.Config!.Dataset);
        Assert.Equal(0.5, result.Config.SyntheticAlpha);
        Assert.Equal(ModelKind.Softmax, result.Config.Model);
    }

    [Fact]
    public void NotesTextAndFrames_DoNotChangeConfig()
    {
        ExperimentConfig plain = BoardCompiler.Compile("Board", Minimal()).Config!;

        BoardCompilation decorated = BoardCompiler.Compile("Board",
        [
            Element(BoardElementTypes.Frame, "f1", new() { ["text"] = "Training" }),
            .. Minimal(),
            Element(BoardElementTypes.Note, "n1", new() { ["text"] = "How many rounds?" }),
            Element(BoardElementTypes.Text, "t1", new() { ["text"] = "rounds: 1" }),
            Connector("c9", "n1", "s1"),
        ]);

        Assert.Empty(decorated.Problems);
        Assert.Equal(ExperimentJson.Serialize(plain), ExperimentJson.Serialize(decorated.Config!));
    }

    [Fact]
    public void LongBoardName_IsCutToLimit()
    {
        string name = new('b', BoardLimits.MaxNameLength + 20);

        ExperimentConfig config = BoardCompiler.Compile(name, Minimal()).Config!;

        Assert.Equal(ExperimentLimits.MaxNameLength, config.Name!.Length);
    }

    [Fact]
    public void IntegerWrittenAsDecimal_IsAccepted()
    {
        BoardCompilation result = BoardCompiler.Compile("Board",
        [
            Server("s1", "Server", new() { ["rounds"] = JsonDocument.Parse("7.0").RootElement }), Group("g1", "Phones"), Connector("c1", "g1", "s1"),
        ]);

        Assert.Empty(result.Problems);
        Assert.Equal(7, result.Config!.Rounds);
    }

    [Fact]
    public void GroupFieldErrors_MapToThatGroup()
    {
        // The validator names a group setting ClientGroups[i].Field and starts its message with the group's number.
        BoardElement[] elements = [Server("s1", "Server"), Group("g1", "A"), Group("g2", "B")];

        BoardProblem problem = BoardCompiler.MapValidationError(
            new ValidationError("ClientGroups[1].DirichletAlpha", "Client group 2 (B): Dirichlet α 0 is outside [0.01, 1000]."), elements);

        Assert.Equal(["g2"], problem.ElementIds);
        Assert.Equal("dirichletAlpha", problem.Property);
        Assert.Equal("Client group 'B': Dirichlet α 0 is outside [0.01, 1000].", problem.Message);
    }

    [Fact]
    public void InvalidGroupSetting_MapsToGroupProperty()
    {
        BoardCompilation result = BoardCompiler.Compile("Board",
        [
            Server("s1", "Server"),
            Group("g1", "Phones", Half()),
            Group("g2", "Tablets", new() { ["dataShare"] = 0.5, ["partition"] = "dirichlet", ["dirichletAlpha"] = 0.001 }),
            Connector("c1", "g1", "s1"),
            Connector("c2", "g2", "s1"),
        ]);

        Assert.Null(result.Config);
        BoardProblem problem = Assert.Single(result.Problems, p => p.Property == "dirichletAlpha");
        Assert.Equal(["g2"], problem.ElementIds);
        Assert.StartsWith("Client group 'Tablets': Dirichlet α 0.001 is outside", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DataSharesAboveOne_MapToEveryGroup()
    {
        BoardCompilation result = BoardCompiler.Compile("Board",
        [
            Server("s1", "Server"),
            Group("g1", "Phones", new() { ["dataShare"] = 0.75 }),
            Group("g2", "Tablets", new() { ["dataShare"] = 0.5 }),
            Connector("c1", "g1", "s1"),
            Connector("c2", "g2", "s1"),
        ]);

        Assert.Null(result.Config);
        BoardProblem problem = Assert.Single(result.Problems);
        Assert.Equal(["g1", "g2"], problem.ElementIds);
        Assert.Contains("add up to 1.25", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GroupsFieldError_MapsToEveryGroup()
    {
        BoardElement[] elements = [Server("s1", "Server"), Group("g1", "A"), Group("g2", "B")];

        BoardProblem problem = BoardCompiler.MapValidationError(
            new ValidationError("ClientGroups", "The data shares add up to 1.2, more than 1."), elements);

        Assert.Equal(["g1", "g2"], problem.ElementIds);
        Assert.Null(problem.Property);
    }

    [Fact]
    public void DatasetError_WithoutDataSource_MapsToServer()
    {
        BoardElement[] elements = [Server("s1", "Server"), Group("g1", "A")];

        BoardProblem problem = BoardCompiler.MapValidationError(new ValidationError("Dataset", "Dataset 7 is unknown."), elements);

        Assert.Equal(["s1"], problem.ElementIds);
        Assert.Null(problem.Property);
    }

    [Fact]
    public void NaturalGroup_OneClientPerOwner()
    {
        BoardCompilation result = BoardCompiler.Compile("Board",
        [
            Server("s1", "Server"),
            Group("g1", "Hospitals", new() { ["count"] = 5, ["partition"] = "natural", ["dropout"] = 0.1 }),
            Connector("c1", "g1", "s1"),
            TableDataSource("d1", SampleTable()),
        ]);

        Assert.True(result.Problems.Count == 0, string.Join(" | ", result.Problems.Select(p => p.Message)));
        ExperimentConfig config = result.Config!;
        Assert.Equal(DatasetKind.Table, config.Dataset);
        Assert.Equal(PartitionKind.Natural, config.Partition);
        Assert.Equal(5, config.Clients);
        Assert.Empty(config.ClientGroups);
        Assert.Equal(0.1, config.Dropout);
        Assert.Equal("discharge_outcome", config.Table!.LabelColumn);
        Assert.Equal("hospital", config.Table.OwnerColumn);
        Assert.Equal(new string('a', TableSource.IdLength), config.Table.Id);
    }

    [Fact]
    public void NaturalGroup_BesideOtherGroup_Problem()
    {
        BoardCompilation result = BoardCompiler.Compile("Board",
        [
            Server("s1", "Server"),
            Group("g1", "Hospitals", new() { ["count"] = 5, ["partition"] = "natural", ["dataShare"] = 0.5 }),
            Group("g2", "Clinics", Half()),
            Connector("c1", "g1", "s1"),
            Connector("c2", "g2", "s1"),
            TableDataSource("d1", SampleTable()),
        ]);

        BoardProblem problem = Assert.Single(result.Problems);
        Assert.Equal(["g1"], problem.ElementIds);
        Assert.Equal("partition", problem.Property);
        Assert.Contains("must be the board's only client group", problem.Message);
    }

    [Fact]
    public void NaturalGroup_DataShareBelowOne_Problem()
    {
        BoardCompilation result = BoardCompiler.Compile("Board",
        [
            Server("s1", "Server"),
            Group("g1", "Hospitals", new() { ["count"] = 5, ["partition"] = "natural", ["dataShare"] = 0.5 }),
            Connector("c1", "g1", "s1"),
            TableDataSource("d1", SampleTable()),
        ]);

        BoardProblem problem = Assert.Single(result.Problems);
        Assert.Equal(("g1", "dataShare"), (problem.ElementIds.Single(), problem.Property));
        Assert.Contains("the data share must be 1, not 0.5", problem.Message);
    }

    [Fact]
    public void TableDataset_WithoutFile_AsksForOne()
    {
        BoardCompilation result = BoardCompiler.Compile("Board",
            [.. Minimal(), Element(BoardElementTypes.DataSource, "d1", new() { ["dataset"] = "table" })]);

        BoardProblem problem = Assert.Single(result.Problems);
        Assert.Equal(("d1", "table"), (problem.ElementIds.Single(), problem.Property));
        Assert.Contains("none is chosen. Choose a CSV file or the sample file", problem.Message);
    }

    [Fact]
    public void TableError_MapsToDataSourceTable()
    {
        Dictionary<string, object?> table = SampleTable();
        table["labelColumn"] = "";

        BoardCompilation result = BoardCompiler.Compile("Board", [.. Minimal(), TableDataSource("d1", table)]);

        BoardProblem problem = Assert.Single(result.Problems);
        Assert.Equal(("d1", "table"), (problem.ElementIds.Single(), problem.Property));
        Assert.Contains("The label column is empty", problem.Message);
    }

    [Fact]
    public void TableOfAnotherDataset_IsLeftOut()
    {
        BoardElement dataSource = TableDataSource("d1", SampleTable());
        var props = new Dictionary<string, JsonElement>(dataSource.Props) { ["dataset"] = JsonSerializer.SerializeToElement("fashion-mnist") };

        BoardCompilation result = BoardCompiler.Compile("Board", [.. Minimal(), dataSource with { Props = props }]);

        Assert.Empty(result.Problems);
        Assert.Equal(DatasetKind.FashionMnist, result.Config!.Dataset);
        Assert.Null(result.Config.Table);
    }

    [Fact]
    public void NaturalGroup_OnFashionMnist_ReportsNoOwners()
    {
        BoardCompilation result = BoardCompiler.Compile("Board",
            [Server("s1", "Server"), Group("g1", "Hospitals", new() { ["partition"] = "natural" }), Connector("c1", "g1", "s1")]);

        BoardProblem problem = Assert.Single(result.Problems);
        Assert.Equal(("g1", "partition"), (problem.ElementIds.Single(), problem.Property));
        Assert.Contains("names no owners", problem.Message);
    }

    /// <summary>A table as a data source names it: a made-up file id, the sample's label and owner columns.</summary>
    private static Dictionary<string, object?> SampleTable() => new()
    {
        ["id"] = new string('a', TableSource.IdLength),
        ["fileName"] = "hospital-discharges.csv",
        ["labelColumn"] = "discharge_outcome",
        ["ownerColumn"] = "hospital",
    };

    private static BoardElement TableDataSource(string id, Dictionary<string, object?> table) =>
        Element(BoardElementTypes.DataSource, id, new() { ["dataset"] = "table", ["table"] = JsonSerializer.SerializeToElement(table) });

    /// <summary>Settings of a group with half the training set, so that two such groups use it all.</summary>
    private static Dictionary<string, object> Half() => new() { ["dataShare"] = 0.5 };

    private static BoardElement[] Minimal() => [Server("s1", "Server"), Group("g1", "Phones"), Connector("c1", "g1", "s1")];

    private static BoardElement Server(string id, string text, Dictionary<string, object>? settings = null) =>
        Element(BoardElementTypes.Server, id, With(settings, text));

    private static BoardElement Group(string id, string text, Dictionary<string, object>? settings = null) =>
        Element(BoardElementTypes.ClientGroup, id, With(settings, text));

    private static BoardElement DifferentialPrivacy(string id, string text, string kind, Dictionary<string, object>? settings = null)
    {
        Dictionary<string, object> values = With(settings, text);
        values["mechanism"] = BoardSchema.DifferentialPrivacyMechanism;
        values["differentialPrivacy"] = kind;
        return Element(BoardElementTypes.Privacy, id, values);
    }

    private static BoardElement SecureAggregation(string id, string text, Dictionary<string, object>? settings = null)
    {
        Dictionary<string, object> values = With(settings, text);
        values["mechanism"] = BoardSchema.SecureAggregationMechanism;
        return Element(BoardElementTypes.Privacy, id, values);
    }

    private static Dictionary<string, object> With(Dictionary<string, object>? settings, string text)
    {
        Dictionary<string, object> values = settings is null ? [] : new(settings);
        values["text"] = text;
        return values;
    }

    private static BoardElement Connector(string id, string from, string to) =>
        Element(BoardElementTypes.Connector, id, new() { ["from"] = from, ["to"] = to });

    /// <summary>Builds an element from the schema defaults with <paramref name="values"/> written over them.</summary>
    private static BoardElement Element(string type, string id, Dictionary<string, object> values)
    {
        var props = new Dictionary<string, JsonElement>(BoardSchema.DefaultProperties(type));
        foreach ((string name, object value) in values)
        {
            props[name] = value is JsonElement json ? json : JsonSerializer.SerializeToElement(value);
        }

        return new BoardElement(id, type, props);
    }
}
