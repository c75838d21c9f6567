using System.Text.Json;
using FedWorkbench.Web.Boards;
using static FedWorkbench.Web.Tests.Boards.BoardOps;

namespace FedWorkbench.Web.Tests.Boards;

public sealed class BoardStateTests
{
    private const string Alice = "alice";
    private const string Bob = "bob";

    [Fact]
    public void Create_FillsDefaultsAndCountsVersion()
    {
        var state = new BoardState(0, []);

        BoardApplyResult result = state.Applied(Op("op1", 0, Create("n1", BoardElementTypes.Note, ("text", "Who owns the data?"), ("x", 40))), Alice);

        Assert.Equal(1, state.Version);
        Assert.Equal(1, result.Result.Version);
        Assert.Empty(result.Result.Conflicts);
        BoardElement created = state.Find("n1")!.Element;
        IReadOnlyDictionary<string, JsonElement> defaults = BoardSchema.DefaultProperties(BoardElementTypes.Note);
        Assert.Equal(defaults.Keys.Order(), created.Props.Keys.Order());
        Assert.Equal("\"Who owns the data?\"", created.Props["text"].GetRawText());
        Assert.Equal("40", created.Props["x"].GetRawText());
        Assert.Equal(defaults["w"].GetRawText(), created.Props["w"].GetRawText());
        Assert.All(state.Find("n1")!.Writes.Values, write => Assert.Equal(new PropertyWrite(1, Alice), write));

        AppliedOperation applied = result.Applied!;
        Assert.Equal(1, applied.Version);
        Assert.Equal("op1", applied.OpId);
        Assert.Equal(Alice, applied.Actor);
        BoardChange change = Assert.Single(applied.Changes);
        Assert.Equal(BoardChange.Create, change.Kind);
        Assert.True(BoardReplica.AreEqual(created, change.Element!), "The broadcast create must carry every property.");
        Assert.Equal("n1", Assert.Single(result.Upserted).Element.Id);
        Assert.Empty(result.Deleted);
    }

    [Fact]
    public void Create_ServerGetsEveryFederatedSetting()
    {
        var state = new BoardState(0, []);

        state.Applied(Op("op1", 0, Create("s", BoardElementTypes.Server)), Alice);

        BoardElement server = state.Find("s")!.Element;
        Assert.Equal("\"fedavg\"", server.Props["strategy"].GetRawText());
        Assert.Equal("30", server.Props["rounds"].GetRawText());
        Assert.Equal(JsonValueKind.Null, server.Props["serverLearningRate"].ValueKind);
        Assert.Equal(BoardSchema.Find(BoardElementTypes.Server)!.Properties.Count, server.Props.Count);
    }

