using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Simulation.Training;

/// <summary>
/// The run's clients as client groups: which group each global client index belongs to, and that group's
/// settings. Groups own consecutive index ranges in list order, so group g contains clients
/// [Σ_{h&lt;g} K_h, Σ_{h≤g} K_h).
/// </summary>
/// <remarks>
/// Without <see cref="ExperimentConfig.ClientGroups"/> the population is one implicit group of all
/// <see cref="ExperimentConfig.Clients"/> clients built from the top-level settings, so every per-client value is
/// the one the engine used before client groups existed.
/// </remarks>
internal sealed class ClientPopulation
{
    private readonly int[] _groupOfClient;
    private readonly int[] _firstClient;

    private ClientPopulation(IReadOnlyList<ClientGroupConfig> groups, bool hasGroups)
    {
        Groups = groups;
        HasGroups = hasGroups;
        _firstClient = new int[groups.Count + 1];
        for (int group = 0; group < groups.Count; group++)
        {
            _firstClient[group + 1] = _firstClient[group] + groups[group].Count;
        }

        _groupOfClient = new int[_firstClient[^1]];
        for (int group = 0; group < groups.Count; group++)
        {
            _groupOfClient.AsSpan(_firstClient[group], groups[group].Count).Fill(group);
        }
    }

    /// <summary>The groups in list order, or one implicit group when the experiment has none.</summary>
    public IReadOnlyList<ClientGroupConfig> Groups { get; }

    /// <summary>Whether the experiment lists client groups, as opposed to one implicit group.</summary>
    public bool HasGroups { get; }

    /// <summary>Total number of clients.</summary>
    public int ClientCount => _groupOfClient.Length;

    /// <summary>Builds the population of <paramref name="config"/>.</summary>
    /// <exception cref="ExperimentException">
    /// A group has no client, or the group counts do not add up to <see cref="ExperimentConfig.Clients"/>.
    /// </exception>
    public static ClientPopulation Create(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.ClientGroups.Count == 0)
        {
            return new ClientPopulation([ImplicitGroup(config)], hasGroups: false);
        }

        int emptyGroup = config.ClientGroups.ToList().FindIndex(group => group.Count < 1);
        if (emptyGroup >= 0)
        {
            throw new ExperimentException(
                $"Client group {emptyGroup + 1} has {config.ClientGroups[emptyGroup].Count} clients. Give every group at least one client.");
        }

        long total = config.ClientGroups.Sum(group => (long)group.Count);
        if (total != config.Clients)
        {
            throw new ExperimentException(
                $"The client groups have {total} clients together, but the experiment has {config.Clients}. Set the number of clients to {total}.");
        }

        return new ClientPopulation(config.ClientGroups, hasGroups: true);
    }

    /// <summary>Returns the one group that the top-level settings of <paramref name="config"/> describe.</summary>
    public static ClientGroupConfig ImplicitGroup(ExperimentConfig config) => new()
    {
        Count = config.Clients,
        DataShare = 1,
        Partition = config.Partition,
        DirichletAlpha = config.DirichletAlpha,
        MinClientSize = config.MinClientSize,
        ShardsPerClient = config.ShardsPerClient,
        ClassesPerClient = config.ClassesPerClient,
        QuantitySkew = config.QuantitySkew,
        QuantityAlpha = config.QuantityAlpha,
        PowerLawExponent = config.PowerLawExponent,
        FeatureNoiseSigma = config.FeatureNoiseSigma,
        Dropout = config.Dropout,
        ComputeSpeedMedian = config.ComputeSpeedMedian,
        ComputeSpeedSpread = config.ComputeSpeedSpread,
        BandwidthMedianMbps = config.BandwidthMedianMbps,
        BandwidthSpread = config.BandwidthSpread,
        Attack = config.Attack,
        MaliciousFraction = config.MaliciousFraction,
        AttackBoost = config.AttackBoost,
        AttackNoiseStd = config.AttackNoiseStd,
    };

    /// <summary>
    /// Returns <paramref name="config"/> with the group's client count and its partition, reliability, system and
    /// attack settings in place of the top-level ones, and no groups: the experiment that the group's clients
    /// would form on their own.
    /// </summary>
    public static ExperimentConfig WithGroupSettings(ExperimentConfig config, ClientGroupConfig group) => config with
    {
        ClientGroups = [],
        Clients = group.Count,
        Partition = group.Partition,
        DirichletAlpha = group.DirichletAlpha,
        MinClientSize = group.MinClientSize,
        ShardsPerClient = group.ShardsPerClient,
        ClassesPerClient = group.ClassesPerClient,
        QuantitySkew = group.QuantitySkew,
        QuantityAlpha = group.QuantityAlpha,
        PowerLawExponent = group.PowerLawExponent,
        FeatureNoiseSigma = group.FeatureNoiseSigma,
        Dropout = group.Dropout,
        ComputeSpeedMedian = group.ComputeSpeedMedian,
        ComputeSpeedSpread = group.ComputeSpeedSpread,
        BandwidthMedianMbps = group.BandwidthMedianMbps,
        BandwidthSpread = group.BandwidthSpread,
        Attack = group.Attack,
        MaliciousFraction = group.MaliciousFraction,
        AttackBoost = group.AttackBoost,
        AttackNoiseStd = group.AttackNoiseStd,
    };

    /// <summary>
    /// Returns ⌊s·N⌋, the number of training samples that a group with data share <paramref name="share"/> receives.
    /// Decimal arithmetic makes the floor exact for the decimal share the user entered. The share must be in
    /// (0, 1], because the cast to decimal throws <see cref="OverflowException"/> for NaN or infinity.
    /// </summary>
    public static int GroupSampleCount(double share, int sampleCount) =>
        (int)Math.Clamp(decimal.Floor((decimal)share * sampleCount), 0, sampleCount);

    /// <summary>Returns the name that messages use for group <paramref name="group"/>, counted from 0, such as "Client group 2 (Tablets)".</summary>
    public static string Describe(int group, ClientGroupConfig settings)
    {
        string number = (group + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return string.IsNullOrWhiteSpace(settings.Name) ? $"Client group {number}" : $"Client group {number} ({settings.Name})";
    }

    /// <summary>Returns the index of the group that <paramref name="client"/> belongs to.</summary>
    public int GroupOf(int client) => _groupOfClient[client];

    /// <summary>Returns the settings of the group that <paramref name="client"/> belongs to.</summary>
    public ClientGroupConfig SettingsOf(int client) => Groups[_groupOfClient[client]];

    /// <summary>Returns the global index of the first client of <paramref name="group"/>.</summary>
    public int FirstClientOf(int group) => _firstClient[group];

    /// <summary>
    /// Returns the standard deviation of the Gaussian noise that <paramref name="client"/> adds to every feature it
    /// reads: σ_g·(j + 1)/K_g under the feature-noise partition, where j is the client's index inside its group g
    /// of K_g clients, and 0 under every other partition.
    /// </summary>
    public float FeatureNoiseStd(int client)
    {
        int group = _groupOfClient[client];
        ClientGroupConfig settings = Groups[group];
        if (settings.Partition != PartitionKind.FeatureNoise)
        {
            return 0;
        }

        int local = client - _firstClient[group];
        return (float)(settings.FeatureNoiseSigma * (local + 1) / settings.Count);
    }
}
