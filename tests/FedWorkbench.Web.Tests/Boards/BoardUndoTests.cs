using FedWorkbench.Web.Boards;
using static FedWorkbench.Web.Tests.Boards.BoardOps;

namespace FedWorkbench.Web.Tests.Boards;

public sealed class BoardUndoTests
{
    private const string Alice = "alice";
    private const string Bob = "bob";

    private static BoardState NoteBoard()
    {
        var state = new BoardState(0, []);
        state.Applied(Op("setup", 0, Create("n1", BoardElementTypes.Note)), Alice);
        return state;
    }

    [Fact]
    public void Undo_Set_RestoresOldValue()
    {
        BoardState state = NoteBoard();
        state.Applied(Op("a1", 1, Set("n1", ("x", 100), ("text", "draft"))), Alice);

        BoardApplyResult undo = state.Undo(Alice, Limit);

        Assert.Equal(OperationResult.Applied, undo.Result.Status);
        Assert.Empty(undo.Result.Conflicts);
        Assert.Equal(3, undo.Result.Version);
        Assert.Equal("undo-3", undo.Applied!.OpId);
        Assert.Equal(Alice, undo.Applied.Actor);
        Assert.Equal("0", state.Raw("n1", "x"));
        Assert.Equal("\"\"", state.Raw("n1", "text"));
        BoardChange change = Assert.Single(undo.Applied.Changes);
        Assert.Equal(BoardChange.Set, change.Kind);
        Assert.Equal(["text", "x"], change.Props!.Keys.Order());
        Assert.Equal(new PropertyWrite(3, Alice), state.Find("n1")!.Writes["x"]);
    }

    [Fact]
    public void Undo_SamePropertySetTwiceRestoresFirstValue()
    {
        BoardState state = NoteBoard();
        state.Applied(Op("a1", 1, Set("n1", ("x", 10)), Set("n1", ("x", 20))), Alice);

        BoardApplyResult undo = state.Undo(Alice, Limit);

        Assert.Equal(OperationResult.Applied, undo.Result.Status);
        Assert.Empty(undo.Result.Conflicts);
        Assert.Equal("0", state.Raw("n1", "x"));
        BoardApplyResult redo = state.Redo(Alice, Limit);
        Assert.Equal(OperationResult.Applied, redo.Result.Status);
        Assert.Equal("20", state.Raw("n1", "x"));
    }

    [Fact]
    public void Undo_KeepsOthersLaterWrite()
    {
        BoardState state = NoteBoard();
        state.Applied(Op("a1", 1, Set("n1", ("x", 100), ("y", 50))), Alice);
        state.Applied(Op("b1", 2, Set("n1", ("x", 300))), Bob);

        BoardApplyResult undo = state.Undo(Alice, Limit);

        Assert.Equal(OperationResult.Applied, undo.Result.Status);
        OperationConflict conflict = Assert.Single(undo.Result.Conflicts);
        Assert.Equal("n1", conflict.ElementId);
        Assert.Equal("x", conflict.Property);
        Assert.Equal("300", state.Raw("n1", "x"));
        Assert.Equal("0", state.Raw("n1", "y"));
        Assert.Equal(["y"], Assert.Single(undo.Applied!.Changes).Props!.Keys);
    }

    [Fact]
    public void Undo_OnlyOthersWrites_ConflictAndDropped()
    {
        BoardState state = NoteBoard();
        state.Applied(Op("a1", 1, Set("n1", ("text", "first"))), Alice);
        state.Applied(Op("a2", 2, Set("n1", ("x", 10))), Alice);
        state.Applied(Op("b1", 3, Set("n1", ("x", 20))), Bob);

        BoardApplyResult blocked = state.Undo(Alice, Limit);
        BoardApplyResult next = state.Undo(Alice, Limit);

        Assert.Equal(OperationResult.Conflict, blocked.Result.Status);
        Assert.Null(blocked.Applied);
        Assert.Equal("x", Assert.Single(blocked.Result.Conflicts).Property);
        Assert.Equal(4, blocked.Result.Version);
        Assert.Equal(OperationResult.Applied, next.Result.Status);
        Assert.Equal("\"\"", state.Raw("n1", "text"));
        Assert.Equal("20", state.Raw("n1", "x"));
    }

