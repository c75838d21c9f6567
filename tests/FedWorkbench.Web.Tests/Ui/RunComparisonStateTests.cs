using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

public sealed class RunComparisonStateTests
{
    private static string Link(params Guid[] ids) => string.Join(',', ids);

    [Fact]
    public async Task Load_TwoRuns_KeepsLinkOrderAndRounds()
    {
        var service = new FakeRunService();
        RunDetails first = service.Add("iid", new ExperimentConfig(), rounds: 2);
        RunDetails second = service.Add("shards", new ExperimentConfig { Partition = PartitionKind.Shards }, rounds: 3);
        var state = new RunComparisonState();

        await state.LoadAsync(service, Link(second.Summary.Id, first.Summary.Id));

        Assert.True(state.CanCompare);
        Assert.Null(state.NotEnoughRunsMessage);
        Assert.Empty(state.Messages);
        Assert.Equal(["shards", "iid"], state.Runs.Select(run => run.Label));
        Assert.Equal(3, state.Runs[0].Rounds.Count);
        Assert.Equal(2, state.Runs[1].Rounds.Count);
    }

    [Fact]
    public async Task Load_UnknownId_NamesItAndSkipsIt()
    {
        var service = new FakeRunService();
        RunDetails first = service.Add("a", new ExperimentConfig());
        RunDetails second = service.Add("b", new ExperimentConfig());
        var unknown = Guid.NewGuid();
        var state = new RunComparisonState();

        await state.LoadAsync(service, Link(first.Summary.Id, unknown, second.Summary.Id));

        Assert.Equal(2, state.Runs.Count);
        string message = Assert.Single(state.Messages);
        Assert.Equal($"Run {unknown} was not found. It may have been deleted, or the link is incomplete.", message);
    }

