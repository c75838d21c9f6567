using FedWorkbench.Web.Boards;
using static FedWorkbench.Web.Tests.Boards.BoardOps;

namespace FedWorkbench.Web.Tests.Boards;

/// <summary>The byte budget of a board's undo and redo histories.</summary>
public sealed class BoardUndoBudgetTests
{
    private const int Notes = 20;
    private const int TextLength = BoardLimits.MaxTextLength;

    // Room for a handful of rewrites: one rewrite stores Notes × 2 texts of TextLength characters.
    private const long Budget = 5L * Notes * 2 * TextLength;

    private static BoardState LongNotes(out long version)
    {
        var state = new BoardState(0, [], Budget);
        state.Applied(Op("setup", 0, Enumerable.Range(0, Notes).Select(i => Create($"n{i}", BoardElementTypes.Note)).ToArray()), "setup");
        version = state.Version;
        return state;
    }

    private static BoardOperation Rewrite(int round, long baseVersion) =>
        Op($"r{round}", baseVersion, Enumerable.Range(0, Notes).Select(i => Set($"n{i}", ("text", Text(round)))).ToArray());

    private static string Text(int round) => new((char)('a' + (round % 26)), TextLength);

    [Fact]
    public void ManyLargeEdits_StayWithinTheBudget()
    {
        BoardState state = LongNotes(out long version);
        int rounds = BoardState.MaxHistoryLength;
        for (int round = 0; round < rounds; round++)
        {
            version = state.Applied(Rewrite(round, version), round % 2 == 0 ? "alice" : "bob").Result.Version;
            Assert.True(state.HistoryBytes <= Budget, $"history holds {state.HistoryBytes} bytes after round {round}, over the budget of {Budget}");
        }

        // Each rewrite stores at least the old and new text of every note, so fewer than Budget / that fit.
        long perRewrite = Notes * 2L * TextLength;
        Assert.InRange(state.HistoryEntryCount, 1, (int)(Budget / perRewrite));
    }

    [Fact]
    public void AfterManyLargeEdits_TheRecentOnesCanStillBeUndone()
    {
        BoardState state = LongNotes(out long version);
        const int Rounds = 50;
        for (int round = 0; round < Rounds; round++)
        {
            version = state.Applied(Rewrite(round, version), "alice").Result.Version;
        }

        int kept = state.HistoryEntryCount;
        Assert.True(kept >= 2, $"only {kept} entries kept");
        for (int undone = 1; undone <= kept; undone++)
        {
            BoardApplyResult undo = state.Undo("alice", Limit);
            Assert.Equal(OperationResult.Applied, undo.Result.Status);
            Assert.Equal($"\"{Text(Rounds - 1 - undone)}\"", state.Raw("n0", "text"));
        }

        BoardApplyResult nothing = state.Undo("alice", Limit);
        Assert.Equal(OperationResult.Conflict, nothing.Result.Status);
        Assert.Equal("There is nothing to undo.", nothing.Result.Error);
    }

    [Fact]
    public void OverTheBudget_TheOldestEntriesOfAnyParticipantGoFirst()
    {
        BoardState state = LongNotes(out long version);
        version = state.Applied(Rewrite(0, version), "bob").Result.Version;
        for (int round = 1; round < 20; round++)
        {
            version = state.Applied(Rewrite(round, version), "alice").Result.Version;
        }

        // Bob's edit is the oldest, so it went when Alice's newer ones needed the room.
        Assert.Equal(OperationResult.Conflict, state.Undo("bob", Limit).Result.Status);
        Assert.Equal(OperationResult.Applied, state.Undo("alice", Limit).Result.Status);
    }

    [Fact]
    public void AnEntryLargerThanTheBudget_IsStillKeptAsTheNewest()
    {
        var state = new BoardState(0, [], maxHistoryBytes: 1_024);
        state.Applied(Op("a", 0, Create("n1", BoardElementTypes.Note, ("text", Text(0)))), "alice");

        Assert.Equal(1, state.HistoryEntryCount);
        Assert.Equal(OperationResult.Applied, state.Undo("alice", Limit).Result.Status);
        Assert.Null(state.Find("n1"));
        Assert.Equal(OperationResult.Applied, state.Redo("alice", Limit).Result.Status);
        Assert.NotNull(state.Find("n1"));
    }

    [Fact]
    public void UndoAndRedo_KeepTheByteCountInStep()
    {
        BoardState state = LongNotes(out long version);
        long afterSetup = state.HistoryBytes;
        state.Applied(Rewrite(0, version), "alice");
        long afterRewrite = state.HistoryBytes;

        state.Undo("alice", Limit);
        state.Redo("alice", Limit);
        state.Undo("alice", Limit);

        // Undo moves an entry's inverse to the redo list; the inverse stores the same values the other way round.
        Assert.Equal(afterRewrite, state.HistoryBytes);
        Assert.Equal(2, state.HistoryEntryCount);
        Assert.True(afterRewrite > afterSetup);
    }
}
