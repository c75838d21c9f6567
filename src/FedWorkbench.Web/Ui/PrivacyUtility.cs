using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Runs;

namespace FedWorkbench.Web.Ui;

/// <summary>One run on the privacy-utility scatter of the compare page.</summary>
/// <param name="Index">Position of the run on the compare page, which picks its color.</param>
/// <param name="Label">The run's legend label.</param>
/// <param name="Epsilon">ε spent after the run's last stored round.</param>
/// <param name="TestAccuracy">Test accuracy after the run's last stored round.</param>
/// <param name="Round">The run's last stored round.</param>
/// <param name="IsApproximate">Whether ε is an approximation, because the run sampled a fixed number of clients.</param>
public sealed record PrivacyUtilityPoint(int Index, string Label, double Epsilon, double TestAccuracy, int Round, bool IsApproximate);

/// <summary>A compared run that has no point on the privacy-utility scatter, and why.</summary>
public sealed record PrivacyUtilityExclusion(string Label, string Reason);

/// <summary>The privacy-utility view of the compare page: the runs with a finite ε as points, and the others with the reason.</summary>
public sealed record PrivacyUtilityView(IReadOnlyList<PrivacyUtilityPoint> Points, IReadOnlyList<PrivacyUtilityExclusion> Excluded)
{
    /// <summary>Reason shown for a run without differential privacy.</summary>
    public const string NoPrivacyReason = "no differential privacy (ε = ∞, no guarantee)";

    /// <summary>Reason shown for a run whose noise multiplier is 0.</summary>
    public const string UnboundedReason = "ε unbounded: noise multiplier z = 0";

    /// <summary>Reason shown for a run with differential privacy but no stored ε yet.</summary>
    public const string NoRoundReason = "no round with ε yet";

    /// <summary>
    /// Builds the view from the compared runs, in page order. A run's point is its last stored round: its final ε
    /// and test accuracy once it has ended, its latest while it runs.
    /// </summary>
    public static PrivacyUtilityView Build(IReadOnlyList<ComparedRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var points = new List<PrivacyUtilityPoint>();
        var excluded = new List<PrivacyUtilityExclusion>();
        for (int index = 0; index < runs.Count; index++)
        {
            ComparedRun run = runs[index];
            RoundMetrics? last = run.Rounds.Count == 0 ? null : run.Rounds[^1];
            if (run.Config.DifferentialPrivacy == DifferentialPrivacyKind.None)
            {
                excluded.Add(new PrivacyUtilityExclusion(run.Label, NoPrivacyReason));
            }
            else if (last is { EpsilonUnbounded: true })
            {
                excluded.Add(new PrivacyUtilityExclusion(run.Label, UnboundedReason));
            }
            else if (last?.Epsilon is not double epsilon)
            {
                excluded.Add(new PrivacyUtilityExclusion(run.Label, NoRoundReason));
            }
            else
            {
                bool approximate = PrivacyNotes.IsEpsilonApproximate(run.Config.DifferentialPrivacy, run.Config.Sampling);
                points.Add(new PrivacyUtilityPoint(index, run.Label, epsilon, last.TestAccuracy, last.Round, approximate));
            }
        }

        return new PrivacyUtilityView(points, excluded);
    }

    /// <summary>Whether any compared run uses differential privacy, so that the compare page shows the view.</summary>
    public static bool AppliesTo(IReadOnlyList<ComparedRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return runs.Any(run => run.Config.DifferentialPrivacy != DifferentialPrivacyKind.None);
    }
}
