using System.Text.Json.Serialization;

namespace FedWorkbench.Simulation.Configuration;

/// <summary>
/// A complete federated experiment: dataset, partition, model, local training, sampling, rounds and seed.
/// The web form, the experiment JSON file and the <c>fedwb</c> command line all produce this one type.
/// </summary>
/// <remarks>
/// Defaults follow the FedAvg paper's 2NN set-up (McMahan et al. 2017) on Fashion-MNIST with 30 rounds.
/// Call <see cref="ExperimentValidator.Validate"/> before running; the engine rejects an invalid configuration.
/// </remarks>
public sealed record ExperimentConfig
{
    /// <summary>Experiment name shown in run lists. Optional.</summary>
    public string? Name { get; init; }

    /// <summary>Dataset the clients train on.</summary>
    public DatasetKind Dataset { get; init; } = DatasetKind.FashionMnist;

    /// <summary>The user's table and its column choices; required when <see cref="Dataset"/> is table, ignored otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TableSource? Table { get; init; }

    /// <summary>Model architecture.</summary>
    public ModelKind Model { get; init; } = ModelKind.Mlp;

    /// <summary>Hidden layer widths of the multilayer perceptron; ignored for softmax regression.</summary>
    public IReadOnlyList<int> HiddenLayers { get; init; } = [200, 200];

    /// <summary>Total number of clients K.</summary>
    public int Clients { get; init; } = 100;

    /// <summary>Fraction C of the clients sampled each round, in (0, 1]. At least one client is always sampled.</summary>
    public double ClientFraction { get; init; } = 0.1;

    /// <summary>Local epochs E each sampled client runs per round.</summary>
    public int LocalEpochs { get; init; } = 1;

    /// <summary>Local minibatch size B.</summary>
    public int BatchSize { get; init; } = 10;

    /// <summary>Local SGD learning rate η.</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>How the training set is split across clients.</summary>
    public PartitionKind Partition { get; init; } = PartitionKind.Iid;

    /// <summary>Dirichlet concentration α for label skew; smaller is more skewed. Used when <see cref="Partition"/> is Dirichlet.</summary>
    public double DirichletAlpha { get; init; } = 0.5;

    /// <summary>Smallest number of training samples any client may hold under the Dirichlet partition.</summary>
    public int MinClientSize { get; init; } = 10;

    /// <summary>Shards each client receives under the <see cref="PartitionKind.Shards"/> partition (McMahan et al. 2017 use 2).</summary>
    public int ShardsPerClient { get; init; } = 2;

    /// <summary>Distinct labels each client has under the <see cref="PartitionKind.Classes"/> partition (NIID-Bench's #C=k).</summary>
    public int ClassesPerClient { get; init; } = 2;

    /// <summary>How client sizes are drawn under the <see cref="PartitionKind.Quantity"/> partition.</summary>
    public QuantitySkewKind QuantitySkew { get; init; } = QuantitySkewKind.Dirichlet;

    /// <summary>Dirichlet concentration of the client size proportions under quantity skew; smaller is more skewed.</summary>
    public double QuantityAlpha { get; init; } = 0.5;

    /// <summary>Pareto shape a of the client size draws under power-law quantity skew; smaller is more skewed.</summary>
    public double PowerLawExponent { get; init; } = 1.5;

    /// <summary>
    /// Feature skew σ under the <see cref="PartitionKind.FeatureNoise"/> partition: client i (from 0) adds Gaussian
    /// noise with standard deviation σ·(i + 1)/K to every feature it reads (NIID-Bench).
    /// </summary>
    public double FeatureNoiseSigma { get; init; } = 0.1;

    /// <summary>
    /// Fraction of each client's samples held out from its training to measure per-client accuracy; 0 turns
    /// per-client accuracy off and trains on every sample.
    /// </summary>
    public double ClientTestFraction { get; init; } = 0.1;

    /// <summary>Local SGD momentum ρ (PyTorch convention, no dampening); 0 is plain SGD.</summary>
    public double Momentum { get; init; }

