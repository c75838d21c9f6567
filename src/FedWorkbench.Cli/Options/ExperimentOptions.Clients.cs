using System.CommandLine;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Cli.Options;

internal sealed partial class ExperimentOptions
{
    /// <summary>Sets <see cref="ExperimentConfig.ShardsPerClient"/>.</summary>
    public Option<int?> ShardsPerClient { get; } = IntegerOption(
        "--shards-per-client",
        $"Label-sorted shards each client receives under --partition shards [default: {Defaults.ShardsPerClient}].");

    /// <summary>Sets <see cref="ExperimentConfig.ClassesPerClient"/>.</summary>
    public Option<int?> ClassesPerClient { get; } = IntegerOption(
        "--classes-per-client",
        $"Distinct labels each client holds under --partition classes [default: {Defaults.ClassesPerClient}].");

    /// <summary>Sets <see cref="ExperimentConfig.QuantitySkew"/>.</summary>
    public Option<QuantitySkewKind?> QuantitySkew { get; } = ChoiceOption<QuantitySkewKind>(
        "--quantity-skew",
        $"How client sizes are drawn under --partition quantity [default: {OptionParsers.ChoiceName(Defaults.QuantitySkew)}].");

    /// <summary>Sets <see cref="ExperimentConfig.QuantityAlpha"/>.</summary>
    public Option<double?> QuantityAlpha { get; } = NumberOption(
        "--quantity-alpha",
        $"Dirichlet concentration of the client sizes under --quantity-skew dirichlet. Smaller values give more unequal sizes [default: {Defaults.QuantityAlpha}].");

    /// <summary>Sets <see cref="ExperimentConfig.PowerLawExponent"/>.</summary>
    public Option<double?> PowerLawExponent { get; } = NumberOption(
        "--power-law-exponent",
        $"Pareto shape a of the client sizes under --quantity-skew power-law. Smaller values give more unequal sizes [default: {Defaults.PowerLawExponent}].");

    /// <summary>Sets <see cref="ExperimentConfig.FeatureNoiseSigma"/>.</summary>
    public Option<double?> FeatureNoise { get; } = NumberOption(
        "--feature-noise",
        $"Feature skew σ under --partition feature-noise: client i (from 0) adds Gaussian noise of standard deviation σ·(i + 1)/K to each feature [default: {Defaults.FeatureNoiseSigma}].");

    /// <summary>Sets <see cref="ExperimentConfig.ClientTestFraction"/>.</summary>
    public Option<double?> ClientTestFraction { get; } = NumberOption(
        "--client-test-fraction",
        $"Fraction of each client's samples held out to measure per-client accuracy; 0 turns it off [default: {Defaults.ClientTestFraction}].");

    /// <summary>Sets <see cref="ExperimentConfig.Momentum"/>.</summary>
    public Option<double?> Momentum { get; } = NumberOption("--momentum", $"Local SGD momentum ρ; 0 is plain SGD [default: {Defaults.Momentum}].");

    /// <summary>Sets <see cref="ExperimentConfig.WeightDecay"/>.</summary>
    public Option<double?> WeightDecay { get; } = NumberOption("--weight-decay", $"Local SGD L2 weight decay λ, added to the gradient as λ·w [default: {Defaults.WeightDecay}].");

    /// <summary>Sets <see cref="ExperimentConfig.Dropout"/>.</summary>
    public Option<double?> Dropout { get; } = NumberOption(
        "--dropout",
        $"Probability that a sampled client fails to report its update, independently per client and round [default: {Defaults.Dropout}].");

    /// <summary>Sets <see cref="ExperimentConfig.RoundDeadlineSeconds"/>.</summary>
    public Option<NullableSetting<double>?> Deadline { get; } = new("--deadline")
    {
        Description = "Simulated seconds the server waits for updates in a round; later clients are dropped as stragglers. " +
            "none waits for every client [default: none].",
        HelpName = "SECONDS|none",
        CustomParser = OptionParsers.NumberOrNone("no deadline"),
    };

    /// <summary>Sets <see cref="ExperimentConfig.OverSelection"/>.</summary>
    public Option<double?> OverSelection { get; } = NumberOption(
        "--over-selection",
        $"Over-selection o: sample ⌈m·(1 + o)⌉ clients and aggregate the first m that report; 0 samples exactly m [default: {Defaults.OverSelection}].");

    /// <summary>Sets <see cref="ExperimentConfig.ComputeSpeedMedian"/>.</summary>
    public Option<double?> ComputeSpeed { get; } = NumberOption(
        "--compute-speed",
        $"Median client compute speed, in trained samples per second [default: {Defaults.ComputeSpeedMedian}].");

    /// <summary>Sets <see cref="ExperimentConfig.ComputeSpeedSpread"/>.</summary>
    public Option<double?> ComputeSpread { get; } = NumberOption(
        "--compute-spread",
        $"Log-normal σ of the client compute speeds; 0 gives every client the median speed [default: {Defaults.ComputeSpeedSpread}].");

    /// <summary>Sets <see cref="ExperimentConfig.BandwidthMedianMbps"/>.</summary>
    public Option<double?> Bandwidth { get; } = NumberOption(
        "--bandwidth",
        $"Median client bandwidth in megabits per second, for both directions [default: {Defaults.BandwidthMedianMbps}].");

