using System.Globalization;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Web.Ui;

/// <summary>
/// When the experiment form and the run page qualify the reported ε, and the texts they show. The accountant
/// computes ε for Poisson sampling with rate q = C. Under fixed-size sampling the engine uses q = m/K, which
/// makes ε an approximation.
/// </summary>
public static class PrivacyNotes
{
    /// <summary>Warning shown when a mechanism with an accountant runs with fixed-size sampling.</summary>
    public const string FixedSamplingWarning =
        "With fixed-size sampling the reported ε is an approximation; choose Poisson sampling for the accountant's guarantee.";

    /// <summary>
    /// Note shown when clients can fail to report: the server still divides by the expected number of clients, and
    /// failures that do not depend on the data only lower the true ε.
    /// </summary>
    public const string DropoutUpperBoundNote =
        "The server divides by the expected number of clients whoever reports, and dropouts that do not depend on a " +
        "client's data only lower the true ε, so the reported ε is an upper bound.";

    /// <summary>Message shown instead of ε when the noise multiplier is 0.</summary>
    public const string UnboundedMessage =
        "ε is unbounded: the noise multiplier z is 0, so this run has no differential-privacy guarantee. " +
        "Set a noise multiplier above 0 or a target ε to get one.";

    /// <summary>Note on local differential privacy, whose ε does not depend on sampling.</summary>
    public const string LocalEpsilonNote =
        "Local DP reports the ε of a client that takes part in every round: each round composes its per-round local ε.";

    /// <summary>
    /// Returns whether the reported ε of <paramref name="mechanism"/> under <paramref name="sampling"/> is an
    /// approximation. That is the case for central, central adaptive and client DP with fixed-size sampling.
    /// Local DP counts every round for every client (q = 1), so its ε does not depend on sampling.
    /// </summary>
    public static bool IsEpsilonApproximate(DifferentialPrivacyKind mechanism, ClientSamplingKind sampling) =>
        ExperimentSettingUse.UsesAccountantNoise(mechanism) && sampling == ClientSamplingKind.Fixed;

    /// <summary>
    /// Returns whether the run page adds <see cref="DropoutUpperBoundNote"/> for <paramref name="config"/>: a
    /// mechanism with server-side noise, and clients that can fail to report through dropout or a round deadline.
    /// </summary>
    public static bool IsEpsilonUpperBound(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return ExperimentSettingUse.UsesAccountantNoise(config.DifferentialPrivacy)
            && (config.Dropout > 0 || config.RoundDeadlineSeconds is not null);
    }

    /// <summary>Returns the notes the run page shows under the ε chart of <paramref name="config"/>, in display order.</summary>
    public static IReadOnlyList<string> ForRun(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var notes = new List<string>();
        if (IsEpsilonApproximate(config.DifferentialPrivacy, config.Sampling))
        {
            notes.Add(FixedSamplingWarning);
        }

        if (IsEpsilonUpperBound(config))
        {
            notes.Add(DropoutUpperBoundNote);
        }

        if (config.DifferentialPrivacy == DifferentialPrivacyKind.Local)
        {
            notes.Add(LocalEpsilonNote);
        }

        return notes;
    }

    /// <summary>Formats ε for display with three significant digits, for example "7.33" or "0.724".</summary>
    public static string FormatEpsilon(double epsilon) => epsilon.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>
    /// Formats δ with three significant digits written out as a decimal, for example "0.00001" for 1e-5, because
    /// "1E-05" reads as a code to people outside programming. Values below 1e-12 keep the exponent form.
    /// </summary>
    public static string FormatDelta(double delta)
    {
        string rounded = delta.ToString("G3", CultureInfo.InvariantCulture);
        double value = double.Parse(rounded, CultureInfo.InvariantCulture);
        return value is > 0 and < 1e-12 ? rounded : value.ToString("0.##############", CultureInfo.InvariantCulture);
    }
}