    /// <summary>Local SGD L2 weight decay λ, added to the gradient as λ·w.</summary>
    public double WeightDecay { get; init; }

    /// <summary>The server's algorithm: how it turns client updates into the next global model.</summary>
    public StrategyKind Strategy { get; init; } = StrategyKind.FedAvg;

    /// <summary>How the client updates are combined before the strategy applies them; robust rules resist outliers.</summary>
    public AggregationKind Aggregation { get; init; } = AggregationKind.Mean;

    /// <summary>FedProx proximal coefficient μ in μ/2·‖w − w_global‖². Used by <see cref="StrategyKind.FedProx"/>.</summary>
    public double ProximalMu { get; init; } = 0.01;

    /// <summary>
    /// Server learning rate η. Null takes the strategy's default: 1 for FedAvgM, FedNova and SCAFFOLD, 0.1 for
    /// FedAdagrad, 0.01 for FedAdam and FedYogi. FedAvg and FedProx ignore it.
    /// </summary>
    public double? ServerLearningRate { get; init; }

    /// <summary>Server momentum β of FedAvgM.</summary>
    public double ServerMomentum { get; init; } = 0.9;

    /// <summary>First-moment decay β1 of FedAdagrad, FedAdam and FedYogi (Reddi et al. 2021).</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Second-moment decay β2 of FedAdam and FedYogi.</summary>
    public double Beta2 { get; init; } = 0.99;

    /// <summary>Adaptivity τ of FedAdagrad, FedAdam and FedYogi: added to √v in the denominator.</summary>
    public double Tau { get; init; } = 0.001;

    /// <summary>Fraction β of the values trimmed from each end, per coordinate, by the trimmed mean; in [0, 0.5).</summary>
    public double TrimFraction { get; init; } = 0.1;

    /// <summary>Number f of attackers that Krum, Multi-Krum and Bulyan assume among the updates of a round.</summary>
    public int AssumedAttackers { get; init; } = 1;

    /// <summary>Updates m that Multi-Krum averages. Null takes n − f, where n is the number of updates in the round.</summary>
    public int? KrumSelected { get; init; }

    /// <summary>Probability that a sampled client fails to report its update, independently per client and round.</summary>
    public double Dropout { get; init; }

    /// <summary>Median client compute speed, in trained samples per second, of the log-normal speed distribution.</summary>
    public double ComputeSpeedMedian { get; init; } = 1_000;

    /// <summary>Log-normal σ of the client compute speeds; 0 gives every client the median speed.</summary>
    public double ComputeSpeedSpread { get; init; } = 0.5;

    /// <summary>Median client bandwidth in megabits per second, used for both directions.</summary>
    public double BandwidthMedianMbps { get; init; } = 10;

    /// <summary>Log-normal σ of the client bandwidths; 0 gives every client the median bandwidth.</summary>
    public double BandwidthSpread { get; init; } = 0.5;

    /// <summary>
    /// Simulated seconds the server waits for updates in a round; clients that would report later are dropped as
    /// stragglers. Null waits for every client.
    /// </summary>
    public double? RoundDeadlineSeconds { get; init; }

    /// <summary>
    /// Over-selection: the server samples ⌈m·(1 + o)⌉ clients and aggregates the first m that report (Bonawitz
    /// et al. 2019). 0 samples exactly m.
    /// </summary>
    public double OverSelection { get; init; }

    /// <summary>What malicious clients do.</summary>
    public AttackKind Attack { get; init; } = AttackKind.None;

    /// <summary>Fraction of all clients that are malicious, chosen once per run by the seed. Used when <see cref="Attack"/> is not None.</summary>
    public double MaliciousFraction { get; init; } = 0.2;

    /// <summary>Boost factor γ by which the scaling attack multiplies its update.</summary>
    public double AttackBoost { get; init; } = 10;

    /// <summary>Standard deviation of each coordinate of the Gaussian attack's update.</summary>
    public double AttackNoiseStd { get; init; } = 1;