    [Fact]
    public void Undo_IgnoresOtherParticipantsOperations()
    {
        BoardState state = NoteBoard();
        state.Applied(Op("a1", 1, Set("n1", ("x", 10))), Alice);
        state.Applied(Op("b1", 2, Create("n2", BoardElementTypes.Note), Set("n1", ("y", 30))), Bob);

        BoardApplyResult undo = state.Undo(Alice, Limit);

        Assert.Equal(OperationResult.Applied, undo.Result.Status);
        Assert.NotNull(state.Find("n2"));
        Assert.Equal("30", state.Raw("n1", "y"));
        Assert.Equal("0", state.Raw("n1", "x"));
    }

    [Fact]
    public void Undo_EachActorOwnHistory()
    {
        BoardState state = NoteBoard();
        state.Applied(Op("a1", 1, Set("n1", ("x", 10))), Alice);
        state.Applied(Op("b1", 2, Set("n1", ("y", 30))), Bob);
        state.Applied(Op("a2", 3, Set("n1", ("w", 300))), Alice);

        BoardApplyResult bobUndo = state.Undo(Bob, Limit);

        Assert.Equal(OperationResult.Applied, bobUndo.Result.Status);
        Assert.Equal("0", state.Raw("n1", "y"));
        Assert.Equal("10", state.Raw("n1", "x"));
        Assert.Equal("300", state.Raw("n1", "w"));
        Assert.Equal(OperationResult.Conflict, state.Undo(Bob, Limit).Result.Status);
    }

    [Fact]
    public void Undo_EmptyHistory_NothingToUndo()
    {
        BoardState state = NoteBoard();

        BoardApplyResult undo = state.Undo(Bob, Limit);
        BoardApplyResult redo = state.Redo(Bob, Limit);

        Assert.Equal(OperationResult.Conflict, undo.Result.Status);
        Assert.Equal("There is nothing to undo.", undo.Result.Error);
        Assert.Null(undo.Applied);
        Assert.Equal(OperationResult.Conflict, redo.Result.Status);
        Assert.Equal("There is nothing to redo.", redo.Result.Error);
        Assert.Equal(1, state.Version);
    }

    [Fact]
    public void Undo_TwiceOnOneProperty_WalksBack()
    {
        BoardState state = NoteBoard();
        state.Applied(Op("a1", 1, Set("n1", ("x", 1))), Alice);
        state.Applied(Op("a2", 2, Set("n1", ("x", 2))), Alice);

        state.Undo(Alice, Limit);
        Assert.Equal("1", state.Raw("n1", "x"));
        state.Undo(Alice, Limit);
        Assert.Equal("0", state.Raw("n1", "x"));
    }

    [Fact]
    public void Undo_RestoredOthersValue_NotRevertedLater()
    {
        // Alice writes x, Bob overwrites it, Alice writes it again and undoes twice: the second undo would revert
        // Bob's value to the one before Alice's first write, so it must leave x alone.
        BoardState state = NoteBoard();
        state.Applied(Op("a1", 1, Set("n1", ("x", 1))), Alice);
        state.Applied(Op("b1", 2, Set("n1", ("x", 5))), Bob);
        state.Applied(Op("a2", 3, Set("n1", ("x", 7))), Alice);

        state.Undo(Alice, Limit);
        Assert.Equal("5", state.Raw("n1", "x"));
        BoardApplyResult second = state.Undo(Alice, Limit);

        Assert.Equal(OperationResult.Conflict, second.Result.Status);
        Assert.Equal("x", Assert.Single(second.Result.Conflicts).Property);
        Assert.Equal("5", state.Raw("n1", "x"));
    }

