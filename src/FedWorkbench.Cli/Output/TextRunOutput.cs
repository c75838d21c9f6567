using System.Globalization;
using FedWorkbench.Cli.Options;
using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Cli.Output;

/// <summary>Writes one readable line per round, framed by a line naming the experiment and a summary line.</summary>
internal sealed class TextRunOutput(TextWriter output) : IRunOutput
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <inheritdoc/>
    public void WriteStart(ExperimentConfig config)
    {
        string model = config.Model == ModelKind.Mlp
            ? $"mlp {string.Join('-', config.HiddenLayers)}"
            : OptionParsers.ChoiceName(config.Model);
        string partition = config.Partition == PartitionKind.Dirichlet
            ? string.Create(Invariant, $"dirichlet α={config.DirichletAlpha}")
            : OptionParsers.ChoiceName(config.Partition);

        output.WriteLine(string.Create(Invariant,
            $"Training {model} on {OptionParsers.ChoiceName(config.Dataset)}: {config.Clients} clients ({partition}), " +
            $"C={config.ClientFraction}, E={config.LocalEpochs}, B={config.BatchSize}, lr={config.LearningRate}, " +
            $"{config.Rounds} rounds, seed {config.Seed}"));
    }

    /// <inheritdoc/>
    public void WriteRound(RoundResult round, int plannedRounds)
    {
        int width = plannedRounds.ToString(Invariant).Length;
        string roundLabel = $"{round.Round.ToString(Invariant).PadLeft(width)}/{plannedRounds}";
        output.WriteLine(string.Create(Invariant,
            $"round {roundLabel}  test accuracy {round.TestAccuracy * 100,6:F2}%  test loss {FormatLoss(round.TestLoss)}  " +
            $"train loss {FormatLoss(round.TrainLoss)}  elapsed {round.ElapsedSeconds,6:F1} s"));

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
            ? $"Cancelled after {summary.Rounds} of {summary.PlannedRounds} rounds"
            : summary.Rounds == 1 ? "Finished 1 round" : $"Finished {summary.Rounds} rounds";
        output.WriteLine(string.Create(Invariant,
            $"{status}: final test accuracy {summary.FinalTestAccuracy * 100:F2}%, " +
            $"best {summary.BestTestAccuracy * 100:F2}% (round {summary.BestRound}); " +
            $"{summary.TrainedSamples:N0} samples in {summary.ElapsedSeconds:F1} s ({summary.TrainedSamplesPerSecond:N0} samples/s)"));
    }

    /// <summary>
    /// Formats a loss with four decimals, or in exponent notation once it is too large for that to be readable,
    /// as when a run diverges.
    /// </summary>
    private static string FormatLoss(double loss) =>
        Math.Abs(loss) < 1e6 || !double.IsFinite(loss) ? loss.ToString("F4", Invariant) : loss.ToString("0.###E+0", Invariant);
}