    public static TheoryData<string, BoardOperation, string[]> InvalidOperations()
    {
        string tooLong = new('a', 65);
        var tooMany = Enumerable.Range(0, BoardLimits.MaxChangesPerOperation + 1).Select(i => Create($"n{i}", BoardElementTypes.Note)).ToArray();
        return new TheoryData<string, BoardOperation, string[]>
        {
            { "bad op id", Op("op 1", 1, Set("n1", ("x", 1))), ["\"op 1\"", "invalid"] },
            { "reserved op id", Op("undo-7", 1, Set("n1", ("x", 1))), ["\"undo-7\"", "reserved"] },
            { "future base", Op("op1", 5, Set("n1", ("x", 1))), ["version 5", "version 1"] },
            { "negative base", Op("op1", -1, Set("n1", ("x", 1))), ["version -1"] },
            { "no changes", Op("op1", 1), ["no changes"] },
            { "too many changes", Op("op1", 1, tooMany), ["1,001 changes", "at most 1,000"] },
            { "unknown kind", Op("op1", 1, new BoardChange("move", Id: "n1")), ["\"move\"", "create"] },
            { "create without element", Op("op1", 1, new BoardChange(BoardChange.Create)), ["Change 1", "creates no element"] },
            { "bad element id", Op("op1", 1, Create("a b", BoardElementTypes.Note)), ["\"a b\"", "invalid"] },
            { "long element id", Op("op1", 1, Create(tooLong, BoardElementTypes.Note)), ["invalid", "1 to 64"] },
            { "bad set id", Op("op1", 1, Set("a/b", ("x", 1))), ["\"a/b\"", "invalid"] },
            { "bad delete id", Op("op1", 1, Delete("")), ["\"\"", "invalid"] },
            { "unknown type", Op("op1", 1, Create("n2", "sticker")), ["\"n2\"", "\"sticker\"", "client-group"] },
            { "unknown property on create", Op("op1", 1, Create("n2", BoardElementTypes.Note, ("rounds", 3))), ["\"n2\"", "\"rounds\"", "note"] },
            { "unknown property on set", Op("op1", 1, Set("n1", ("strategy", "fedavg"))), ["\"n1\"", "\"strategy\""] },
            { "width too small", Op("op1", 1, Set("n1", ("w", 5))), ["\"n1\"", "\"w\"", "is 5", "20 to 10000"] },
            { "text not a string", Op("op1", 1, Set("n1", ("text", 12))), ["\"n1\"", "\"text\"", "12"] },
            { "null for required", Op("op1", 1, Set("n1", ("x", null))), ["\"n1\"", "\"x\"", "empty"] },
            { "bad choice", Op("op1", 1, Create("s", BoardElementTypes.Server, ("strategy", "fedsgd"))), ["\"s\"", "\"strategy\"", "\"fedsgd\"", "fedavg"] },
            { "bad colour", Op("op1", 1, Set("n1", ("color", "red"))), ["\"n1\"", "\"color\"", "\"red\""] },
            { "set without properties", Op("op1", 1, Set("n1")), ["\"n1\"", "no property"] },
            { "created twice", Op("op1", 1, Create("n2", BoardElementTypes.Note), Create("n2", BoardElementTypes.Note)), ["\"n2\"", "twice"] },
            { "connector to itself", Op("op1", 1, Connect("c1", "n1", "c1")), ["\"c1\"", "\"to\"", "itself"] },
            { "connector both ends one element", Op("op1", 1, Connect("c1", "n1", "n1")), ["\"c1\"", "\"n1\"", "two different"] },
            { "connector without ends", Op("op1", 1, Create("c1", BoardElementTypes.Connector, ("from", "n1"))), ["\"c1\"", "\"to\""] },
            { "set check uses type created earlier", Op("op1", 1, Create("g", BoardElementTypes.ClientGroup), Set("g", ("count", 2.5))), ["\"g\"", "\"count\"", "2.5"] },
        };
    }

