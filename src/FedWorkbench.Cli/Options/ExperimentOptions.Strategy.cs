using System.CommandLine;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Cli.Options;

internal sealed partial class ExperimentOptions
{
    /// <summary>Sets <see cref="ExperimentConfig.Strategy"/>, and <see cref="ExperimentConfig.Aggregation"/> for a robust rule's name.</summary>
    public Option<StrategyChoice?> Strategy { get; } = CreateStrategyOption();

    /// <summary>Sets <see cref="ExperimentConfig.Aggregation"/>.</summary>
    public Option<AggregationKind?> Aggregation { get; } = ChoiceOption<AggregationKind>(
        "--aggregation",
        "How client updates are combined before the strategy applies them. Use it to wrap a strategy other than fedavg " +
        $"in a robust rule; fednova and scaffold need mean [default: {OptionParsers.ChoiceName(Defaults.Aggregation)}].");

    /// <summary>Sets <see cref="ExperimentConfig.ProximalMu"/>.</summary>
    public Option<double?> Mu { get; } = NumberOption("--mu", $"FedProx proximal coefficient μ in μ/2·‖w − w_global‖² [default: {Defaults.ProximalMu}].");

    /// <summary>Sets <see cref="ExperimentConfig.ServerLearningRate"/>.</summary>
    public Option<NullableSetting<double>?> ServerLearningRate { get; } = new("--server-lr")
    {
        Description = "Server learning rate η of fedavgm, fedadagrad, fedadam, fedyogi, fednova and scaffold; none takes the " +
            "strategy's default: 1 for fedavgm, fednova and scaffold, 0.1 for fedadagrad, 0.01 for fedadam and fedyogi [default: none].",
        HelpName = "X|none",
        CustomParser = OptionParsers.NumberOrNone("the strategy's default"),
    };

    /// <summary>Sets <see cref="ExperimentConfig.ServerMomentum"/>.</summary>
    public Option<double?> ServerMomentum { get; } = NumberOption("--server-momentum", $"Server momentum β of fedavgm [default: {Defaults.ServerMomentum}].");

    /// <summary>Sets <see cref="ExperimentConfig.Beta1"/>.</summary>
    public Option<double?> Beta1 { get; } = NumberOption("--beta1", $"First-moment decay β1 of fedadagrad, fedadam and fedyogi [default: {Defaults.Beta1}].");

    /// <summary>Sets <see cref="ExperimentConfig.Beta2"/>.</summary>
    public Option<double?> Beta2 { get; } = NumberOption("--beta2", $"Second-moment decay β2 of fedadam and fedyogi [default: {Defaults.Beta2}].");

    /// <summary>Sets <see cref="ExperimentConfig.Tau"/>.</summary>
    public Option<double?> Tau { get; } = NumberOption("--tau", $"Adaptivity τ of fedadagrad, fedadam and fedyogi, added to √v in the denominator [default: {Defaults.Tau}].");

    /// <summary>Sets <see cref="ExperimentConfig.TrimFraction"/>.</summary>
    public Option<double?> TrimFraction { get; } = NumberOption(
        "--trim-fraction",
        $"Fraction β of the values the trimmed mean drops from each end, per coordinate, in [0, 0.5) [default: {Defaults.TrimFraction}].");

    /// <summary>
    /// Sets <see cref="ExperimentConfig.TrimFraction"/> under the symbol β that the experiment documents use. Accepted only
    /// where β cannot mean the β of FedAvgM or the β1 and β2 of the adaptive strategies; see
    /// <see cref="ExperimentConfigBuilder"/>.
    /// </summary>
    public Option<double?> Beta { get; } = NumberOption(
        "--beta",
        "Trim fraction β of the trimmed mean, the same as --trim-fraction. Accepted with --aggregation trimmed-mean under " +
        "fedavg or fedprox only; for fedavgm use --server-momentum, for fedadagrad, fedadam and fedyogi use --beta1 and --beta2.");

    /// <summary>Sets <see cref="ExperimentConfig.AssumedAttackers"/>.</summary>
    public Option<int?> KrumF { get; } = IntegerOption(
        "--krum-f",
        $"Number f of attackers that krum, multi-krum and bulyan assume among a round's updates [default: {Defaults.AssumedAttackers}].");

    /// <summary>Sets <see cref="ExperimentConfig.KrumSelected"/>.</summary>
    public Option<NullableSetting<int>?> KrumM { get; } = new("--krum-m")
    {
        Description = "Updates m that multi-krum averages; none takes n − f, where n is the number of updates in the round [default: none].",
        HelpName = "N|none",
        CustomParser = OptionParsers.IntegerOrNone("n − f"),
    };

    private static Option<StrategyChoice?> CreateStrategyOption()
    {
        var option = new Option<StrategyChoice?>("--strategy")
        {
            Description = $"The server's algorithm: {string.Join(", ", StrategyChoice.Names)}. The robust rules median, " +
                "trimmed-mean, krum, multi-krum and bulyan are shorthand for fedavg with that --aggregation " +
                $"[default: {OptionParsers.ChoiceName(Defaults.Strategy)}].",
            HelpName = "NAME",
            CustomParser = StrategyChoice.Parse,
        };
        option.CompletionSources.Add([.. StrategyChoice.Names]);
        return option;
    }

    private void AddStrategyFields(Dictionary<string, Option> map)
    {
        map[nameof(ExperimentConfig.Strategy)] = Strategy;
        map[nameof(ExperimentConfig.Aggregation)] = Aggregation;
        map[nameof(ExperimentConfig.ProximalMu)] = Mu;
        map[nameof(ExperimentConfig.ServerLearningRate)] = ServerLearningRate;
        map[nameof(ExperimentConfig.ServerMomentum)] = ServerMomentum;
        map[nameof(ExperimentConfig.Beta1)] = Beta1;
        map[nameof(ExperimentConfig.Beta2)] = Beta2;
        map[nameof(ExperimentConfig.Tau)] = Tau;
        map[nameof(ExperimentConfig.TrimFraction)] = TrimFraction;
        map[nameof(ExperimentConfig.AssumedAttackers)] = KrumF;
        map[nameof(ExperimentConfig.KrumSelected)] = KrumM;
    }
}
