using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Partitioning;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

public sealed class RunLiveStatePartitionTests
{
    private static readonly Guid RunId = Guid.Parse("01a242f8-80fc-7f15-bfc7-c1bb91cc2244");

    private static readonly PartitionStatistics Statistics = new(2, [3, 1], [0, 0], [[2, 1], [0, 1]], LabelSkew: 0.25);

    private static RunDetails Details(PartitionStatistics? partition) => new(
        new RunSummary(RunId, "run", RunStatus.Running, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, 0, 3, null, null, null),
        new ExperimentConfig(),
        [],
        partition);

    [Fact]
    public void Load_TakesStoredPartition()
    {
        var state = new RunLiveState();

        state.Load(Details(Statistics));

        Assert.Same(Statistics, state.Partition);
    }

    [Fact]
    public void Apply_BufferedPartitionSurvivesLoad()
    {
        // The event arrived while the history loaded, and the history was read before the partition was stored.
        var state = new RunLiveState();

        IReadOnlyList<RoundMetrics> added = state.Apply(new PartitionReady(RunId, Statistics));
        Assert.Null(state.Partition);
        state.Load(Details(partition: null));

        Assert.Empty(added);
        Assert.Same(Statistics, state.Partition);
    }

    [Fact]
    public void Apply_LivePartitionAfterLoad()
    {
        var state = new RunLiveState();
        state.Load(Details(partition: null));

        IReadOnlyList<RoundMetrics> added = state.Apply(new PartitionReady(RunId, Statistics));

        Assert.Empty(added);
        Assert.Same(Statistics, state.Partition);
    }
}
