using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

public sealed class RunListSelectionTests
{
    private static RunListState Loaded(int runs, out Guid[] ids)
    {
        ids = [.. Enumerable.Range(0, runs).Select(_ => Guid.NewGuid())];
        var state = new RunListState();
        state.Load(ids.Select((id, index) => new RunSummary(
            id, $"run {index}", RunStatus.Completed, DateTimeOffset.UnixEpoch.AddMinutes(index), null, null, 3, 3, 0.5, null, null)));
        return state;
    }

    [Fact]
    public void Selection_Empty_CannotCompare()
    {
        RunListState state = Loaded(3, out _);

        Assert.False(state.CanCompare);
        Assert.Equal("Select 2 to 8 runs to compare them.", state.SelectionMessage);
    }

    [Fact]
    public void Selection_OneRun_AsksForAnother()
    {
        RunListState state = Loaded(3, out Guid[] ids);

        state.SetSelected(ids[0], true);

        Assert.False(state.CanCompare);
        Assert.Equal("1 run selected. Select at least 2 to compare.", state.SelectionMessage);
    }

    [Fact]
    public void Selection_TwoRuns_LinksInSelectionOrder()
    {
        RunListState state = Loaded(3, out Guid[] ids);

        state.SetSelected(ids[2], true);
        state.SetSelected(ids[0], true);
        state.SetSelected(ids[0], true);

        Assert.True(state.CanCompare);
        Assert.Equal($"compare?runs={ids[2]},{ids[0]}", state.CompareLink);
        Assert.Equal("2 runs selected.", state.SelectionMessage);
    }

    [Fact]
    public void Selection_NineRuns_CannotCompare()
    {
        RunListState state = Loaded(9, out Guid[] ids);

        foreach (Guid id in ids)
        {
            state.SetSelected(id, true);
        }

        Assert.False(state.CanCompare);
        Assert.Equal("9 runs selected. Compare at most 8: clear some.", state.SelectionMessage);
    }

    [Fact]
    public void Selection_Cleared_RemovesRun()
    {
        RunListState state = Loaded(3, out Guid[] ids);
        state.SetSelected(ids[0], true);
        state.SetSelected(ids[1], true);

        state.SetSelected(ids[0], false);

        Assert.False(state.IsSelected(ids[0]));
        Assert.True(state.IsSelected(ids[1]));
        Assert.Equal([ids[1]], state.SelectedRunIds);

        state.ClearSelection();

        Assert.Empty(state.SelectedRunIds);
    }
}
