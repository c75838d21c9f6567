using System.CommandLine;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Cli.Options;

internal sealed partial class ExperimentOptions
{
    /// <summary>Sets <see cref="ExperimentConfig.Sampling"/>.</summary>
    public Option<ClientSamplingKind?> Sampling { get; } = ChoiceOption<ClientSamplingKind>(
        "--sampling",
        "How clients are sampled each round: fixed takes exactly max(1, ⌊C·K⌋), poisson takes each client independently " +
        $"with probability C, as the privacy accountant assumes [default: {OptionParsers.ChoiceName(Defaults.Sampling)}].");

    /// <summary>Sets <see cref="ExperimentConfig.DifferentialPrivacy"/>.</summary>
    public Option<DifferentialPrivacyKind?> DifferentialPrivacy { get; } = ChoiceOption<DifferentialPrivacyKind>(
        "--dp",
        "Differential privacy: central clips on the server and adds noise to the sum, central-adaptive also adapts the clip norm, " +
        "client clips on the clients, local adds each client's own noise " +
        $"[default: {OptionParsers.ChoiceName(Defaults.DifferentialPrivacy)}].");

    /// <summary>Sets <see cref="ExperimentConfig.ClipNorm"/>.</summary>
    public Option<double?> ClipNorm { get; } = NumberOption(
        "--clip-norm",
        $"L2 norm S each client update is clipped to; the initial norm under --dp central-adaptive [default: {Defaults.ClipNorm}].");

    /// <summary>Sets <see cref="ExperimentConfig.NoiseMultiplier"/>.</summary>
    public Option<double?> NoiseMultiplier { get; } = NumberOption(
        "--noise-multiplier",
        $"Noise multiplier z: the sum of clipped updates gets Gaussian noise of standard deviation z·S. 0 gives no guarantee. Ignored with --target-epsilon [default: {Defaults.NoiseMultiplier}].");

    /// <summary>Sets <see cref="ExperimentConfig.Delta"/>.</summary>
    public Option<double?> Delta { get; } = NumberOption(
        "--delta",
        $"δ of the reported (ε, δ) guarantee, in (0, 1); choose it well below 1/K [default: {Defaults.Delta}].");

    /// <summary>Sets <see cref="ExperimentConfig.TargetEpsilon"/>.</summary>
    public Option<NullableSetting<double>?> TargetEpsilon { get; } = new("--target-epsilon")
    {
        Description = "ε the run may spend over all rounds; the run then uses the smallest noise multiplier that reaches it. " +
            "none uses --noise-multiplier [default: none].",
        HelpName = "EPSILON|none",
        CustomParser = OptionParsers.NumberOrNone("no target"),
    };

    /// <summary>Sets <see cref="ExperimentConfig.ClipQuantile"/>.</summary>
    public Option<double?> ClipQuantile { get; } = NumberOption(
        "--clip-quantile",
        $"Target quantile γ of the update norms under --dp central-adaptive, in (0, 1) [default: {Defaults.ClipQuantile}].");

    /// <summary>Sets <see cref="ExperimentConfig.ClipLearningRate"/>.</summary>
    public Option<double?> ClipLearningRate { get; } = NumberOption(
        "--clip-lr",
        $"Learning rate η_C of the geometric clip-norm update under --dp central-adaptive [default: {Defaults.ClipLearningRate}].");

    /// <summary>Sets <see cref="ExperimentConfig.LocalEpsilon"/>.</summary>
    public Option<double?> LocalEpsilon { get; } = NumberOption(
        "--local-epsilon",
        $"Per-round ε with which each client perturbs its own update under --dp local [default: {Defaults.LocalEpsilon}].");

    /// <summary>Sets <see cref="ExperimentConfig.SecureAggregation"/>.</summary>
    public Option<bool?> SecureAggregation { get; } = new("--secure-aggregation")
    {
        Description = "Sum the client updates with pairwise-masking secure aggregation, so the server sees only the sum. " +
            "Give true or false to override the experiment file [default: false].",
        HelpName = "true|false",
        Arity = ArgumentArity.ZeroOrOne,
        CustomParser = OptionParsers.Switch,
    };

    /// <summary>Sets <see cref="ExperimentConfig.SecureAggregationThreshold"/>.</summary>
    public Option<double?> SecureAggregationThreshold { get; } = NumberOption(
        "--secure-aggregation-threshold",
        $"Fraction of the selected clients that must report for secure aggregation to unmask the sum, in (0, 1] [default: {Defaults.SecureAggregationThreshold}].");

    /// <summary>Sets <see cref="ExperimentConfig.RoundFailures"/>.</summary>
    public Option<RoundFailurePolicy?> RoundFailures { get; } = ChoiceOption<RoundFailurePolicy>(
        "--round-failures",
        "What a round does when secure aggregation cannot finish: skip keeps the global model and goes on, fail stops the run " +
        $"[default: {OptionParsers.ChoiceName(Defaults.RoundFailures)}].");

    private void AddPrivacyFields(Dictionary<string, Option> map)
    {
        map[nameof(ExperimentConfig.Sampling)] = Sampling;
        map[nameof(ExperimentConfig.DifferentialPrivacy)] = DifferentialPrivacy;
        map[nameof(ExperimentConfig.ClipNorm)] = ClipNorm;
        map[nameof(ExperimentConfig.NoiseMultiplier)] = NoiseMultiplier;
        map[nameof(ExperimentConfig.Delta)] = Delta;
        map[nameof(ExperimentConfig.TargetEpsilon)] = TargetEpsilon;
        map[nameof(ExperimentConfig.ClipQuantile)] = ClipQuantile;
        map[nameof(ExperimentConfig.ClipLearningRate)] = ClipLearningRate;
        map[nameof(ExperimentConfig.LocalEpsilon)] = LocalEpsilon;
        map[nameof(ExperimentConfig.SecureAggregation)] = SecureAggregation;
        map[nameof(ExperimentConfig.SecureAggregationThreshold)] = SecureAggregationThreshold;
        map[nameof(ExperimentConfig.RoundFailures)] = RoundFailures;
    }
}
