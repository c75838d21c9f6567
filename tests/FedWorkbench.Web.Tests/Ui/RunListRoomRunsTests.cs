using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

public sealed class RunListRoomRunsTests
{
    private static RunSummary Summary(string name, bool launchedInRoom) =>
        new(Guid.NewGuid(), name, RunStatus.Queued, DateTimeOffset.UnixEpoch, null, null, 0, 3, null, 1, null)
        {
            LaunchedInRoom = launchedInRoom,
        };

    [Fact]
    public void Load_RoomRun_IsLeftOut()
    {
        RunSummary outside = Summary("outside", launchedInRoom: false);
        var state = new RunListState();

        state.Load([outside, Summary("in a room", launchedInRoom: true)]);

        Assert.Equal([outside.Id], state.Runs.Select(run => run.Id));
    }

    [Fact]
    public void Apply_RoomRunStatus_AddsNoRow()
    {
        var state = new RunListState();
        state.Load([]);
        RunSummary roomRun = Summary("in a room", launchedInRoom: true);

        bool changed = state.Apply(new RunStatusChanged(roomRun.Id, roomRun));

        Assert.False(changed);
        Assert.Empty(state.Runs);
    }

    [Fact]
    public void Apply_OutsideRunStatus_AddsRow()
    {
        var state = new RunListState();
        state.Load([]);
        RunSummary outside = Summary("outside", launchedInRoom: false);

        bool changed = state.Apply(new RunStatusChanged(outside.Id, outside));

        Assert.True(changed);
        Assert.Equal([outside.Id], state.Runs.Select(run => run.Id));
    }
}