    [Fact]
    public void Redo_Set_AppliesAgain()
    {
        BoardState state = NoteBoard();
        state.Applied(Op("a1", 1, Set("n1", ("x", 100))), Alice);
        state.Undo(Alice, Limit);

        BoardApplyResult redo = state.Redo(Alice, Limit);

        Assert.Equal(OperationResult.Applied, redo.Result.Status);
        Assert.Equal("redo-4", redo.Applied!.OpId);
        Assert.Equal("100", state.Raw("n1", "x"));
        state.Undo(Alice, Limit);
        Assert.Equal("0", state.Raw("n1", "x"));
    }

    [Fact]
    public void Redo_KeepsOthersWriteSinceUndo()
    {
        BoardState state = NoteBoard();
        state.Applied(Op("a1", 1, Set("n1", ("x", 100))), Alice);
        state.Undo(Alice, Limit);
        state.Applied(Op("b1", 3, Set("n1", ("x", 42))), Bob);

        BoardApplyResult redo = state.Redo(Alice, Limit);

        Assert.Equal(OperationResult.Conflict, redo.Result.Status);
        Assert.Equal("42", state.Raw("n1", "x"));
    }

    [Fact]
    public void NewOperation_ClearsRedo()
    {
        BoardState state = NoteBoard();
        state.Applied(Op("a1", 1, Set("n1", ("x", 100))), Alice);
        state.Undo(Alice, Limit);
        state.Applied(Op("a2", 3, Set("n1", ("y", 5))), Alice);

        BoardApplyResult redo = state.Redo(Alice, Limit);

        Assert.Equal(OperationResult.Conflict, redo.Result.Status);
        Assert.Equal("There is nothing to redo.", redo.Result.Error);
        Assert.Equal("0", state.Raw("n1", "x"));
    }

    [Fact]
    public void OthersOperation_KeepsRedo()
    {
        BoardState state = NoteBoard();
        state.Applied(Op("a1", 1, Set("n1", ("x", 100))), Alice);
        state.Undo(Alice, Limit);
        state.Applied(Op("b1", 3, Set("n1", ("y", 5))), Bob);

        BoardApplyResult redo = state.Redo(Alice, Limit);

        Assert.Equal(OperationResult.Applied, redo.Result.Status);
        Assert.Equal("100", state.Raw("n1", "x"));
        Assert.Equal("5", state.Raw("n1", "y"));
    }

    [Fact]
    public void Undo_Create_DeletesElement()
    {
        var state = new BoardState(0, []);
        state.Applied(Op("a1", 0, Create("g", BoardElementTypes.ClientGroup, ("count", 25))), Alice);

        BoardApplyResult undo = state.Undo(Alice, Limit);

        Assert.Equal(OperationResult.Applied, undo.Result.Status);
        Assert.Null(state.Find("g"));
        Assert.Equal(["g"], undo.Deleted);
        BoardChange change = Assert.Single(undo.Applied!.Changes);
        Assert.Equal((BoardChange.Delete, "g"), (change.Kind, change.Id));
    }

    [Fact]
    public void Redo_Create_RecreatesWithProperties()
    {
        var state = new BoardState(0, []);
        state.Applied(Op("a1", 0, Create("g", BoardElementTypes.ClientGroup, ("count", 25))), Alice);
        BoardElement before = state.Find("g")!.Element;
        state.Undo(Alice, Limit);

        BoardApplyResult redo = state.Redo(Alice, Limit);

        Assert.Equal(OperationResult.Applied, redo.Result.Status);
        Assert.True(BoardReplica.AreEqual(before, state.Find("g")!.Element));
        Assert.True(BoardReplica.AreEqual(before, Assert.Single(redo.Applied!.Changes).Element!));
        Assert.Equal("g", Assert.Single(redo.Upserted).Element.Id);
    }

