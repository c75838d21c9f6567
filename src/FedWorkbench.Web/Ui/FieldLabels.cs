using System.Reflection;
using System.Text.Json;

namespace FedWorkbench.Web.Ui;

/// <summary>
/// Labels of the experiment form's inputs, shared by the inputs, the parse messages, the run's configuration table
/// and the compare page's settings table.
/// </summary>
public static class FieldLabels
{
    /// <summary>Label of the experiment's name.</summary>
    public const string Name = "Name";

    /// <summary>Label of the dataset.</summary>
    public const string Dataset = "Dataset";

    /// <summary>Label of the model.</summary>
    public const string Model = "Model";

    /// <summary>Label of the MLP's hidden layer widths.</summary>
    public const string HiddenLayers = "Hidden layers";

    /// <summary>Label of the total number of clients.</summary>
    public const string Clients = "Clients K";

    /// <summary>Label of the fraction of clients sampled each round.</summary>
    public const string ClientFraction = "Client fraction C";

    /// <summary>Label of the local epochs per round.</summary>
    public const string LocalEpochs = "Local epochs E";

    /// <summary>Label of the local minibatch size.</summary>
    public const string BatchSize = "Batch size B";

    /// <summary>Label of the local learning rate.</summary>
    public const string LearningRate = "Learning rate η";

    /// <summary>Label of the Dirichlet concentration.</summary>
    public const string DirichletAlpha = "Dirichlet α";

    /// <summary>Label of the smallest client under the Dirichlet and quantity partitions.</summary>
    public const string MinClientSize = "Minimum client size";

    /// <summary>Label of the number of rounds.</summary>
    public const string Rounds = "Rounds";

    /// <summary>Label of the seed.</summary>
    public const string Seed = "Seed";

    /// <summary>Label of the synthetic dataset's model heterogeneity.</summary>
    public const string SyntheticAlpha = "Synthetic α";

    /// <summary>Label of the synthetic dataset's data heterogeneity.</summary>
    public const string SyntheticBeta = "Synthetic β";

    /// <summary>Label of the partition kind.</summary>
    public const string Partition = "Partition";

    /// <summary>Label of the shards each client receives under the shards partition.</summary>
    public const string ShardsPerClient = "Shards per client";

    /// <summary>Label of the distinct labels of each client under the classes partition.</summary>
    public const string ClassesPerClient = "Classes per client";

    /// <summary>Label of the distribution of client sizes under quantity skew.</summary>
    public const string QuantitySkew = "Quantity skew";

    /// <summary>Label of the Dirichlet concentration of the client sizes.</summary>
    public const string QuantityAlpha = "Quantity α";

    /// <summary>Label of the Pareto shape of the client sizes.</summary>
    public const string PowerLawExponent = "Power-law exponent a";

    /// <summary>Label of the feature noise scale.</summary>
    public const string FeatureNoiseSigma = "Feature noise σ";

    /// <summary>Label of the fraction of each client's samples held out for per-client accuracy.</summary>
    public const string ClientTestFraction = "Client test fraction";

    /// <summary>Label of the client groups of an experiment made on a board or in a file.</summary>
    public const string ClientGroups = "Client groups";

    /// <summary>Label of the local SGD momentum.</summary>
    public const string Momentum = "Momentum ρ";

    /// <summary>Label of the local L2 weight decay.</summary>
    public const string WeightDecay = "Weight decay λ";

    /// <summary>Label of the server strategy.</summary>
    public const string Strategy = "Strategy";

    /// <summary>Label of the rule that combines the client updates.</summary>
    public const string Aggregation = "Aggregation";

    /// <summary>Label of the FedProx proximal coefficient.</summary>
    public const string ProximalMu = "Proximal μ";

    /// <summary>Label of the server learning rate.</summary>
    public const string ServerLearningRate = "Server learning rate η";

    /// <summary>Label of the FedAvgM server momentum.</summary>
    public const string ServerMomentum = "Server momentum β";

    /// <summary>Label of the adaptive strategies' first-moment decay.</summary>
    public const string Beta1 = "First-moment decay β1";

    /// <summary>Label of FedAdam's and FedYogi's second-moment decay.</summary>
    public const string Beta2 = "Second-moment decay β2";

    /// <summary>Label of the adaptive strategies' adaptivity.</summary>
    public const string Tau = "Adaptivity τ";

