namespace FedWorkbench.Simulation.Configuration;

/// <summary>
/// One group of clients that share data, reliability and behaviour settings: for example 80 phones on IID data
/// and 20 tablets with label skew and frequent dropouts. A list of groups in
/// <see cref="ExperimentConfig.ClientGroups"/> makes one population of <see cref="ExperimentConfig.Clients"/>
/// clients whose groups differ.
/// </summary>
/// <remarks>
/// Every setting here has the meaning and the default of the <see cref="ExperimentConfig"/> property of the same
/// name, applied to this group's clients only. Settings of the run as a whole (model, strategy, sampling, privacy,
/// rounds, seed) stay on <see cref="ExperimentConfig"/>.
/// </remarks>
public sealed record ClientGroupConfig
{
    /// <summary>Name of the group shown in logs and charts, for example "Hospitals". Optional.</summary>
    public string? Name { get; init; }

    /// <summary>Number of clients in the group.</summary>
    public int Count { get; init; } = 10;

    /// <summary>
    /// Fraction of the training set that the group's clients split between them, in (0, 1]. The shares of all groups
    /// add up to at most 1, and no client uses the samples left over.
    /// </summary>
    public double DataShare { get; init; } = 1;

    /// <summary>Partition that splits the group's share of the training set across its clients.</summary>
    public PartitionKind Partition { get; init; } = PartitionKind.Iid;

    /// <summary>Dirichlet concentration α of the group's label skew.</summary>
    public double DirichletAlpha { get; init; } = 0.5;

    /// <summary>Smallest number of training samples any client of the group may have under the Dirichlet partition.</summary>
    public int MinClientSize { get; init; } = 10;

    /// <summary>Shards each client of the group receives under the shards partition.</summary>
    public int ShardsPerClient { get; init; } = 2;

    /// <summary>Distinct labels each client of the group has under the classes partition.</summary>
    public int ClassesPerClient { get; init; } = 2;

    /// <summary>Distribution of the group's client sizes under the quantity partition.</summary>
    public QuantitySkewKind QuantitySkew { get; init; } = QuantitySkewKind.Dirichlet;

    /// <summary>Dirichlet concentration of the group's client size proportions under quantity skew.</summary>
    public double QuantityAlpha { get; init; } = 0.5;

    /// <summary>Pareto shape a of the group's client size draws under power-law quantity skew.</summary>
    public double PowerLawExponent { get; init; } = 1.5;

    /// <summary>Feature skew σ of the group under the feature-noise partition. Client j of the group adds noise σ·(j + 1)/K_g.</summary>
    public double FeatureNoiseSigma { get; init; } = 0.1;

    /// <summary>Probability that a sampled client of the group fails to report its update.</summary>
    public double Dropout { get; init; }

    /// <summary>Median compute speed of the group's clients, in trained samples per second.</summary>
    public double ComputeSpeedMedian { get; init; } = 1_000;

    /// <summary>Log-normal σ of the group's compute speeds.</summary>
    public double ComputeSpeedSpread { get; init; } = 0.5;

    /// <summary>Median bandwidth of the group's clients in megabits per second.</summary>
    public double BandwidthMedianMbps { get; init; } = 10;

    /// <summary>Log-normal σ of the group's bandwidths.</summary>
    public double BandwidthSpread { get; init; } = 0.5;

    /// <summary>Attack that the group's malicious clients carry out.</summary>
    public AttackKind Attack { get; init; } = AttackKind.None;

    /// <summary>Fraction of the group's clients that are malicious. Used when <see cref="Attack"/> is not None.</summary>
    public double MaliciousFraction { get; init; } = 0.2;

    /// <summary>Boost factor γ of the group's scaling attack.</summary>
    public double AttackBoost { get; init; } = 10;

    /// <summary>Standard deviation of each coordinate of the group's Gaussian attack.</summary>
    public double AttackNoiseStd { get; init; } = 1;
}