    /// <summary>Sets <see cref="ExperimentConfig.BandwidthSpread"/>.</summary>
    public Option<double?> BandwidthSpread { get; } = NumberOption(
        "--bandwidth-spread",
        $"Log-normal σ of the client bandwidths; 0 gives every client the median bandwidth [default: {Defaults.BandwidthSpread}].");

    /// <summary>Sets <see cref="ExperimentConfig.Attack"/>.</summary>
    public Option<AttackKind?> Attack { get; } = ChoiceOption<AttackKind>(
        "--attack",
        $"What malicious clients do [default: {OptionParsers.ChoiceName(Defaults.Attack)}].");

    /// <summary>Sets <see cref="ExperimentConfig.MaliciousFraction"/>.</summary>
    public Option<double?> MaliciousFraction { get; } = NumberOption(
        "--malicious-fraction",
        $"Fraction of all clients that are malicious, chosen once per run by the seed; used unless --attack none [default: {Defaults.MaliciousFraction}].");

    /// <summary>Sets <see cref="ExperimentConfig.AttackBoost"/>.</summary>
    public Option<double?> Boost { get; } = NumberOption(
        "--boost",
        $"Boost factor γ by which --attack scaling multiplies its update [default: {Defaults.AttackBoost}].");

    /// <summary>Sets <see cref="ExperimentConfig.AttackNoiseStd"/>.</summary>
    public Option<double?> AttackNoise { get; } = NumberOption(
        "--attack-noise",
        $"Standard deviation of each coordinate of the update that --attack gaussian sends [default: {Defaults.AttackNoiseStd}].");

    /// <summary>Sets <see cref="ExperimentConfig.InvalidUpdates"/>.</summary>
    public Option<InvalidUpdatePolicy?> InvalidUpdates { get; } = ChoiceOption<InvalidUpdatePolicy>(
        "--invalid-updates",
        "What the server does with an update of wrong length, with a non-finite value or a weight that is not positive: " +
        $"drop leaves it out and logs the client, fail stops the run [default: {OptionParsers.ChoiceName(Defaults.InvalidUpdates)}].");

    /// <summary>Sets <see cref="ExperimentConfig.Compression"/>.</summary>
    public Option<CompressionKind?> Compression { get; } = ChoiceOption<CompressionKind>(
        "--compression",
        "Uplink compression of client updates: q8 and q4 quantize to 8 or 4 bits, topk keeps the largest coordinates " +
        $"with error feedback [default: {OptionParsers.ChoiceName(Defaults.Compression)}].");

    /// <summary>Sets <see cref="ExperimentConfig.TopKFraction"/>.</summary>
    public Option<double?> TopKFraction { get; } = NumberOption(
        "--topk-fraction",
        $"Fraction of the coordinates that --compression topk keeps, in (0, 1] [default: {Defaults.TopKFraction}].");

    private void AddPartitionFields(Dictionary<string, Option> map)
    {
        map[nameof(ExperimentConfig.ShardsPerClient)] = ShardsPerClient;
        map[nameof(ExperimentConfig.ClassesPerClient)] = ClassesPerClient;
        map[nameof(ExperimentConfig.QuantitySkew)] = QuantitySkew;
        map[nameof(ExperimentConfig.QuantityAlpha)] = QuantityAlpha;
        map[nameof(ExperimentConfig.PowerLawExponent)] = PowerLawExponent;
        map[nameof(ExperimentConfig.FeatureNoiseSigma)] = FeatureNoise;
        map[nameof(ExperimentConfig.ClientTestFraction)] = ClientTestFraction;
    }

    private void AddClientFields(Dictionary<string, Option> map)
    {
        map[nameof(ExperimentConfig.Momentum)] = Momentum;
        map[nameof(ExperimentConfig.WeightDecay)] = WeightDecay;
        map[nameof(ExperimentConfig.Dropout)] = Dropout;
        map[nameof(ExperimentConfig.RoundDeadlineSeconds)] = Deadline;
        map[nameof(ExperimentConfig.OverSelection)] = OverSelection;
        map[nameof(ExperimentConfig.ComputeSpeedMedian)] = ComputeSpeed;
        map[nameof(ExperimentConfig.ComputeSpeedSpread)] = ComputeSpread;
        map[nameof(ExperimentConfig.BandwidthMedianMbps)] = Bandwidth;
        map[nameof(ExperimentConfig.BandwidthSpread)] = BandwidthSpread;
        map[nameof(ExperimentConfig.Attack)] = Attack;
        map[nameof(ExperimentConfig.MaliciousFraction)] = MaliciousFraction;
        map[nameof(ExperimentConfig.AttackBoost)] = Boost;
        map[nameof(ExperimentConfig.AttackNoiseStd)] = AttackNoise;
        map[nameof(ExperimentConfig.InvalidUpdates)] = InvalidUpdates;
        map[nameof(ExperimentConfig.Compression)] = Compression;
        map[nameof(ExperimentConfig.TopKFraction)] = TopKFraction;
    }
}
