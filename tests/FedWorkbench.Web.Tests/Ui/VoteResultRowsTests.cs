using System.Text.Json;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Facilitation;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

/// <summary>The ranked, labelled results of a voting round.</summary>
public sealed class VoteResultRowsTests
{
    private static BoardElement Note(string id, string text) => new(id, "note", new Dictionary<string, JsonElement>
    {
        ["text"] = JsonSerializer.SerializeToElement(text),
    });

    [Fact]
    public void Build_RanksTiesTogether()
    {
        var board = new BoardDocument(BoardDocument.FormatName, 1, "Board", [Note("a", "Ideas\nmore"), Note("b", "Risks"), Note("c", "")]);
        VoteTally[] results = [new("a", 5), new("b", 3), new("c", 3), new("gone", 1)];

        IReadOnlyList<VoteResultRow> rows = VoteResultRows.Build(results, board);

        Assert.Equal([1, 2, 2, 4], rows.Select(r => r.Rank));
        Assert.Equal(["Ideas", "Risks", "Note without text", "Deleted note"], rows.Select(r => r.Label));
        Assert.Equal([5, 3, 3, 1], rows.Select(r => r.Votes));
    }

    [Fact]
    public void Build_SortsByVotes()
    {
        IReadOnlyList<VoteResultRow> rows = VoteResultRows.Build([new("a", 1), new("b", 4)], board: null);

        Assert.Equal(["b", "a"], rows.Select(r => r.ElementId));
    }
}