    [Fact]
    public void Undo_CreateChangedByOther_Skipped()
    {
        var state = new BoardState(0, []);
        state.Applied(Op("a1", 0, Create("n1", BoardElementTypes.Note)), Alice);
        state.Applied(Op("b1", 1, Set("n1", ("text", "Bob's idea"))), Bob);

        BoardApplyResult undo = state.Undo(Alice, Limit);

        Assert.Equal(OperationResult.Conflict, undo.Result.Status);
        OperationConflict conflict = Assert.Single(undo.Result.Conflicts);
        Assert.Equal("n1", conflict.ElementId);
        Assert.Null(conflict.Property);
        Assert.Equal("Bob's idea", state.Find("n1")!.Element.Props["text"].GetString());
    }

    [Fact]
    public void Undo_CreateWithOthersConnector_Skipped()
    {
        var state = new BoardState(0, []);
        state.Applied(Op("b1", 0, Create("s", BoardElementTypes.Server)), Bob);
        state.Applied(Op("a1", 1, Create("g", BoardElementTypes.ClientGroup)), Alice);
        state.Applied(Op("b2", 2, Connect("c", "g", "s")), Bob);

        BoardApplyResult undo = state.Undo(Alice, Limit);

        Assert.Equal(OperationResult.Conflict, undo.Result.Status);
        Assert.Contains("\"c\"", Assert.Single(undo.Result.Conflicts).Message, StringComparison.Ordinal);
        Assert.NotNull(state.Find("g"));
        Assert.NotNull(state.Find("c"));
    }

    [Fact]
    public void Undo_CreateWithOwnConnector_RemovesBoth()
    {
        var state = new BoardState(0, []);
        state.Applied(Op("b1", 0, Create("s", BoardElementTypes.Server)), Bob);
        state.Applied(Op("a1", 1, Create("g", BoardElementTypes.ClientGroup), Connect("c", "g", "s")), Alice);

        BoardApplyResult undo = state.Undo(Alice, Limit);

        Assert.Equal(OperationResult.Applied, undo.Result.Status);
        Assert.Empty(undo.Result.Conflicts);
        Assert.Equal(["c", "g"], undo.Deleted.Order());
        Assert.Equal(["s"], state.Elements.Select(e => e.Id));
    }

    [Fact]
    public void Undo_Delete_RecreatesWithConnectorsInOrder()
    {
        var state = new BoardState(0, []);
        state.Applied(Op("b1", 0,
            Create("s", BoardElementTypes.Server, ("rounds", 12)), Create("g1", BoardElementTypes.ClientGroup), Create("g2", BoardElementTypes.ClientGroup),
            Connect("c1", "g1", "s"), Connect("c2", "g2", "s"), Create("n", BoardElementTypes.Note)), Bob);
        state.Applied(Op("b2", 1, Set("g1", ("count", 7))), Bob);
        BoardElement[] before = state.Elements.ToArray();
        state.Applied(Op("a1", 2, Delete("g1"), Delete("g2")), Alice);
        Assert.Equal(["s", "n"], state.Elements.Select(e => e.Id));

        BoardApplyResult undo = state.Undo(Alice, Limit);

        Assert.Equal(OperationResult.Applied, undo.Result.Status);
        Assert.Empty(undo.Result.Conflicts);
        Assert.Equal(["s", "n", "g1", "g2", "c1", "c2"], state.Elements.Select(e => e.Id));
        foreach (BoardElement original in before)
        {
            Assert.True(BoardReplica.AreEqual(original, state.Find(original.Id)!.Element), $"{original.Id} came back changed.");
        }

        Assert.Equal(
            [(BoardChange.Create, "g1"), (BoardChange.Create, "g2"), (BoardChange.Create, "c1"), (BoardChange.Create, "c2")],
            undo.Applied!.Changes.Select(c => (c.Kind, c.Element!.Id)));
        Assert.Equal("7", state.Raw("g1", "count"));
    }

