namespace FedWorkbench.Simulation.Configuration;

/// <summary>
/// Upper bounds on experiment settings, which bound the time and memory one run can take on a shared host.
/// Every front end (form, JSON file, command line) enforces the same numbers.
/// </summary>
public static class ExperimentLimits
{
    /// <summary>Maximum number of clients K.</summary>
    public const int MaxClients = 10_000;

    /// <summary>Maximum number of client groups in one experiment.</summary>
    public const int MaxClientGroups = 20;

    /// <summary>Maximum number of rounds.</summary>
    public const int MaxRounds = 1_000;

    /// <summary>Maximum local epochs E.</summary>
    public const int MaxLocalEpochs = 50;

    /// <summary>Maximum minibatch size B.</summary>
    public const int MaxBatchSize = 1_024;

    /// <summary>Maximum number of hidden layers.</summary>
    public const int MaxHiddenLayers = 4;

    /// <summary>Maximum width of one hidden layer.</summary>
    public const int MaxHiddenWidth = 1_024;

    /// <summary>Maximum learning rate η.</summary>
    public const double MaxLearningRate = 10.0;

    /// <summary>Smallest Dirichlet concentration α accepted; below it the gamma draws underflow to zero.</summary>
    public const double MinDirichletAlpha = 0.01;

    /// <summary>Largest Dirichlet concentration α accepted.</summary>
    public const double MaxDirichletAlpha = 1_000.0;

    /// <summary>
    /// Largest synthetic α and β accepted. The FedProx paper uses values from 0 to 1; beyond 10 the generated
    /// features and logits span so many orders of magnitude that every run diverges.
    /// </summary>
    public const double MaxSyntheticHeterogeneity = 10.0;

    /// <summary>Largest Pareto shape a of power-law quantity skew.</summary>
    public const double MaxPowerLawExponent = 10.0;

    /// <summary>Smallest Pareto shape a of power-law quantity skew; below it a few clients take nearly all samples.</summary>
    public const double MinPowerLawExponent = 0.1;

    /// <summary>Largest feature-noise σ; Fashion-MNIST features lie in [0, 1].</summary>
    public const double MaxFeatureNoiseSigma = 10.0;

    /// <summary>Largest fraction of a client's samples held out for per-client accuracy.</summary>
    public const double MaxClientTestFraction = 0.5;

    /// <summary>Largest FedProx μ.</summary>
    public const double MaxProximalMu = 100.0;

    /// <summary>Largest local weight decay λ.</summary>
    public const double MaxWeightDecay = 1.0;

    /// <summary>Largest server learning rate η.</summary>
    public const double MaxServerLearningRate = 10.0;

    /// <summary>
    /// Most memory a run may keep for per-client state: SCAFFOLD's control variates and top-k error feedback
    /// residuals, K·P float32 values each: 512 MiB.
    /// </summary>
    public const long MaxClientStateBytes = 512L * 1024 * 1024;

    /// <summary>
    /// Most memory the robust rules (median, trimmed mean, Krum, Multi-Krum, Bulyan) may hold for the updates of
    /// one round, which they need all at once: 256 MiB.
    /// </summary>
    public const long MaxRobustAggregationBytes = 256L * 1024 * 1024;

    /// <summary>
    /// Maximum updates per round that Krum, Multi-Krum and Bulyan may compare. Their pairwise distances grow with the
    /// square of the updates and Bulyan's repeated selection with the cube: Bulyan took about 3 s per round for 500
    /// updates of a softmax model on a two-core VM, and about 18 s for 1,000.
    /// </summary>
    public const int MaxDistanceRuleUpdates = 500;

    /// <summary>Smallest compute speed, in samples per second; slower clients would make simulated times overflow charts.</summary>
    public const double MinComputeSpeed = 0.01;

    /// <summary>Smallest bandwidth, in megabits per second (1 kbit/s).</summary>
    public const double MinBandwidthMbps = 0.001;

    /// <summary>Largest compute speed, in samples per second.</summary>
    public const double MaxComputeSpeed = 1e9;

    /// <summary>Largest bandwidth, in megabits per second.</summary>
    public const double MaxBandwidthMbps = 1e6;

    /// <summary>Largest log-normal σ of compute speeds and bandwidths.</summary>
    public const double MaxSystemSpread = 3.0;

    /// <summary>Largest round deadline, in simulated seconds: about 115 days.</summary>
    public const double MaxRoundDeadlineSeconds = 1e7;

    /// <summary>Largest over-selection fraction: at most twice the clients of a round.</summary>
    public const double MaxOverSelection = 1.0;

    /// <summary>Largest boost factor γ of the scaling attack.</summary>
    public const double MaxAttackBoost = 1_000.0;

    /// <summary>Largest standard deviation of the Gaussian attack.</summary>
    public const double MaxAttackNoiseStd = 1_000.0;

    /// <summary>Maximum length of an experiment name.</summary>
    public const int MaxNameLength = 100;
}