    /// <summary>What the server does with an update that fails validation (wrong length, non-finite value, weight not positive).</summary>
    public InvalidUpdatePolicy InvalidUpdates { get; init; } = InvalidUpdatePolicy.Drop;

    /// <summary>Uplink compression of client updates.</summary>
    public CompressionKind Compression { get; init; } = CompressionKind.None;

    /// <summary>Fraction of the coordinates that top-k sparsification keeps, in (0, 1].</summary>
    public double TopKFraction { get; init; } = 0.01;

    /// <summary>How clients are sampled each round: exactly m = max(1, ⌊C·K⌋), or each independently with probability C.</summary>
    public ClientSamplingKind Sampling { get; init; } = ClientSamplingKind.Fixed;

    /// <summary>The differential-privacy mechanism; None trains without noise or clipping.</summary>
    public DifferentialPrivacyKind DifferentialPrivacy { get; init; } = DifferentialPrivacyKind.None;

    /// <summary>L2 norm S to which each client update is clipped; the initial norm under adaptive clipping.</summary>
    public double ClipNorm { get; init; } = 1.0;

    /// <summary>
    /// Noise multiplier z: Gaussian noise of standard deviation z·S is added to the sum of clipped updates. 0 gives
    /// no guarantee. Ignored when <see cref="TargetEpsilon"/> is set.
    /// </summary>
    public double NoiseMultiplier { get; init; } = 1.0;

    /// <summary>δ of the (ε, δ) guarantee that the accountant reports, and of local DP's per-round calibration.</summary>
    public double Delta { get; init; } = 1e-5;

    /// <summary>
    /// ε the run may spend over all its rounds. When set, the engine computes the smallest noise multiplier whose
    /// ε after <see cref="Rounds"/> rounds does not exceed it, instead of using <see cref="NoiseMultiplier"/>.
    /// </summary>
    public double? TargetEpsilon { get; init; }

    /// <summary>Target quantile γ of the update norms under adaptive clipping (Andrew et al. 2021).</summary>
    public double ClipQuantile { get; init; } = 0.5;

    /// <summary>Learning rate η_C of the geometric clip-norm update under adaptive clipping.</summary>
    public double ClipLearningRate { get; init; } = 0.2;

    /// <summary>Per-round (ε, δ) ε with which each client perturbs its own update under local DP.</summary>
    public double LocalEpsilon { get; init; } = 1.0;

    /// <summary>Sums the client updates with pairwise-masking secure aggregation (Bonawitz et al. 2017).</summary>
    public bool SecureAggregation { get; init; }

    /// <summary>
    /// Fraction of a round's selected clients that must report for secure aggregation to unmask the sum; below it
    /// the dropped clients' masks cannot be reconstructed.
    /// </summary>
    public double SecureAggregationThreshold { get; init; } = 0.6;

    /// <summary>What a round that cannot finish secure aggregation does: keep the global model and go on, or fail the run.</summary>
    public RoundFailurePolicy RoundFailures { get; init; } = RoundFailurePolicy.Skip;

    /// <summary>
    /// Client groups with their own data share, partition, reliability and attack settings. Empty (the default)
    /// makes one homogeneous population from the top-level settings. When groups are given,
    /// <see cref="Clients"/> must equal the sum of their counts, and the top-level partition, reliability, system
    /// and attack settings (Partition to FeatureNoiseSigma, Dropout to BandwidthSpread, Attack to AttackNoiseStd)
    /// are ignored; the groups' settings apply instead.
    /// </summary>
    public IReadOnlyList<ClientGroupConfig> ClientGroups { get; init; } = [];

    /// <summary>Number of federated rounds.</summary>
    public int Rounds { get; init; } = 30;

    /// <summary>Seed for data generation, partitioning, initialization, sampling and shuffling.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// Synthetic(α, β) model heterogeneity α: the standard deviation of each latent device's model mean (FedProx
    /// paper). Used by the synthetic dataset only.
    /// </summary>
    /// <remarks>
    /// As published, the device mean shifts every class logit by the same amount, so α does not change the labels
    /// and, for a fixed seed, every α gives the same data. It is kept for comparison with the paper.
    /// </remarks>
    public double SyntheticAlpha { get; init; } = 1.0;