    [Theory]
    [MemberData(nameof(InvalidOperations))]
    public void Apply_InvalidOperation_RejectedWhole(string name, BoardOperation operation, string[] messageParts)
    {
        var state = new BoardState(0, []);
        state.Applied(Op("setup", 0, Create("n1", BoardElementTypes.Note)), Alice);

        BoardApplyResult result = state.Apply(operation, Bob, Limit);

        Assert.True(result.Result.Status == OperationResult.Rejected, $"{name}: expected rejected, got {result.Result.Status}");
        Assert.Null(result.Applied);
        Assert.Empty(result.Upserted);
        Assert.Empty(result.Deleted);
        Assert.Equal(1, result.Result.Version);
        Assert.Equal(1, state.Version);
        Assert.Equal(1, state.Count);
        Assert.Equal("0", state.Raw("n1", "x"));
        foreach (string part in messageParts)
        {
            Assert.Contains(part, result.Result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Apply_InvalidLaterChange_AppliesNothing()
    {
        var state = new BoardState(0, []);
        state.Applied(Op("setup", 0, Create("n1", BoardElementTypes.Note)), Alice);

        BoardApplyResult result = state.Apply(
            Op("op2", 1, Set("n1", ("x", 300)), Create("n2", BoardElementTypes.Note), Set("n1", ("h", 1e9))), Alice, Limit);

        Assert.Equal(OperationResult.Rejected, result.Result.Status);
        Assert.Contains("\"h\"", result.Result.Error, StringComparison.Ordinal);
        Assert.Equal("0", state.Raw("n1", "x"));
        Assert.Null(state.Find("n2"));
        Assert.Equal(1, state.Version);
    }

    [Fact]
    public void Apply_ConnectorToConnector_RejectedAtApply()
    {
        var state = new BoardState(0, []);
        state.Applied(Op("setup", 0, Create("a", BoardElementTypes.Note), Create("b", BoardElementTypes.Note), Connect("c1", "a", "b")), Alice);

        BoardApplyResult create = state.Apply(Op("op2", 1, Create("n3", BoardElementTypes.Note), Connect("c2", "a", "c1")), Alice, Limit);
        BoardApplyResult set = state.Apply(Op("op3", 1, Set("c1", ("to", "c1x")), Set("c1", ("from", "c1"))), Alice, Limit);

        Assert.Equal(OperationResult.Rejected, create.Result.Status);
        Assert.Contains("\"c1\", which is a connector", create.Result.Error, StringComparison.Ordinal);
        Assert.Null(state.Find("n3"));
        Assert.Equal(OperationResult.Rejected, set.Result.Status);
        Assert.Contains("itself", set.Result.Error, StringComparison.Ordinal);
        Assert.Equal(1, state.Version);
    }

    [Fact]
    public void Apply_OverElementLimit_RejectedWithLimit()
    {
        var state = new BoardState(0, []);
        state.Apply(Op("op1", 0, Create("n1", BoardElementTypes.Note), Create("n2", BoardElementTypes.Note)), Alice, 2);

        BoardApplyResult over = state.Apply(Op("op2", 1, Create("n3", BoardElementTypes.Note)), Alice, 2);
        BoardApplyResult swap = state.Apply(Op("op3", 1, Delete("n1"), Create("n3", BoardElementTypes.Note)), Alice, 2);

        Assert.Equal(OperationResult.Rejected, over.Result.Status);
        Assert.Contains("at most 2 elements", over.Result.Error, StringComparison.Ordinal);
        Assert.Contains("3", over.Result.Error, StringComparison.Ordinal);
        Assert.Equal(OperationResult.Applied, swap.Result.Status);
        Assert.Equal(2, state.Count);
        Assert.Equal(2, state.Version);
    }

    [Fact]
    public void Set_SamePropertyConcurrently_FirstWins()
    {
        var state = new BoardState(0, []);
        state.Applied(Op("setup", 0, Create("n1", BoardElementTypes.Note)), Alice);
        state.Applied(Op("a1", 1, Set("n1", ("x", 100))), Alice);

        BoardApplyResult late = state.Apply(Op("b1", 1, Set("n1", ("x", 500), ("y", 70))), Bob, Limit);

        Assert.Equal(OperationResult.Applied, late.Result.Status);
        OperationConflict conflict = Assert.Single(late.Result.Conflicts);
        Assert.Equal("n1", conflict.ElementId);
        Assert.Equal("x", conflict.Property);
        Assert.Contains("the position", conflict.Message, StringComparison.Ordinal);
        Assert.Equal("100", state.Raw("n1", "x"));
        Assert.Equal("70", state.Raw("n1", "y"));
        BoardChange change = Assert.Single(late.Applied!.Changes);
        Assert.Equal(["y"], change.Props!.Keys);
        Assert.Equal(new PropertyWrite(2, Alice), state.Find("n1")!.Writes["x"]);
        Assert.Equal(new PropertyWrite(3, Bob), state.Find("n1")!.Writes["y"]);
    }

    [Fact]
    public void AllOrNothing_OneConflict_SkipsWholeOperation()
    {
        // Alice changes the group's count; Bob, from the same base, sends a count and a data source change together.
        var state = new BoardState(0, []);
        state.Applied(Op("setup", 0, Create("g", BoardElementTypes.ClientGroup), Create("d", BoardElementTypes.DataSource)), Alice);
        state.Applied(Op("a1", 1, Set("g", ("count", 4))), Alice);

        BoardApplyResult bob = state.Apply(
            Op("b1", 1, Set("d", ("dataset", "table")), Set("g", ("count", 5))) with { AllOrNothing = true }, Bob, Limit);

        Assert.Equal(OperationResult.Conflict, bob.Result.Status);
        Assert.Null(bob.Applied);
        Assert.Equal(2, state.Version);
        Assert.Equal("\"fashion-mnist\"", state.Raw("d", "dataset"));
        Assert.Equal("4", state.Raw("g", "count"));
        Assert.StartsWith("Your edit was not applied, because someone else changed part of it", bob.Result.Conflicts[0].Message, StringComparison.Ordinal);
        Assert.Equal(("g", "count"), (bob.Result.Conflicts[1].ElementId, bob.Result.Conflicts[1].Property));
    }

    [Fact]
    public void AllOrNothing_NoConflict_AppliesAll()
    {
        var state = new BoardState(0, []);
        state.Applied(Op("setup", 0, Create("g", BoardElementTypes.ClientGroup), Create("d", BoardElementTypes.DataSource)), Alice);

        BoardApplyResult bob = state.Apply(
            Op("b1", 1, Set("d", ("dataset", "table")), Set("g", ("count", 5))) with { AllOrNothing = true }, Bob, Limit);

        Assert.Equal(OperationResult.Applied, bob.Result.Status);
        Assert.Equal("\"table\"", state.Raw("d", "dataset"));
        Assert.Equal("5", state.Raw("g", "count"));
    }

    [Fact]
    public void Set_DifferentPropertiesConcurrently_BothKept()
    {
        var state = new BoardState(0, []);
        state.Applied(Op("setup", 0, Create("g", BoardElementTypes.ClientGroup)), Alice);

        state.Applied(Op("a1", 1, Set("g", ("count", 40))), Alice);
        BoardApplyResult bob = state.Applied(Op("b1", 1, Set("g", ("dropout", 0.3))), Bob);

        Assert.Empty(bob.Result.Conflicts);
        Assert.Equal("40", state.Raw("g", "count"));
        Assert.Equal("0.3", state.Raw("g", "dropout"));
    }

    [Fact]
    public void Set_AfterSeeingWrite_Applies()
    {
        var state = new BoardState(0, []);
        state.Applied(Op("setup", 0, Create("n1", BoardElementTypes.Note)), Alice);
        state.Applied(Op("a1", 1, Set("n1", ("text", "first"))), Alice);

        BoardApplyResult bob = state.Applied(Op("b1", 2, Set("n1", ("text", "second"))), Bob);

        Assert.Empty(bob.Result.Conflicts);
        Assert.Equal("\"second\"", state.Raw("n1", "text"));
    }

    [Fact]
    public void Set_OwnEarlierWrite_NeverConflicts()
    {
        var state = new BoardState(0, []);
        state.Applied(Op("setup", 0, Create("n1", BoardElementTypes.Note)), Alice);
        state.Applied(Op("a1", 1, Set("n1", ("x", 10))), Alice);

        BoardApplyResult again = state.Applied(Op("a2", 1, Set("n1", ("x", 20))), Alice);

        Assert.Empty(again.Result.Conflicts);
        Assert.Equal("20", state.Raw("n1", "x"));
    }

    [Fact]
    public void Set_AllConflicting_ConflictWithoutVersion()
    {
        var state = new BoardState(0, []);
        state.Applied(Op("setup", 0, Create("n1", BoardElementTypes.Note)), Alice);
        state.Applied(Op("a1", 1, Set("n1", ("x", 10))), Alice);

        BoardApplyResult result = state.Apply(Op("b1", 1, Set("n1", ("x", 99))), Bob, Limit);

        Assert.Equal(OperationResult.Conflict, result.Result.Status);
        Assert.Equal(2, result.Result.Version);
        Assert.Null(result.Applied);
        Assert.Empty(result.Upserted);
        Assert.Single(result.Result.Conflicts);
        Assert.Equal(2, state.Version);
    }

    [Fact]
    public void Change_OfDeletedElement_IsConflict()
    {
        var state = new BoardState(0, []);
        state.Applied(Op("setup", 0, Create("n1", BoardElementTypes.Note), Create("n2", BoardElementTypes.Note)), Alice);
        state.Applied(Op("a1", 1, Delete("n1")), Alice);

        BoardApplyResult set = state.Apply(Op("b1", 1, Set("n1", ("x", 5))), Bob, Limit);
        BoardApplyResult delete = state.Apply(Op("b2", 1, Delete("n1")), Bob, Limit);
        BoardApplyResult mixed = state.Apply(Op("b3", 1, Delete("n1"), Set("n2", ("x", 5))), Bob, Limit);

        Assert.Equal(OperationResult.Conflict, set.Result.Status);
        OperationConflict conflict = Assert.Single(set.Result.Conflicts);
        Assert.Equal("n1", conflict.ElementId);
        Assert.Null(conflict.Property);
        Assert.Equal(OperationResult.Conflict, delete.Result.Status);
        Assert.Equal(OperationResult.Applied, mixed.Result.Status);
        Assert.Single(mixed.Result.Conflicts);
        Assert.Equal(3, state.Version);
    }

    [Fact]
    public void Create_WithTakenId_IsConflict()
    {
        var state = new BoardState(0, []);
        state.Applied(Op("a1", 0, Create("n1", BoardElementTypes.Note, ("text", "mine"))), Alice);

        BoardApplyResult result = state.Apply(Op("b1", 0, Create("n1", BoardElementTypes.Frame)), Bob, Limit);

        Assert.Equal(OperationResult.Conflict, result.Result.Status);
        Assert.Equal("n1", Assert.Single(result.Result.Conflicts).ElementId);
        Assert.Equal(BoardElementTypes.Note, state.Find("n1")!.Element.Type);
        Assert.Equal("\"mine\"", state.Raw("n1", "text"));
    }

    [Fact]
    public void Connector_ToDeletedElement_IsConflict()
    {
        var state = new BoardState(0, []);
        state.Applied(Op("setup", 0, Create("a", BoardElementTypes.Server), Create("b", BoardElementTypes.ClientGroup), Create("d", BoardElementTypes.Model), Connect("c1", "a", "b")), Alice);
        state.Applied(Op("a1", 1, Delete("d")), Alice);

        BoardApplyResult create = state.Apply(Op("b1", 1, Connect("c2", "a", "d")), Bob, Limit);
        BoardApplyResult set = state.Apply(Op("b2", 1, Set("c1", ("to", "d"), ("text", "uplink"))), Bob, Limit);

        Assert.Equal(OperationResult.Conflict, create.Result.Status);
        Assert.Equal("c2", Assert.Single(create.Result.Conflicts).ElementId);
        Assert.Null(state.Find("c2"));
        Assert.Equal(OperationResult.Applied, set.Result.Status);
        OperationConflict conflict = Assert.Single(set.Result.Conflicts);
        Assert.Equal("to", conflict.Property);
        Assert.Contains("\"d\"", conflict.Message, StringComparison.Ordinal);
        Assert.Equal("\"b\"", state.Raw("c1", "to"));
        Assert.Equal("\"uplink\"", state.Raw("c1", "text"));
    }

    [Fact]
    public void Connector_BothEndsOnOneElement_Conflict()
    {
        var state = new BoardState(0, []);
        state.Applied(Op("setup", 0, Create("a", BoardElementTypes.Note), Create("b", BoardElementTypes.Note), Create("x", BoardElementTypes.Note), Connect("c", "a", "b")), Alice);
        state.Applied(Op("a1", 1, Set("c", ("from", "x"))), Alice);

        BoardApplyResult result = state.Apply(Op("b1", 1, Set("c", ("to", "x"))), Bob, Limit);

        Assert.Equal(OperationResult.Conflict, result.Result.Status);
        Assert.Equal("to", Assert.Single(result.Result.Conflicts).Property);
        Assert.Equal("\"b\"", state.Raw("c", "to"));
    }

    [Fact]
    public void Connector_SetOntoSeenOtherEnd_Rejected()
    {
        var state = new BoardState(0, []);
        state.Applied(Op("setup", 0, Create("a", BoardElementTypes.Note), Create("b", BoardElementTypes.Note), Connect("c", "a", "b")), Alice);

        BoardApplyResult result = state.Apply(Op("b1", 1, Set("a", ("x", 5)), Set("c", ("to", "a"))), Bob, Limit);

        Assert.Equal(OperationResult.Rejected, result.Result.Status);
        Assert.Equal("Connector \"c\": \"from\" and \"to\" would both be \"a\"; connect two different elements.", result.Result.Error);
        Assert.Equal(1, state.Version);
        Assert.Equal("0", state.Raw("a", "x"));
        Assert.Equal("\"b\"", state.Raw("c", "to"));
    }

    [Fact]
    public void Set_OnElementRecreatedWithOtherType_Conflict()
    {
        var state = new BoardState(0, []);
        state.Applied(Op("setup", 0, Create("e4", BoardElementTypes.ClientGroup), Create("n1", BoardElementTypes.Note)), Alice);
        state.Applied(Op("b1", 1, Delete("e4")), Bob);
        state.Applied(Op("b2", 2, Create("e4", BoardElementTypes.Note)), Bob);

        // Alice sends her change against version 1, where e4 is still a client group.
        BoardApplyResult result = state.Apply(Op("a1", 1, Set("e4", ("x", 10), ("count", 5)), Set("n1", ("x", 7))), Alice, Limit);

        // Bob's create wrote every property of the new e4 after Alice's base version, so both are conflicts.
        Assert.Equal(OperationResult.Applied, result.Result.Status);
        Assert.Equal([("e4", "count"), ("e4", "x")], result.Result.Conflicts.Select(c => (c.ElementId, c.Property!)).Order());
        Assert.Equal("0", state.Raw("e4", "x"));
        Assert.Equal("7", state.Raw("n1", "x"));
    }

    [Fact]
    public void Set_UnknownPropertyOnSeenElement_Rejected()
    {
        var state = new BoardState(0, []);
        state.Applied(Op("setup", 0, Create("n1", BoardElementTypes.Note)), Alice);

        BoardApplyResult result = state.Apply(Op("a1", 1, Set("n1", ("count", 5))), Alice, Limit);

        Assert.Equal(OperationResult.Rejected, result.Result.Status);
        Assert.Contains("has no property \"count\"", result.Result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Delete_RemovesAttachedConnectorsExplicitly()
    {
        var state = new BoardState(0, []);
        state.Applied(Op("setup", 0,
            Create("s", BoardElementTypes.Server), Create("g", BoardElementTypes.ClientGroup), Create("m", BoardElementTypes.Model),
            Connect("c1", "g", "s"), Connect("c2", "s", "m"), Connect("c3", "g", "m")), Alice);

        BoardApplyResult result = state.Applied(Op("b1", 1, Delete("s")), Bob);

        Assert.Equal(
            [(BoardChange.Delete, "s"), (BoardChange.Delete, "c1"), (BoardChange.Delete, "c2")],
            result.Applied!.Changes.Select(c => (c.Kind, c.Id!)));
        Assert.Equal(["s", "c1", "c2"], result.Deleted);
        Assert.Empty(result.Upserted);
        Assert.Equal(["g", "m", "c3"], state.Elements.Select(e => e.Id));
    }

    [Fact]
    public void Delete_ElementAndItsConnector_NoConflict()
    {
        var state = new BoardState(0, []);
        state.Applied(Op("setup", 0, Create("a", BoardElementTypes.Note), Create("b", BoardElementTypes.Note), Connect("c", "a", "b")), Alice);

        BoardApplyResult result = state.Applied(Op("a1", 1, Delete("a"), Delete("c"), Delete("b")), Alice);

        Assert.Empty(result.Result.Conflicts);
        Assert.Equal(3, result.Applied!.Changes.Count);
        Assert.Equal(0, state.Count);
    }

    [Fact]
    public void Apply_ResentOperation_ReturnsEarlierOutcome()
    {
        var state = new BoardState(0, []);
        BoardOperation operation = Op("a1", 0, Create("n1", BoardElementTypes.Note));
        BoardApplyResult first = state.Applied(operation, Alice);

        BoardApplyResult again = state.Apply(operation, Alice, Limit);

        Assert.Same(first.Result, again.Result);
        Assert.Null(again.Applied);
        Assert.Empty(again.Upserted);
        Assert.Equal(1, state.Version);
    }

    [Fact]
    public void Apply_ResentConflict_StillConflict()
    {
        var state = new BoardState(0, []);
        state.Applied(Op("setup", 0, Create("n1", BoardElementTypes.Note)), Alice);
        state.Applied(Op("a1", 1, Delete("n1")), Alice);
        state.Apply(Op("b1", 1, Set("n1", ("x", 1))), Bob, Limit);
        state.Applied(Op("a2", 2, Create("n1", BoardElementTypes.Note)), Alice);

        BoardApplyResult again = state.Apply(Op("b1", 1, Set("n1", ("x", 1))), Bob, Limit);

        Assert.Equal(OperationResult.Conflict, again.Result.Status);
        Assert.Equal("0", state.Raw("n1", "x"));
    }

    [Fact]
    public void Elements_FramesFirstThenCreationOrder()
    {
        var state = new BoardState(0, []);
        state.Applied(Op("a1", 0, Create("n1", BoardElementTypes.Note), Create("f1", BoardElementTypes.Frame), Create("s", BoardElementTypes.Server)), Alice);
        state.Applied(Op("a2", 1, Create("f2", BoardElementTypes.Frame), Create("n2", BoardElementTypes.Note)), Alice);

        Assert.Equal(["f1", "f2", "n1", "s", "n2"], state.Elements.Select(e => e.Id));
        Assert.True(state.Find("n2")!.Order > state.Find("s")!.Order);
    }

    [Fact]
    public void Constructor_ContinuesOrderAfterStored()
    {
        var stored = new StoredElement(
            new BoardElement("n9", BoardElementTypes.Note, BoardSchema.DefaultProperties(BoardElementTypes.Note)),
            new Dictionary<string, PropertyWrite> { ["x"] = new(4, Alice) },
            Order: 41);
        var state = new BoardState(7, [stored]);

        BoardApplyResult result = state.Applied(Op("b1", 7, Create("n10", BoardElementTypes.Note), Set("n9", ("x", 3))), Bob);

        Assert.Equal(8, state.Version);
        Assert.Equal(42, state.Find("n10")!.Order);
        Assert.Equal(["n9", "n10"], state.Elements.Select(e => e.Id));
        Assert.Equal(["n10", "n9"], result.Upserted.Select(e => e.Element.Id));
        Assert.Equal(new PropertyWrite(8, Bob), state.Find("n9")!.Writes["x"]);
    }

    [Fact]
    public void Constructor_DuplicateId_Throws()
    {
        var element = new StoredElement(
            new BoardElement("n1", BoardElementTypes.Note, BoardSchema.DefaultProperties(BoardElementTypes.Note)),
            new Dictionary<string, PropertyWrite>(), 1);

        ArgumentException error = Assert.Throws<ArgumentException>(() => new BoardState(1, [element, element]));

        Assert.Contains("\"n1\"", error.Message, StringComparison.Ordinal);
    }
}
