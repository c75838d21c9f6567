using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using FedWorkbench.Cli.Options;
using FedWorkbench.Data.Baselines;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Cli.Commands;

/// <summary>
/// <c>fedwb run --baseline</c>: trains centralized baselines on the run's pooled training data after the run and
/// writes their test accuracy, as a line each or, with <c>--json</c>, as one JSON object each after the summary.
/// </summary>
internal static class BaselineOutput
{
    /// <summary>The value of <c>--baseline</c> that selects every kind.</summary>
    public const string AllToken = "all";

    /// <summary>Parses a comma-separated list of baseline names, or <see cref="AllToken"/>.</summary>
    public static IReadOnlyList<BaselineKind>? ParseKinds(ArgumentResult result)
    {
        string token = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        string names = string.Join(", ", ExperimentNames.All<BaselineKind>());
        if (string.Equals(token.Trim(), AllToken, StringComparison.OrdinalIgnoreCase))
        {
            return Enum.GetValues<BaselineKind>();
        }

        if (token.Split(',', StringSplitOptions.TrimEntries).Any(part => string.Equals(part, AllToken, StringComparison.OrdinalIgnoreCase)))
        {
            result.AddError($"--baseline: {AllToken} already names every baseline, so give it alone or list the baselines instead.");
            return null;
        }

        if (!BaselineKindList.TryParse(token, out IReadOnlyList<BaselineKind> kinds, out string? invalid) || kinds.Count == 0)
        {
            result.AddError($"--baseline: '{invalid ?? token}' is not a baseline. Choose from {names}, separated by commas, or {AllToken}.");
            return null;
        }

        return kinds;
    }

    /// <summary>Describes one baseline in a line, for example "Centralized maximum-entropy: test accuracy 71.25% (...)".</summary>
    public static string Describe(BaselineResult result) =>
        string.Create(CultureInfo.InvariantCulture,
            $"Centralized {ExperimentNames.Of(result.Kind)}: test accuracy {result.TestAccuracy * 100:F2}% in {result.Seconds:F2} s ({result.Description})");

    /// <summary>Returns the JSON line of one baseline.</summary>
    public static string ToJson(BaselineResult result) =>
        JsonSerializer.Serialize(
            new
            {
                baseline = ExperimentNames.Of(result.Kind),
                testAccuracy = result.TestAccuracy,
                testLogLoss = result.TestLogLoss,
                trainingSamples = result.TrainingSamples,
                testSamples = result.TestSamples,
                seconds = result.Seconds,
                description = result.Description,
            },
            Output.JsonRunOutput.Options);
}
