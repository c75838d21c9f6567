using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

public sealed class RunResumeNoteTests
{
    [Fact]
    public void Describe_ResumableRun_NamesNextRound()
    {
        RunSummary summary = Interrupted(completedRounds: 4, totalRounds: 12) with { CanResume = true };

        string? note = RunResumeNote.Describe(summary);

        Assert.Equal("Stopped at round 4 of 12 when the server stopped. Resume continues from round 5 with the same results.", note);
    }

    [Fact]
    public void Describe_RunWithoutRounds_StartsFromRoundOne()
    {
        RunSummary summary = Interrupted(completedRounds: 0, totalRounds: 12) with { CanResume = true };

        string? note = RunResumeNote.Describe(summary);

        Assert.Equal("Stopped before round 1 of 12 when the server stopped. Resume starts it from round 1.", note);
    }

    [Fact]
    public void Describe_RunWithoutCheckpoint_GivesStoredReason()
    {
        const string reason = "The checkpoint of round 3 would be 90 MiB, more than the 64 MiB limit.";
        RunSummary summary = Interrupted(completedRounds: 3, totalRounds: 12) with { Error = reason };

        string? note = RunResumeNote.Describe(summary);

        Assert.NotNull(note);
        Assert.Contains("cannot be resumed", note, StringComparison.Ordinal);
        Assert.Contains(reason, note, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_RunWithoutCheckpointOrReason_NamesMissingRound()
    {
        RunSummary summary = Interrupted(completedRounds: 3, totalRounds: 12);

        string? note = RunResumeNote.Describe(summary);

        Assert.NotNull(note);
        Assert.Contains("No checkpoint of round 3 is stored.", note, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_CompletedRun_ReturnsNull()
    {
        RunSummary summary = Interrupted(completedRounds: 12, totalRounds: 12) with { Status = RunStatus.Completed };

        Assert.Null(RunResumeNote.Describe(summary));
    }

    [Fact]
    public void LiveState_ResumedStatusAfterInterrupted_IsApplied()
    {
        var state = new RunLiveState();
        RunSummary interrupted = Interrupted(completedRounds: 4, totalRounds: 12) with { CanResume = true };
        state.Load(new RunDetails(interrupted, new FedWorkbench.Simulation.Configuration.ExperimentConfig(), []));

        state.Apply(new RunStatusChanged(interrupted.Id, interrupted with { Status = RunStatus.Queued, QueuePosition = 1 }));
        Assert.Equal(RunStatus.Queued, state.Summary!.Status);

        state.Apply(new RunStatusChanged(interrupted.Id, interrupted with { Status = RunStatus.Running }));
        Assert.Equal(RunStatus.Running, state.Summary!.Status);
    }

    private static RunSummary Interrupted(int completedRounds, int totalRounds) => new(
        Guid.NewGuid(), "run", RunStatus.Interrupted, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch,
        completedRounds, totalRounds, BestAccuracy: null, QueuePosition: null, Error: null);
}