    /// <summary>Label of the fraction the trimmed mean drops from each end.</summary>
    public const string TrimFraction = "Trim fraction β";

    /// <summary>Label of the number of attackers Krum, Multi-Krum and Bulyan assume.</summary>
    public const string AssumedAttackers = "Assumed attackers f";

    /// <summary>Label of the number of updates Multi-Krum averages.</summary>
    public const string KrumSelected = "Multi-Krum m";

    /// <summary>Label of the probability that a sampled client fails to report.</summary>
    public const string Dropout = "Dropout probability";

    /// <summary>Label of the median client compute speed.</summary>
    public const string ComputeSpeedMedian = "Compute speed median";

    /// <summary>Label of the log-normal σ of the compute speeds.</summary>
    public const string ComputeSpeedSpread = "Compute speed spread σ";

    /// <summary>Label of the median client bandwidth.</summary>
    public const string BandwidthMedianMbps = "Bandwidth median";

    /// <summary>Label of the log-normal σ of the bandwidths.</summary>
    public const string BandwidthSpread = "Bandwidth spread σ";

    /// <summary>Label of the simulated seconds the server waits for updates.</summary>
    public const string RoundDeadlineSeconds = "Round deadline";

    /// <summary>Label of the over-selection fraction.</summary>
    public const string OverSelection = "Over-selection o";

    /// <summary>Label of what malicious clients do.</summary>
    public const string Attack = "Attack";

    /// <summary>Label of the fraction of clients that are malicious.</summary>
    public const string MaliciousFraction = "Malicious fraction";

    /// <summary>Label of the scaling attack's boost factor.</summary>
    public const string AttackBoost = "Boost factor γ";

    /// <summary>Label of the Gaussian attack's standard deviation.</summary>
    public const string AttackNoiseStd = "Attack noise σ";

    /// <summary>Label of the policy for updates that fail validation.</summary>
    public const string InvalidUpdates = "Invalid updates";

    /// <summary>Label of the uplink compression scheme.</summary>
    public const string Compression = "Compression";

    /// <summary>Label of the fraction of coordinates top-k sparsification keeps.</summary>
    public const string TopKFraction = "Top-k fraction";

    /// <summary>Label of how clients are sampled each round.</summary>
    public const string Sampling = "Client sampling";

    /// <summary>Label of the differential-privacy mechanism.</summary>
    public const string DifferentialPrivacy = "Differential privacy";

    /// <summary>Label of the clip norm.</summary>
    public const string ClipNorm = "Clip norm S";

    /// <summary>Label of the noise multiplier.</summary>
    public const string NoiseMultiplier = "Noise multiplier z";

    /// <summary>Label of δ of the (ε, δ) guarantee.</summary>
    public const string Delta = "δ";

    /// <summary>Label of the ε the run may spend over all its rounds.</summary>
    public const string TargetEpsilon = "Target ε";

    /// <summary>Label of the target quantile of adaptive clipping.</summary>
    public const string ClipQuantile = "Clip quantile γ";

    /// <summary>Label of the learning rate of adaptive clipping.</summary>
    public const string ClipLearningRate = "Clip learning rate η_C";

    /// <summary>Label of the per-round ε of local differential privacy.</summary>
    public const string LocalEpsilon = "Local ε per round";

    /// <summary>Label of the secure-aggregation switch.</summary>
    public const string SecureAggregation = "Secure aggregation";

    /// <summary>Label of the fraction of selected clients that secure aggregation needs.</summary>
    public const string SecureAggregationThreshold = "Secure aggregation threshold";

    /// <summary>Label of what a round that cannot finish does.</summary>
    public const string RoundFailures = "Round failures";

    // Every constant above, keyed by the experiment file's property name, such as "computeSpeedMedian".
    private static readonly Dictionary<string, string> LabelByFileName = typeof(FieldLabels)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.IsLiteral && field.FieldType == typeof(string))
        .ToDictionary(field => JsonNamingPolicy.CamelCase.ConvertName(field.Name), field => (string)field.GetRawConstantValue()!, StringComparer.Ordinal);

    /// <summary>
    /// Returns the form label of the setting that the experiment file names <paramref name="fileName"/>, such as
    /// "Compute speed median" for <c>computeSpeedMedian</c>, or null for a name that has no input on the form.
    /// </summary>
    public static string? ForFileName(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return LabelByFileName.GetValueOrDefault(fileName);
    }
}