    /// <summary>Synthetic(α, β) data heterogeneity β (FedProx paper). Used by the synthetic dataset only.</summary>
    public double SyntheticBeta { get; init; } = 1.0;
}

/// <summary>Datasets the engine can load.</summary>
public enum DatasetKind
{
    /// <summary>Fashion-MNIST from the Debian package <c>dataset-fashion-mnist</c>: 784 features, 10 classes.</summary>
    FashionMnist,

    /// <summary>The built-in Synthetic(α, β) generator; needs no files.</summary>
    Synthetic,

    /// <summary>A table the caller featurizes and hands to the engine, such as a CSV file of the user's own data.</summary>
    Table,
}

/// <summary>Model architectures.</summary>
public enum ModelKind
{
    /// <summary>Multinomial logistic regression: one linear layer followed by softmax.</summary>
    Softmax,

    /// <summary>Multilayer perceptron with ReLU hidden layers and a softmax output.</summary>
    Mlp,
}

/// <summary>Ways to split the training set across clients.</summary>
public enum PartitionKind
{
    /// <summary>Shuffle with the seed, then deal out equal shares.</summary>
    Iid,

    /// <summary>Label skew: each class is spread over clients by proportions drawn from Dirichlet(α).</summary>
    Dirichlet,

    /// <summary>Pathological non-IID (McMahan et al. 2017): sort by label, cut into equal shards, deal k shards to each client.</summary>
    Shards,

    /// <summary>Each client has samples of exactly k distinct labels (NIID-Bench's #C=k).</summary>
    Classes,

    /// <summary>Quantity skew: IID labels, client sizes drawn from a Dirichlet or a power law.</summary>
    Quantity,

    /// <summary>Feature skew: an IID split where client i adds Gaussian noise of scale σ·(i + 1)/K to its features.</summary>
    [JsonStringEnumMemberName("feature-noise")]
    FeatureNoise,

    /// <summary>Each client is one owner of the data (a site, a bank, a device), as a table's owner column names them.</summary>
    Natural,
}

/// <summary>Distributions of client sizes under quantity skew.</summary>
public enum QuantitySkewKind
{
    /// <summary>Size proportions drawn from Dirichlet(α) over the clients (NIID-Bench).</summary>
    Dirichlet,

    /// <summary>Sizes proportional to draws from a Pareto distribution with shape a.</summary>
    [JsonStringEnumMemberName("power-law")]
    PowerLaw,
}

/// <summary>Server strategies.</summary>
public enum StrategyKind
{
    /// <summary>Federated Averaging (McMahan et al. 2017).</summary>
    [JsonStringEnumMemberName("fedavg")]
    FedAvg,

    /// <summary>FedAvg with server momentum (Hsu et al. 2019).</summary>
    [JsonStringEnumMemberName("fedavgm")]
    FedAvgM,

    /// <summary>FedAvg whose clients add the proximal term μ/2·‖w − w_global‖² (Li et al. 2020).</summary>
    [JsonStringEnumMemberName("fedprox")]
    FedProx,

    /// <summary>Adaptive server optimizer with Adagrad (Reddi et al. 2021).</summary>
    [JsonStringEnumMemberName("fedadagrad")]
    FedAdagrad,

    /// <summary>Adaptive server optimizer with Adam (Reddi et al. 2021).</summary>
    [JsonStringEnumMemberName("fedadam")]
    FedAdam,

    /// <summary>Adaptive server optimizer with Yogi (Reddi et al. 2021).</summary>
    [JsonStringEnumMemberName("fedyogi")]
    FedYogi,

    /// <summary>Normalized averaging of updates by each client's local steps (Wang et al. 2020).</summary>
    [JsonStringEnumMemberName("fednova")]
    FedNova,