    [Fact]
    public void Undo_Delete_ConnectorToGoneElementNotRestored()
    {
        var state = new BoardState(0, []);
        state.Applied(Op("b1", 0, Create("s", BoardElementTypes.Server), Create("g", BoardElementTypes.ClientGroup), Connect("c", "g", "s")), Bob);
        state.Applied(Op("a1", 1, Delete("g")), Alice);
        state.Applied(Op("b2", 2, Delete("s")), Bob);

        BoardApplyResult undo = state.Undo(Alice, Limit);

        Assert.Equal(OperationResult.Applied, undo.Result.Status);
        Assert.NotNull(state.Find("g"));
        Assert.Null(state.Find("c"));
        OperationConflict conflict = Assert.Single(undo.Result.Conflicts);
        Assert.Equal("c", conflict.ElementId);
        Assert.Contains("\"s\"", conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Redo_Delete_DeletesAgain()
    {
        var state = new BoardState(0, []);
        state.Applied(Op("b1", 0, Create("s", BoardElementTypes.Server), Create("g", BoardElementTypes.ClientGroup), Connect("c", "g", "s")), Bob);
        state.Applied(Op("a1", 1, Delete("s")), Alice);
        state.Undo(Alice, Limit);

        BoardApplyResult redo = state.Redo(Alice, Limit);

        Assert.Equal(OperationResult.Applied, redo.Result.Status);
        Assert.Equal(["c", "s"], redo.Deleted.Order());
        Assert.Equal(["g"], state.Elements.Select(e => e.Id));
    }

    [Fact]
    public void Redo_DeleteAfterOthersEdit_Skipped()
    {
        var state = new BoardState(0, []);
        state.Applied(Op("b1", 0, Create("n1", BoardElementTypes.Note)), Bob);
        state.Applied(Op("a1", 1, Delete("n1")), Alice);
        state.Undo(Alice, Limit);
        state.Applied(Op("b2", 3, Set("n1", ("text", "keep me"))), Bob);

        BoardApplyResult redo = state.Redo(Alice, Limit);

        Assert.Equal(OperationResult.Conflict, redo.Result.Status);
        Assert.Equal("\"keep me\"", state.Raw("n1", "text"));
    }

    [Fact]
    public void Undo_OverElementLimit_RejectedAndKept()
    {
        var state = new BoardState(0, []);
        state.Apply(Op("a1", 0, Create("n1", BoardElementTypes.Note)), Alice, 1);
        state.Apply(Op("a2", 1, Delete("n1")), Alice, 1);
        state.Apply(Op("b1", 2, Create("n2", BoardElementTypes.Note)), Bob, 1);

        BoardApplyResult full = state.Undo(Alice, 1);
        state.Apply(Op("b2", 3, Delete("n2")), Bob, 1);
        BoardApplyResult retry = state.Undo(Alice, 1);

        Assert.Equal(OperationResult.Rejected, full.Result.Status);
        Assert.Contains("at most 1 elements", full.Result.Error, StringComparison.Ordinal);
        Assert.Equal(OperationResult.Applied, retry.Result.Status);
        Assert.NotNull(state.Find("n1"));
    }

    [Fact]
    public void Undo_HistoryCappedAtMax()
    {
        BoardState state = NoteBoard();
        int operations = BoardState.MaxHistoryLength + 1;
        for (int i = 1; i <= operations; i++)
        {
            state.Applied(Op($"a{i}", state.Version, Set("n1", ("x", i))), Alice);
        }

        for (int i = 0; i < BoardState.MaxHistoryLength; i++)
        {
            Assert.Equal(OperationResult.Applied, state.Undo(Alice, Limit).Result.Status);
        }

        BoardApplyResult beyond = state.Undo(Alice, Limit);

        Assert.Equal("There is nothing to undo.", beyond.Result.Error);
        Assert.Equal("1", state.Raw("n1", "x"));
    }
}
