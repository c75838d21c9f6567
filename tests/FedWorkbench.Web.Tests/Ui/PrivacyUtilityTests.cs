using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

public sealed class PrivacyUtilityTests
{
    private static ComparedRun Run(string label, ExperimentConfig config, params RoundMetrics[] rounds)
    {
        var summary = new RunSummary(Guid.NewGuid(), label, RunStatus.Completed, DateTimeOffset.UnixEpoch, null, null, rounds.Length, rounds.Length, null, null, null);
        var run = new ComparedRun(summary.Id, label) { Summary = summary, Config = config };
        run.Rounds.AddRange(rounds);
        return run;
    }

    private static readonly ExperimentConfig CentralPoisson = new()
    {
        DifferentialPrivacy = DifferentialPrivacyKind.Central,
        Sampling = ClientSamplingKind.Poisson,
    };

    [Fact]
    public void Build_UsesLastRoundOfEachRun()
    {
        ComparedRun[] runs =
        [
            Run("ε 8", CentralPoisson,
                FakeRunService.Round(1, 0.5) with { Epsilon = 3 },
                FakeRunService.Round(2, 0.75) with { Epsilon = 8 }),
            Run("ε 2", CentralPoisson with { TargetEpsilon = 2 },
                FakeRunService.Round(1, 0.25) with { Epsilon = 1 },
                FakeRunService.Round(2, 0.5) with { Epsilon = 2 }),
        ];

        PrivacyUtilityView view = PrivacyUtilityView.Build(runs);

        Assert.Equal(
            [new PrivacyUtilityPoint(0, "ε 8", 8, 0.75, 2, false), new PrivacyUtilityPoint(1, "ε 2", 2, 0.5, 2, false)],
            view.Points);
        Assert.Empty(view.Excluded);
    }

    [Fact]
    public void Build_ListsRunsWithoutPoint()
    {
        ComparedRun[] runs =
        [
            Run("baseline", new ExperimentConfig(), FakeRunService.Round(1, 0.9)),
            Run("z = 0", CentralPoisson with { NoiseMultiplier = 0 }, FakeRunService.Round(1, 0.85) with { EpsilonUnbounded = true }),
            Run("queued", CentralPoisson),
            Run("fixed", CentralPoisson with { Sampling = ClientSamplingKind.Fixed }, FakeRunService.Round(1, 0.6) with { Epsilon = 4 }),
        ];

        PrivacyUtilityView view = PrivacyUtilityView.Build(runs);

        PrivacyUtilityPoint point = Assert.Single(view.Points);
        Assert.Equal(3, point.Index);
        Assert.True(point.IsApproximate);
        Assert.Equal(
            [
                new PrivacyUtilityExclusion("baseline", PrivacyUtilityView.NoPrivacyReason),
                new PrivacyUtilityExclusion("z = 0", PrivacyUtilityView.UnboundedReason),
                new PrivacyUtilityExclusion("queued", PrivacyUtilityView.NoRoundReason),
            ],
            view.Excluded);
    }

    [Fact]
    public void AppliesTo_NeedsOneRunWithPrivacy()
    {
        ComparedRun plain = Run("a", new ExperimentConfig());
        ComparedRun local = Run("b", new ExperimentConfig { DifferentialPrivacy = DifferentialPrivacyKind.Local });

        Assert.False(PrivacyUtilityView.AppliesTo([plain, plain]));
        Assert.True(PrivacyUtilityView.AppliesTo([plain, local]));
    }
}