    /// <summary>Stochastic controlled averaging with control variates, option II (Karimireddy et al. 2020).</summary>
    [JsonStringEnumMemberName("scaffold")]
    Scaffold,
}

/// <summary>Rules that combine the client updates of a round.</summary>
public enum AggregationKind
{
    /// <summary>Mean weighted by sample count (unweighted for SCAFFOLD, as its paper defines).</summary>
    Mean,

    /// <summary>Coordinate-wise median (Yin et al. 2018).</summary>
    Median,

    /// <summary>Coordinate-wise mean after trimming a fraction β from each end (Yin et al. 2018).</summary>
    [JsonStringEnumMemberName("trimmed-mean")]
    TrimmedMean,

    /// <summary>The one update closest to its n − f − 2 nearest neighbours (Blanchard et al. 2017).</summary>
    Krum,

    /// <summary>The mean of the m updates with the best Krum scores (Blanchard et al. 2017).</summary>
    [JsonStringEnumMemberName("multi-krum")]
    MultiKrum,

    /// <summary>Krum selection followed by a coordinate-wise trimmed mean around the median (El Mhamdi et al. 2018).</summary>
    Bulyan,
}

/// <summary>Behaviours of malicious clients.</summary>
public enum AttackKind
{
    /// <summary>Every client is honest.</summary>
    None,

    /// <summary>Train on labels mapped y → C − 1 − y.</summary>
    [JsonStringEnumMemberName("label-flip")]
    LabelFlip,

    /// <summary>Train honestly, then send the negated update.</summary>
    [JsonStringEnumMemberName("sign-flip")]
    SignFlip,

    /// <summary>Send an update of Gaussian noise instead of training.</summary>
    Gaussian,

    /// <summary>Model replacement: train on flipped labels, then multiply the update by the boost factor γ.</summary>
    Scaling,
}

/// <summary>What the server does with an update that fails validation.</summary>
public enum InvalidUpdatePolicy
{
    /// <summary>Leave the update out of the aggregate, log it with the client id and count it in the round.</summary>
    Drop,

    /// <summary>Fail the run with a message that names the client, the round and the reason.</summary>
    Fail,
}

/// <summary>Uplink compression schemes.</summary>
public enum CompressionKind
{
    /// <summary>Float32 parameters, 4 bytes each.</summary>
    None,

    /// <summary>Unbiased stochastic quantization to 8 bits per coordinate.</summary>
    Q8,

    /// <summary>Unbiased stochastic quantization to 4 bits per coordinate.</summary>
    Q4,

    /// <summary>Top-k sparsification with client-side error feedback.</summary>
    [JsonStringEnumMemberName("topk")]
    TopK,
}

/// <summary>How the clients of a round are chosen.</summary>
public enum ClientSamplingKind
{
    /// <summary>Exactly m = max(1, ⌊C·K⌋) clients, without replacement.</summary>
    Fixed,

    /// <summary>Each client independently with probability C; a round may pick none. The DP accountant assumes it.</summary>
    Poisson,
}

/// <summary>Differential-privacy mechanisms.</summary>
public enum DifferentialPrivacyKind
{
    /// <summary>No clipping and no noise.</summary>
    None,

    /// <summary>DP-FedAvg (McMahan et al. 2018): the server clips each update to S and adds N(0, (z·S)²) to the sum.</summary>
    Central,

    /// <summary>Central DP with the clip norm adapted to a quantile of the update norms (Andrew et al. 2021).</summary>
    [JsonStringEnumMemberName("central-adaptive")]
    CentralAdaptive,

    /// <summary>Clients clip their own updates to S before sending; the server adds the noise.</summary>
    Client,

    /// <summary>Each client clips and adds Gaussian noise calibrated to a per-round (ε, δ) before sending.</summary>
    Local,
}

/// <summary>What a round that cannot finish does.</summary>
public enum RoundFailurePolicy
{
    /// <summary>Keep the global model, say why in the round, and go on.</summary>
    Skip,

    /// <summary>Fail the run with the reason.</summary>
    Fail,
}
