using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Web.Ui;

/// <summary>A named experiment that fills the whole experiment form in one click.</summary>
/// <param name="Id">Stable identifier for tests and page markup, for example "mcmahan-2017".</param>
/// <param name="Title">Button text.</param>
/// <param name="Description">Tooltip text: what the experiment shows and how it differs from the defaults.</param>
/// <param name="Config">The complete configuration; settings it does not name keep their defaults.</param>
public sealed record ExperimentPreset(string Id, string Title, string Description, ExperimentConfig Config);

/// <summary>Experiments from the literature and typical stress cases, offered as one-click presets on the experiment page.</summary>
public static class ExperimentPresets
{
    /// <summary>
    /// The 2NN set-up of McMahan et al. (2017), "Communication-Efficient Learning of Deep Networks from
    /// Decentralized Data", with its pathological non-IID split: sort by label, cut into 200 shards, 2 per client.
    /// </summary>
    public static ExperimentPreset McMahanPathological { get; } = new(
        "mcmahan-2017",
        "McMahan 2017 pathological non-IID",
        "The FedAvg paper's 2NN (two ReLU layers of 200) with K = 100, C = 0.1, E = 1, B = 10 and η = 0.05. " +
        "The training set is sorted by label and cut into shards, 2 per client, so most clients see only 2 classes. " +
        "Every sample is used for training (client test fraction 0).",
        new ExperimentConfig
        {
            Name = "McMahan 2017 pathological non-IID",
            Dataset = DatasetKind.FashionMnist,
            Model = ModelKind.Mlp,
            HiddenLayers = [200, 200],
            Clients = 100,
            ClientFraction = 0.1,
            LocalEpochs = 1,
            BatchSize = 10,
            LearningRate = 0.05,
            Partition = PartitionKind.Shards,
            ShardsPerClient = 2,
            ClientTestFraction = 0,
        });

    /// <summary>The default experiment with moderate label skew drawn from Dirichlet(0.5).</summary>
    public static ExperimentPreset Dirichlet { get; } = new(
        "dirichlet-0.5",
        "Dirichlet α=0.5",
        "The default 2NN experiment with label skew: each class is spread over the clients by proportions drawn from " +
        "Dirichlet(0.5), so clients hold a few dominant classes and differ in size.",
        new ExperimentConfig
        {
            Name = "Dirichlet α=0.5",
            Partition = PartitionKind.Dirichlet,
            DirichletAlpha = 0.5,
        });

    /// <summary>
    /// Sign-flipping attackers against Krum. With K = 100 and C = 0.1 a round aggregates 10 updates, of which 2 are
    /// malicious on average; Krum assumes f = 3, which needs n ≥ 2f + 3 = 9 updates.
    /// </summary>
    public static ExperimentPreset SignFlipAttack { get; } = new(
        "sign-flip-20",
        "20% sign-flipping attackers",
        "20% of the clients train honestly and then send the negated update. Krum keeps the one update closest to " +
        "its neighbours, assuming up to 3 attackers among the 10 updates of a round. " +
        "Set Aggregation to mean to see the attack without a defence.",
        new ExperimentConfig
        {
            Name = "20% sign-flipping attackers, Krum",
            Attack = AttackKind.SignFlip,
            MaliciousFraction = 0.2,
            Aggregation = AggregationKind.Krum,
            AssumedAttackers = 3,
        });

    /// <summary>
    /// Phones that drop out, compute slowly and have slow, uneven links. The deadline cuts the slowest clients: by
    /// the system model's formula (log-normal speeds and bandwidths, σ = 1) about a fifth of the clients need longer
    /// than 12 s for one round of the 2NN, an estimate that <c>ExperimentPresetsTests</c> recomputes.
    /// </summary>
    public static ExperimentPreset UnreliablePhones { get; } = new(
        "unreliable-phones",
        "Unreliable phones",
        "20% of the sampled clients fail to report. Phones train about 200 samples/s on a 5 Mbit/s link, both " +
        "spread log-normally with σ = 1, and the server waits at most 12 simulated seconds per round, so the " +
        "slowest clients are dropped as stragglers. It samples 30% more clients than it aggregates.",
        new ExperimentConfig
        {
            Name = "Unreliable phones",
            Dropout = 0.2,
            ComputeSpeedMedian = 200,
            ComputeSpeedSpread = 1.0,
            BandwidthMedianMbps = 5,
            BandwidthSpread = 1.0,
            RoundDeadlineSeconds = 12,
            OverSelection = 0.3,
        });

    /// <summary>
    /// DP-FedAvg (McMahan et al. 2018, "Learning Differentially Private Recurrent Language Models") with a budget of
    /// ε = 8 at δ = 10⁻⁵. The engine computes the noise multiplier at run start from the target ε. Poisson sampling
    /// makes the accountant's ε a guarantee rather than an approximation.
    /// </summary>
    public static ExperimentPreset CentralDp { get; } = new(
        "central-dp-8",
        "Central DP (ε ≈ 8)",
        "DP-FedAvg: the server clips each client update to L2 norm S = 1, adds Gaussian noise to the sum, and divides " +
        "by the expected number of clients. The noise multiplier is computed at run start so that ε after 50 rounds " +
        "is at most 8 with δ = 10⁻⁵. 1,000 clients are each sampled with probability 0.05 (Poisson sampling), so the " +
        "reported ε is the accountant's guarantee.",
        new ExperimentConfig
        {
            Name = "Central DP (ε ≈ 8)",
            Clients = 1_000,
            ClientFraction = 0.05,
            Rounds = 50,
            Sampling = ClientSamplingKind.Poisson,
            DifferentialPrivacy = DifferentialPrivacyKind.Central,
            ClipNorm = 1.0,
            TargetEpsilon = 8,
            Delta = 1e-5,
        });

    /// <summary>Every preset, in the order the experiment page shows them.</summary>
    public static IReadOnlyList<ExperimentPreset> All { get; } = [McMahanPathological, Dirichlet, SignFlipAttack, UnreliablePhones, CentralDp];
}
