using System.Globalization;
using FedWorkbench.Cli.Options;
using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Models;

namespace FedWorkbench.Cli.Output;

/// <summary>Writes one readable line per round, framed by a line naming the experiment and a summary line.</summary>
internal sealed class TextRunOutput(TextWriter output) : IRunOutput
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Whether the accountant's ε is an approximation, because the run samples a fixed number of clients.</summary>
    private bool _epsilonIsApproximate;

    /// <summary>Names of the run's client groups, with "group N" for an unnamed group. Empty for a run without groups.</summary>
    private IReadOnlyList<string> _groupNames = [];

    /// <inheritdoc/>
    public void WriteStart(ExperimentConfig config)
    {
        string model = config.Model == ModelKind.Mlp
            ? $"mlp {string.Join('-', config.HiddenLayers)}"
            : OptionParsers.ChoiceName(config.Model);
        string partition = config.Partition switch
        {
            PartitionKind.Dirichlet => string.Create(Invariant, $"dirichlet α={config.DirichletAlpha}"),
            PartitionKind.Shards => $"shards, {config.ShardsPerClient} per client",
            PartitionKind.Classes => $"classes, {config.ClassesPerClient} per client",
            PartitionKind.Quantity => $"quantity skew by {ExperimentNames.Of(config.QuantitySkew)}",
            PartitionKind.FeatureNoise => string.Create(Invariant, $"feature-noise σ={config.FeatureNoiseSigma}"),
            _ => OptionParsers.ChoiceName(config.Partition),
        };

        output.WriteLine(string.Create(Invariant,
            $"Training {model} on {OptionParsers.ChoiceName(config.Dataset)}: {Plural.Count(config.Clients, "client")} ({partition}), " +
            $"C={config.ClientFraction}, E={config.LocalEpochs}, B={config.BatchSize}, lr={config.LearningRate}, " +
            $"{Plural.Count(config.Rounds, "round")}, seed {config.Seed}"));
        output.WriteLine($"Strategy {StrategyLine.Describe(config)}");
        WritePrivacy(config);
        output.WriteLine($"Kernels: {KernelSelection.Description}");
        _groupNames = [.. config.ClientGroups.Select((group, index) =>
            string.IsNullOrWhiteSpace(group.Name) ? $"group {(index + 1).ToString(Invariant)}" : group.Name.Trim())];
    }

    /// <summary>Describes the privacy mechanism, and notes when the reported ε is an approximation.</summary>
    private void WritePrivacy(ExperimentConfig config)
    {
        var parts = new List<string>();
        if (config.DifferentialPrivacy != DifferentialPrivacyKind.None)
        {
            string noise = config.DifferentialPrivacy switch
            {
                DifferentialPrivacyKind.Local => string.Create(Invariant, $"local ε={config.LocalEpsilon} per round"),
                _ when config.TargetEpsilon is double target => string.Create(Invariant, $"target ε={target}"),
                _ => string.Create(Invariant, $"z={config.NoiseMultiplier}"),
            };
            parts.Add(string.Create(Invariant,
                $"{OptionParsers.ChoiceName(config.DifferentialPrivacy)} DP, S={config.ClipNorm}, {noise}, δ={config.Delta}, {OptionParsers.ChoiceName(config.Sampling)} sampling"));
        }

        if (config.SecureAggregation)
        {
            parts.Add(string.Create(Invariant, $"secure aggregation, threshold {config.SecureAggregationThreshold}"));
        }

        if (parts.Count == 0)
        {
            return;
        }

        output.WriteLine($"Privacy: {string.Join("; ", parts)}");
        _epsilonIsApproximate = config.DifferentialPrivacy is not (DifferentialPrivacyKind.None or DifferentialPrivacyKind.Local)
            && config.Sampling == ClientSamplingKind.Fixed;
        if (_epsilonIsApproximate)
        {
            output.WriteLine("  ε is an approximation: the accountant assumes Poisson sampling, and this run samples a fixed number of clients (use --sampling poisson for an exact bound).");
        }
    }

    /// <inheritdoc/>
    public void WriteRound(RoundResult round, int plannedRounds)
    {
        int width = plannedRounds.ToString(Invariant).Length;
        string roundLabel = $"{round.Round.ToString(Invariant).PadLeft(width)}/{plannedRounds}";
        output.WriteLine(string.Create(Invariant,
            $"round {roundLabel}  test accuracy {round.TestAccuracy * 100,6:F2}%  test loss {FormatLoss(round.TestLoss)}  " +
            $"train loss {FormatLoss(round.TrainLoss)}  elapsed {round.ElapsedSeconds,6:F1} s"));

        string? details = DescribeRoundDetails(round);
        if (details is not null)
        {
            output.WriteLine($"  {details}");
        }

        string? groups = DescribeGroupAccuracy(round);
        if (groups is not null)
        {
            output.WriteLine($"  {groups}");
        }

        string? privacy = DescribePrivacy(round);
        if (privacy is not null)
        {
            output.WriteLine($"  {privacy}");
        }

        if (round.GlobalModelKeptReason is not null)
        {
            output.WriteLine($"  global model kept: {round.GlobalModelKeptReason}");
        }

        foreach (string reason in round.RejectedUpdates)
        {
            output.WriteLine($"  rejected update: {reason}");
        }
    }

    /// <inheritdoc/>
    public void WriteSummary(RunSummary summary)
    {
        if (summary.Rounds == 0)
        {
            output.WriteLine($"No round finished (0 of {summary.PlannedRounds}).");
            return;
        }

        string status = summary.Cancelled
            ? $"Cancelled after {summary.Rounds} of {Plural.Count(summary.PlannedRounds, "round")}"
            : $"Finished {Plural.Count(summary.Rounds, "round")}";
        output.WriteLine(string.Create(Invariant,
            $"{status}: final test accuracy {summary.FinalTestAccuracy * 100:F2}%, " +
            $"best {summary.BestTestAccuracy * 100:F2}% (round {summary.BestRound}); " +
            $"{Plural.Count(summary.TrainedSamples, "sample")} in {summary.ElapsedSeconds:F1} s ({summary.TrainedSamplesPerSecond:N0} samples/s)"));
        if (summary.BytesDown > 0 || summary.BytesUp > 0 || summary.SimulatedSeconds > 0)
        {
            output.WriteLine(string.Create(Invariant,
                $"Sent {FormatBytes(summary.BytesUp)} up and {FormatBytes(summary.BytesDown)} down in {summary.SimulatedSeconds:F1} simulated seconds"));
        }
    }

    /// <summary>
    /// Describes the round's clients, traffic, simulated time and per-client accuracy on one line. Values the round
    /// did not measure are left out, and the result is null when it measured none of them.
    /// </summary>
    private static string? DescribeRoundDetails(RoundResult round)
    {
        var parts = new List<string>();
        if (round.ReportedClients > 0 || round.DroppedClients > 0)
        {
            string clients = $"{round.ReportedClients}/{round.SampledClients} {Plural.Noun(round.SampledClients, "client")} reported";
            if (round.DroppedClients > 0)
            {
                clients += $", {round.DroppedClients} dropped";
            }

            if (round.MaliciousClients > 0)
            {
                clients += $", {round.MaliciousClients} malicious";
            }

            parts.Add(clients);
        }

        if (round.BytesUp > 0 || round.BytesDown > 0)
        {
            parts.Add($"up {FormatBytes(round.BytesUp)}, down {FormatBytes(round.BytesDown)}");
        }

        if (round.SimulatedSeconds > 0)
        {
            parts.Add(string.Create(Invariant, $"simulated {round.SimulatedSeconds:F1} s"));
        }

        if (round.ClientAccuracy is { } accuracy)
        {
            parts.Add(string.Create(Invariant,
                $"client accuracy {accuracy.Mean * 100:F1}% ± {accuracy.StandardDeviation * 100:F1}%, worst 10% {accuracy.Worst10Percent * 100:F1}%"));
        }

        return parts.Count == 0 ? null : string.Join("  ", parts);
    }

    /// <summary>
    /// Describes each client group's held-out accuracy on one line, for example "group accuracy Phones 81.2%,
    /// Tablets n/a". Returns null for a run without groups. "n/a" marks a group none of whose clients has a held-out split.
    /// </summary>
    private string? DescribeGroupAccuracy(RoundResult round)
    {
        if (round.GroupAccuracy is not { Count: > 0 } accuracy)
        {
            return null;
        }

        IEnumerable<string> parts = accuracy.Select((value, index) =>
        {
            string name = index < _groupNames.Count ? _groupNames[index] : $"group {(index + 1).ToString(Invariant)}";
            return value is double mean && double.IsFinite(mean) ? string.Create(Invariant, $"{name} {mean * 100:F1}%") : $"{name} n/a";
        });
        return $"group accuracy {string.Join(", ", parts)}";
    }

    /// <summary>Describes the round's ε, clipping and secure aggregation on one line; null when none applies.</summary>
    private string? DescribePrivacy(RoundResult round)
    {
        var parts = new List<string>();
        if (round.Epsilon is double epsilon)
        {
            parts.Add(double.IsPositiveInfinity(epsilon)
                ? "ε ∞ (noise multiplier 0, no guarantee)"
                : string.Create(Invariant, $"ε {epsilon:F3}{(_epsilonIsApproximate ? " (approximation)" : string.Empty)}"));
        }

        if (round.ClipNorm is double clipNorm)
        {
            parts.Add(string.Create(Invariant, $"clip norm {clipNorm:G4}, {(round.ClippedFraction ?? 0) * 100:F0}% clipped"));
        }

        if (round.SecureAggregationBytes > 0)
        {
            parts.Add(string.Create(Invariant, $"secure aggregation {FormatBytes(round.SecureAggregationBytes)}, {round.SecureAggregationSeconds:F2} s"));
        }

        return parts.Count == 0 ? null : string.Join("  ", parts);
    }

    /// <summary>Formats a byte count with decimal prefixes (1 MB = 10⁶ bytes).</summary>
    internal static string FormatBytes(long bytes) => bytes switch
    {
        < 1_000 => string.Create(Invariant, $"{bytes} B"),
        < 1_000_000 => string.Create(Invariant, $"{bytes / 1e3:F1} kB"),
        < 1_000_000_000 => string.Create(Invariant, $"{bytes / 1e6:F1} MB"),
        _ => string.Create(Invariant, $"{bytes / 1e9:F2} GB"),
    };

    /// <summary>
    /// Formats a loss with four decimals, or in exponent notation once it is too large for that to be readable,
    /// as when a run diverges.
    /// </summary>
    private static string FormatLoss(double loss) =>
        Math.Abs(loss) < 1e6 || !double.IsFinite(loss) ? loss.ToString("F4", Invariant) : loss.ToString("0.###E+0", Invariant);
}