    [Fact]
    public async Task Load_InvalidToken_SaysNotRunId()
    {
        var service = new FakeRunService();
        RunDetails first = service.Add("a", new ExperimentConfig());
        var state = new RunComparisonState();

        await state.LoadAsync(service, $"{first.Summary.Id},not-an-id");

        Assert.StartsWith("'not-an-id' is not a run id.", Assert.Single(state.Messages), StringComparison.Ordinal);
        Assert.False(state.CanCompare);
        Assert.StartsWith("Only one of the runs in the link was found.", state.NotEnoughRunsMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_NoParameter_AsksToSelectRuns()
    {
        var state = new RunComparisonState();

        await state.LoadAsync(new FakeRunService(), null);

        Assert.False(state.CanCompare);
        Assert.Empty(state.Messages);
        Assert.Equal("No run to compare. Select 2 to 8 runs on the runs list and choose Compare.", state.NotEnoughRunsMessage);
    }

    [Fact]
    public async Task Load_RepeatedId_CountsOnce()
    {
        var service = new FakeRunService();
        RunDetails first = service.Add("a", new ExperimentConfig());

        var state = new RunComparisonState();
        await state.LoadAsync(service, Link(first.Summary.Id, first.Summary.Id));

        Assert.Single(state.Runs);
        Assert.Single(service.Requested);
        Assert.False(state.CanCompare);
    }

    [Fact]
    public async Task Load_NineRuns_ComparesFirstEight()
    {
        var service = new FakeRunService();
        Guid[] ids = [.. Enumerable.Range(0, 9).Select(index => service.Add($"run {index}", new ExperimentConfig { Seed = index }).Summary.Id)];
        var state = new RunComparisonState();

        await state.LoadAsync(service, Link(ids));

        Assert.Equal(RunComparisonLimits.MaxRuns, state.Runs.Count);
        Assert.Equal(ids[..8], state.Runs.Select(run => run.Id));
        Assert.DoesNotContain(ids[8], service.Requested);
        Assert.StartsWith("The link names 9 runs, but at most 8 can be compared.", Assert.Single(state.Messages), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_SameNames_AddsIdToLabel()
    {
        var service = new FakeRunService();
        RunDetails first = service.Add("baseline", new ExperimentConfig());
        RunDetails second = service.Add("baseline", new ExperimentConfig());
        var state = new RunComparisonState();

        await state.LoadAsync(service, Link(first.Summary.Id, second.Summary.Id));

        Assert.Equal($"baseline ({first.Summary.Id.ToString("N")[..8]})", state.Runs[0].Label);
        Assert.Equal($"baseline ({second.Summary.Id.ToString("N")[..8]})", state.Runs[1].Label);
    }

    [Fact]
    public async Task Apply_RunningRun_AppendsNextRoundOnly()
    {
        var service = new FakeRunService();
        RunDetails running = service.Add("live", new ExperimentConfig(), RunStatus.Running, rounds: 2, totalRounds: 5);
        RunDetails done = service.Add("done", new ExperimentConfig());
        var state = new RunComparisonState();
        await state.LoadAsync(service, Link(running.Summary.Id, done.Summary.Id));

        bool repeated = state.Apply(new RoundCompleted(running.Summary.Id, FakeRunService.Round(2, 0.9)));
        bool next = state.Apply(new RoundCompleted(running.Summary.Id, FakeRunService.Round(3, 0.7)));
        bool otherRun = state.Apply(new RoundCompleted(Guid.NewGuid(), FakeRunService.Round(4, 0.7)));

        Assert.True(state.HasActiveRuns);
        Assert.False(repeated);
        Assert.True(next);
        Assert.False(otherRun);
        Assert.Equal([1, 2, 3], state.Runs[0].Rounds.Select(round => round.Round));
        Assert.Equal(0.7, state.Runs[0].Rounds[^1].TestAccuracy);
    }

    [Fact]
    public async Task Apply_BeforeLoad_ReplaysAfterIt()
    {
        var service = new FakeRunService();
        RunDetails running = service.Add("live", new ExperimentConfig(), RunStatus.Running, rounds: 1, totalRounds: 5);
        RunDetails done = service.Add("done", new ExperimentConfig());
        var state = new RunComparisonState();

        bool applied = state.Apply(new RoundCompleted(running.Summary.Id, FakeRunService.Round(2, 0.4)));
        RunSummary finished = running.Summary with { Status = RunStatus.Completed, CompletedRounds = 2 };
        state.Apply(new RunStatusChanged(running.Summary.Id, finished));
        await state.LoadAsync(service, Link(running.Summary.Id, done.Summary.Id));

        Assert.False(applied);
        Assert.Equal([1, 2], state.Runs[0].Rounds.Select(round => round.Round));
        Assert.Equal(RunStatus.Completed, state.Runs[0].Summary.Status);
        Assert.False(state.HasActiveRuns);
    }

    [Fact]
    public async Task SettingRows_DefaultView_ShowsOnlyDifferences()
    {
        var service = new FakeRunService();
        RunDetails first = service.Add("a", new ExperimentConfig { Strategy = StrategyKind.FedAvg, Rounds = 3 });
        RunDetails second = service.Add("b", new ExperimentConfig { Strategy = StrategyKind.FedProx, Aggregation = AggregationKind.Median, Rounds = 3 });
        var state = new RunComparisonState();
        await state.LoadAsync(service, Link(first.Summary.Id, second.Summary.Id));

        IReadOnlyList<RunComparisonRow> visible = state.VisibleSettingRows;
        state.ShowAllSettings = true;
        IReadOnlyList<RunComparisonRow> all = state.VisibleSettingRows;

        Assert.Equal(["strategy", "aggregation"], visible.Select(row => row.Setting));
        Assert.Equal(["fedavg", "fedprox"], visible[0].Values);
        Assert.Equal(["mean", "median"], visible[1].Values);
        Assert.Equal(2, state.DifferingSettingCount);
        Assert.Equal(state.SettingRows.Count, all.Count);
        Assert.Contains(all, row => row.Setting == "rounds" && !row.Differs);
    }
}
