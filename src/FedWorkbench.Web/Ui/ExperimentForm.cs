using System.Globalization;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Web.Ui;

/// <summary>
/// Editable values of the experiment form. Every <see cref="ExperimentConfig"/> setting has a property: the
/// choices under the same name, and the numbers and hidden layers as the text the user typed, under the setting's
/// name followed by "Text". <see cref="ToConfig"/> parses that text, so a value that is not a number stays on
/// screen as typed and gets a message instead of being replaced. Blank text in the inputs of the nullable
/// settings (server learning rate, round deadline, Multi-Krum m, target ε) gives null, which means "the default" or "none".
/// </summary>
public sealed partial class ExperimentForm
{
    private static readonly IntegerField ClientsField = new(FieldLabels.Clients, 1, ExperimentLimits.MaxClients);
    private static readonly RealField ClientFractionField = new(FieldLabels.ClientFraction, "0.1");
    private static readonly IntegerField LocalEpochsField = new(FieldLabels.LocalEpochs, 1, ExperimentLimits.MaxLocalEpochs);
    private static readonly IntegerField BatchSizeField = new(FieldLabels.BatchSize, 1, ExperimentLimits.MaxBatchSize);
    private static readonly RealField LearningRateField = new(FieldLabels.LearningRate, "0.05");
    private static readonly RealField DirichletAlphaField = new(FieldLabels.DirichletAlpha, "0.5");
    private static readonly IntegerField MinClientSizeField = new(FieldLabels.MinClientSize, 1, int.MaxValue);
    private static readonly IntegerField RoundsField = new(FieldLabels.Rounds, 1, ExperimentLimits.MaxRounds);
    private static readonly IntegerField SeedField = new(FieldLabels.Seed, int.MinValue, int.MaxValue);
    private static readonly RealField SyntheticAlphaField = new(FieldLabels.SyntheticAlpha, "1");
    private static readonly RealField SyntheticBetaField = new(FieldLabels.SyntheticBeta, "1");
    private static readonly IntegerField ShardsPerClientField = new(FieldLabels.ShardsPerClient, 1, int.MaxValue);
    private static readonly IntegerField ClassesPerClientField = new(FieldLabels.ClassesPerClient, 1, int.MaxValue);
    private static readonly RealField QuantityAlphaField = new(FieldLabels.QuantityAlpha, "0.5");
    private static readonly RealField PowerLawExponentField = new(FieldLabels.PowerLawExponent, "1.5");
    private static readonly RealField FeatureNoiseSigmaField = new(FieldLabels.FeatureNoiseSigma, "0.1");
    private static readonly RealField ClientTestFractionField = new(FieldLabels.ClientTestFraction, "0.1");
    private static readonly RealField MomentumField = new(FieldLabels.Momentum, "0.9");
    private static readonly RealField WeightDecayField = new(FieldLabels.WeightDecay, "0.0001");
    private static readonly RealField ProximalMuField = new(FieldLabels.ProximalMu, "0.01");
    private static readonly RealField ServerLearningRateField = new(FieldLabels.ServerLearningRate, "1");
    private static readonly RealField ServerMomentumField = new(FieldLabels.ServerMomentum, "0.9");
    private static readonly RealField Beta1Field = new(FieldLabels.Beta1, "0.9");
    private static readonly RealField Beta2Field = new(FieldLabels.Beta2, "0.99");
    private static readonly RealField TauField = new(FieldLabels.Tau, "0.001");
    private static readonly RealField TrimFractionField = new(FieldLabels.TrimFraction, "0.1");
    private static readonly IntegerField AssumedAttackersField = new(FieldLabels.AssumedAttackers, 0, ExperimentLimits.MaxClients);
    private static readonly IntegerField KrumSelectedField = new(FieldLabels.KrumSelected, 1, ExperimentLimits.MaxClients);
    private static readonly RealField DropoutField = new(FieldLabels.Dropout, "0.2");
    private static readonly RealField ComputeSpeedMedianField = new(FieldLabels.ComputeSpeedMedian, "1000");
    private static readonly RealField ComputeSpeedSpreadField = new(FieldLabels.ComputeSpeedSpread, "0.5");
    private static readonly RealField BandwidthMedianField = new(FieldLabels.BandwidthMedianMbps, "10");
    private static readonly RealField BandwidthSpreadField = new(FieldLabels.BandwidthSpread, "0.5");
    private static readonly RealField RoundDeadlineField = new(FieldLabels.RoundDeadlineSeconds, "60");
    private static readonly RealField OverSelectionField = new(FieldLabels.OverSelection, "0.3");
    private static readonly RealField MaliciousFractionField = new(FieldLabels.MaliciousFraction, "0.2");
    private static readonly RealField AttackBoostField = new(FieldLabels.AttackBoost, "10");
    private static readonly RealField AttackNoiseStdField = new(FieldLabels.AttackNoiseStd, "1");
    private static readonly RealField TopKFractionField = new(FieldLabels.TopKFraction, "0.01");
    private static readonly RealField ClipNormField = new(FieldLabels.ClipNorm, "1");
    private static readonly RealField NoiseMultiplierField = new(FieldLabels.NoiseMultiplier, "1.1");
    private static readonly RealField DeltaField = new(FieldLabels.Delta, "0.00001");
    private static readonly RealField TargetEpsilonField = new(FieldLabels.TargetEpsilon, "8");
    private static readonly RealField ClipQuantileField = new(FieldLabels.ClipQuantile, "0.5");
    private static readonly RealField ClipLearningRateField = new(FieldLabels.ClipLearningRate, "0.2");
    private static readonly RealField LocalEpsilonField = new(FieldLabels.LocalEpsilon, "1");
    private static readonly RealField SecureAggregationThresholdField = new(FieldLabels.SecureAggregationThreshold, "0.6");

    /// <summary>Experiment name; blank means no name.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// Client groups of an imported experiment file or a board's run, kept as they are: the form shows them but
    /// has no inputs for them, and launching keeps them.
    /// </summary>
    public IReadOnlyList<ClientGroupConfig> ClientGroups { get; set; } = [];

    /// <summary>Dataset the clients train on.</summary>
    public DatasetKind Dataset { get; set; }

    /// <summary>Model architecture.</summary>
    public ModelKind Model { get; set; }

    /// <summary>Hidden layer widths as typed, for example "200, 200".</summary>
    public string HiddenLayersText { get; set; } = string.Empty;

    /// <summary>Total number of clients K, as typed.</summary>
    public string? ClientsText { get; set; }

    /// <summary>Fraction C of the clients sampled each round, as typed.</summary>
    public string? ClientFractionText { get; set; }

    /// <summary>Local epochs E per sampled client and round, as typed.</summary>
    public string? LocalEpochsText { get; set; }

    /// <summary>Local minibatch size B, as typed.</summary>
    public string? BatchSizeText { get; set; }

    /// <summary>Local SGD learning rate η, as typed.</summary>
    public string? LearningRateText { get; set; }

    /// <summary>How the training set is split across clients.</summary>
    public PartitionKind Partition { get; set; }

    /// <summary>Dirichlet concentration α of the label skew, as typed.</summary>
    public string? DirichletAlphaText { get; set; }

    /// <summary>Smallest number of training samples per client under the Dirichlet partition, as typed.</summary>
    public string? MinClientSizeText { get; set; }

    /// <summary>Number of federated rounds, as typed.</summary>
    public string? RoundsText { get; set; }

    /// <summary>Seed of every random choice in the run, as typed.</summary>
    public string? SeedText { get; set; }

    /// <summary>Model heterogeneity α of the synthetic dataset, as typed.</summary>
    public string? SyntheticAlphaText { get; set; }

    /// <summary>Data heterogeneity β of the synthetic dataset, as typed.</summary>
    public string? SyntheticBetaText { get; set; }

    /// <summary>Shards each client receives under the shards partition, as typed.</summary>
    public string? ShardsPerClientText { get; set; }

    /// <summary>Distinct labels of each client under the classes partition, as typed.</summary>
    public string? ClassesPerClientText { get; set; }

    /// <summary>How client sizes are drawn under quantity skew.</summary>
    public QuantitySkewKind QuantitySkew { get; set; }

    /// <summary>Dirichlet concentration of the client size proportions under quantity skew, as typed.</summary>
    public string? QuantityAlphaText { get; set; }

    /// <summary>Pareto shape a of the client sizes under power-law quantity skew, as typed.</summary>
    public string? PowerLawExponentText { get; set; }

    /// <summary>Feature skew σ under the feature-noise partition, as typed.</summary>
    public string? FeatureNoiseSigmaText { get; set; }

    /// <summary>Fraction of each client's samples held out for per-client accuracy, as typed.</summary>
    public string? ClientTestFractionText { get; set; }

    /// <summary>Local SGD momentum ρ, as typed.</summary>
    public string? MomentumText { get; set; }

    /// <summary>Local L2 weight decay λ, as typed.</summary>
    public string? WeightDecayText { get; set; }

    /// <summary>The server's algorithm.</summary>
    public StrategyKind Strategy { get; set; }

    /// <summary>How the client updates are combined before the strategy applies them.</summary>
    public AggregationKind Aggregation { get; set; }

    /// <summary>FedProx proximal coefficient μ, as typed.</summary>
    public string? ProximalMuText { get; set; }

    /// <summary>Server learning rate η as typed; blank takes the strategy's default.</summary>
    public string? ServerLearningRateText { get; set; }

    /// <summary>Server momentum β of FedAvgM, as typed.</summary>
    public string? ServerMomentumText { get; set; }

    /// <summary>First-moment decay β1 of the adaptive strategies, as typed.</summary>
    public string? Beta1Text { get; set; }

    /// <summary>Second-moment decay β2 of FedAdam and FedYogi, as typed.</summary>
    public string? Beta2Text { get; set; }

    /// <summary>Adaptivity τ of the adaptive strategies, as typed.</summary>
    public string? TauText { get; set; }

    /// <summary>Fraction β that the trimmed mean drops from each end, as typed.</summary>
    public string? TrimFractionText { get; set; }

    /// <summary>Number f of attackers that Krum, Multi-Krum and Bulyan assume, as typed.</summary>
    public string? AssumedAttackersText { get; set; }

    /// <summary>Updates m that Multi-Krum averages as typed; blank takes n − f.</summary>
    public string? KrumSelectedText { get; set; }

    /// <summary>Probability that a sampled client fails to report, as typed.</summary>
    public string? DropoutText { get; set; }

    /// <summary>Median client compute speed in samples per second, as typed.</summary>
    public string? ComputeSpeedMedianText { get; set; }

    /// <summary>Log-normal σ of the client compute speeds, as typed.</summary>
    public string? ComputeSpeedSpreadText { get; set; }

    /// <summary>Median client bandwidth in megabits per second, as typed.</summary>
    public string? BandwidthMedianMbpsText { get; set; }

    /// <summary>Log-normal σ of the client bandwidths, as typed.</summary>
    public string? BandwidthSpreadText { get; set; }

    /// <summary>Simulated seconds the server waits for updates in a round as typed; blank waits for every client.</summary>
    public string? RoundDeadlineSecondsText { get; set; }

    /// <summary>Over-selection fraction o, as typed.</summary>
    public string? OverSelectionText { get; set; }

    /// <summary>What malicious clients do.</summary>
    public AttackKind Attack { get; set; }

    /// <summary>Fraction of all clients that are malicious, as typed.</summary>
    public string? MaliciousFractionText { get; set; }

    /// <summary>Boost factor γ of the scaling attack, as typed.</summary>
    public string? AttackBoostText { get; set; }

    /// <summary>Standard deviation of the Gaussian attack's update, as typed.</summary>
    public string? AttackNoiseStdText { get; set; }

    /// <summary>What the server does with an update that fails validation.</summary>
    public InvalidUpdatePolicy InvalidUpdates { get; set; }

    /// <summary>Uplink compression of client updates.</summary>
    public CompressionKind Compression { get; set; }

    /// <summary>Fraction of the coordinates that top-k sparsification keeps, as typed.</summary>
    public string? TopKFractionText { get; set; }

    /// <summary>How clients are sampled each round: a fixed number, or each independently with probability C.</summary>
    public ClientSamplingKind Sampling { get; set; }

    /// <summary>The differential-privacy mechanism.</summary>
    public DifferentialPrivacyKind DifferentialPrivacy { get; set; }

    /// <summary>Clip norm S, as typed.</summary>
    public string? ClipNormText { get; set; }

    /// <summary>Noise multiplier z, as typed.</summary>
    public string? NoiseMultiplierText { get; set; }

    /// <summary>δ of the (ε, δ) guarantee, as typed.</summary>
    public string? DeltaText { get; set; }

    /// <summary>Target ε over all rounds as typed; blank uses the noise multiplier instead.</summary>
    public string? TargetEpsilonText { get; set; }

    /// <summary>Target quantile γ of the update norms under adaptive clipping, as typed.</summary>
    public string? ClipQuantileText { get; set; }

    /// <summary>Learning rate η_C of the clip norm under adaptive clipping, as typed.</summary>
    public string? ClipLearningRateText { get; set; }

    /// <summary>Per-round ε of local differential privacy, as typed.</summary>
    public string? LocalEpsilonText { get; set; }

    /// <summary>Whether the server sums the updates with secure aggregation.</summary>
    public bool SecureAggregation { get; set; }

    /// <summary>Fraction of the selected clients that must report for secure aggregation to finish, as typed.</summary>
    public string? SecureAggregationThresholdText { get; set; }

    /// <summary>What a round that cannot finish secure aggregation does.</summary>
    public RoundFailurePolicy RoundFailures { get; set; }

    /// <summary>
    /// Whether the warning that ε is an approximation applies: the run uses a differential-privacy mechanism whose
    /// accountant assumes Poisson sampling, but samples a fixed number of clients.
    /// </summary>
    public bool ShowsFixedSamplingWarning => PrivacyNotes.IsEpsilonApproximate(DifferentialPrivacy, Sampling);

    /// <summary>Whether the hidden layer field applies, which is the case for the multilayer perceptron only.</summary>
    public bool UsesHiddenLayers => Model == ModelKind.Mlp;

    /// <summary>Whether the Dirichlet α and minimum client size fields apply.</summary>
    public bool UsesDirichlet => Partition == PartitionKind.Dirichlet;

    /// <summary>Whether the synthetic α and β fields apply.</summary>
    public bool UsesSynthetic => Dataset == DatasetKind.Synthetic;

    /// <summary>Creates a form holding the values of <paramref name="config"/>, numbers written with the invariant culture.</summary>
    public static ExperimentForm FromConfig(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var form = new ExperimentForm
        {
            Name = config.Name,
            ClientGroups = config.ClientGroups,
            Dataset = config.Dataset,
            Model = config.Model,
            HiddenLayersText = string.Join(", ", config.HiddenLayers.Select(FormatInteger)),
            ClientsText = FormatInteger(config.Clients),
            ClientFractionText = FormatReal(config.ClientFraction),
            LocalEpochsText = FormatInteger(config.LocalEpochs),
            BatchSizeText = FormatInteger(config.BatchSize),
            LearningRateText = FormatReal(config.LearningRate),
            Partition = config.Partition,
            DirichletAlphaText = FormatReal(config.DirichletAlpha),
            MinClientSizeText = FormatInteger(config.MinClientSize),
            RoundsText = FormatInteger(config.Rounds),
            SeedText = FormatInteger(config.Seed),
            SyntheticAlphaText = FormatReal(config.SyntheticAlpha),
            SyntheticBetaText = FormatReal(config.SyntheticBeta),
            ShardsPerClientText = FormatInteger(config.ShardsPerClient),
            ClassesPerClientText = FormatInteger(config.ClassesPerClient),
            QuantitySkew = config.QuantitySkew,
            QuantityAlphaText = FormatReal(config.QuantityAlpha),
            PowerLawExponentText = FormatReal(config.PowerLawExponent),
            FeatureNoiseSigmaText = FormatReal(config.FeatureNoiseSigma),
            ClientTestFractionText = FormatReal(config.ClientTestFraction),
            MomentumText = FormatReal(config.Momentum),
            WeightDecayText = FormatReal(config.WeightDecay),
            Strategy = config.Strategy,
            Aggregation = config.Aggregation,
            ProximalMuText = FormatReal(config.ProximalMu),
            ServerLearningRateText = FormatOptionalReal(config.ServerLearningRate),
            ServerMomentumText = FormatReal(config.ServerMomentum),
            Beta1Text = FormatReal(config.Beta1),
            Beta2Text = FormatReal(config.Beta2),
            TauText = FormatReal(config.Tau),
            TrimFractionText = FormatReal(config.TrimFraction),
            AssumedAttackersText = FormatInteger(config.AssumedAttackers),
            KrumSelectedText = config.KrumSelected is int selected ? FormatInteger(selected) : string.Empty,
            DropoutText = FormatReal(config.Dropout),
            ComputeSpeedMedianText = FormatReal(config.ComputeSpeedMedian),
            ComputeSpeedSpreadText = FormatReal(config.ComputeSpeedSpread),
            BandwidthMedianMbpsText = FormatReal(config.BandwidthMedianMbps),
            BandwidthSpreadText = FormatReal(config.BandwidthSpread),
            RoundDeadlineSecondsText = FormatOptionalReal(config.RoundDeadlineSeconds),
            OverSelectionText = FormatReal(config.OverSelection),
            Attack = config.Attack,
            MaliciousFractionText = FormatReal(config.MaliciousFraction),
            AttackBoostText = FormatReal(config.AttackBoost),
            AttackNoiseStdText = FormatReal(config.AttackNoiseStd),
            InvalidUpdates = config.InvalidUpdates,
            Compression = config.Compression,
            TopKFractionText = FormatReal(config.TopKFraction),
            Sampling = config.Sampling,
            DifferentialPrivacy = config.DifferentialPrivacy,
            ClipNormText = FormatReal(config.ClipNorm),
            NoiseMultiplierText = FormatReal(config.NoiseMultiplier),
            DeltaText = FormatReal(config.Delta),
            TargetEpsilonText = FormatOptionalReal(config.TargetEpsilon),
            ClipQuantileText = FormatReal(config.ClipQuantile),
            ClipLearningRateText = FormatReal(config.ClipLearningRate),
            LocalEpsilonText = FormatReal(config.LocalEpsilon),
            SecureAggregation = config.SecureAggregation,
            SecureAggregationThresholdText = FormatReal(config.SecureAggregationThreshold),
            RoundFailures = config.RoundFailures,
        };
        form.CopyTable(config);
        return form;
    }

    /// <summary>Returns a copy that can be changed without changing this form.</summary>
    public ExperimentForm Clone() => (ExperimentForm)MemberwiseClone();

    /// <summary>
    /// Returns whether the input of <paramref name="field"/>, an <see cref="ExperimentConfig"/> property name, is
    /// shown for the current choices, which is when <see cref="ExperimentSettingUse.IsUsed"/> returns that a run reads it.
    /// </summary>
    public bool IsFieldShown(string field) => ExperimentSettingUse.IsUsed(Choices(), field);

    /// <summary>
    /// Returns the server learning rate the current strategy uses when its input is blank, or null when the
    /// strategy has none.
    /// </summary>
    public double? DefaultServerLearningRate => ExperimentSettingUse.DefaultServerLearningRate(Strategy);

    // The settings that decide which other settings apply, with every number left at its default.
    private ExperimentConfig Choices() => new()
    {
        Dataset = Dataset,
        Model = Model,
        Partition = Partition,
        QuantitySkew = QuantitySkew,
        Strategy = Strategy,
        Aggregation = Aggregation,
        Attack = Attack,
        Compression = Compression,
        DifferentialPrivacy = DifferentialPrivacy,
        SecureAggregation = SecureAggregation,

        // A typed target ε replaces the noise multiplier, whatever its value; the number itself is parsed in ToConfig.
        TargetEpsilon = string.IsNullOrWhiteSpace(TargetEpsilonText) ? null : 1,
    };

    /// <summary>
    /// Parses the text of every field and validates the result with <see cref="ExperimentValidator"/>. Parse errors
    /// and range errors are reported under the same field names. The result's
    /// <see cref="ExperimentFormResult.Config"/> is null when the text of a shown field cannot be parsed;
    /// otherwise it contains the values even when some are invalid.
    /// </summary>
    public ExperimentFormResult ToConfig()
    {
        var defaults = new ExperimentConfig();
        var parseErrors = new List<ValidationError>();

        // A field hidden by the current choices does not affect the run, so its unparsable text is ignored and the
        // configuration takes the default there.
        T Unparsable<T>(string field, string error, T fallback)
        {
            if (IsFieldShown(field))
            {
                parseErrors.Add(new ValidationError(field, error));
            }

            return fallback;
        }

        int ParseInteger(string field, string? text, IntegerField spec, int fallback) =>
            FormNumberParser.TryParseInteger(text, spec, out int value, out string? error) ? value : Unparsable(field, error, fallback);

        double ParseReal(string field, string? text, RealField spec, double fallback) =>
            FormNumberParser.TryParseReal(text, spec, out double value, out string? error) ? value : Unparsable(field, error, fallback);

        int? ParseOptionalInteger(string field, string? text, IntegerField spec, int? fallback) =>
            FormNumberParser.TryParseOptionalInteger(text, spec, out int? value, out string? error) ? value : Unparsable(field, error, fallback);

        double? ParseOptionalReal(string field, string? text, RealField spec, double? fallback) =>
            FormNumberParser.TryParseOptionalReal(text, spec, out double? value, out string? error) ? value : Unparsable(field, error, fallback);

        // NOTE: with a softmax model and unparsable text, the file keeps the default widths rather than the text.
        IReadOnlyList<int> hiddenLayers = ParseHiddenLayers(HiddenLayersText, out string? hiddenLayersError);
        if (hiddenLayersError is not null)
        {
            hiddenLayers = Unparsable(nameof(ExperimentConfig.HiddenLayers), hiddenLayersError, defaults.HiddenLayers);
        }

        var config = new ExperimentConfig
        {
            Name = string.IsNullOrWhiteSpace(Name) ? null : Name.Trim(),
            ClientGroups = ClientGroups,
            Dataset = Dataset,
            Model = Model,
            HiddenLayers = hiddenLayers,
            Clients = ParseInteger(nameof(ExperimentConfig.Clients), ClientsText, ClientsField, defaults.Clients),
            ClientFraction = ParseReal(nameof(ExperimentConfig.ClientFraction), ClientFractionText, ClientFractionField, defaults.ClientFraction),
            LocalEpochs = ParseInteger(nameof(ExperimentConfig.LocalEpochs), LocalEpochsText, LocalEpochsField, defaults.LocalEpochs),
            BatchSize = ParseInteger(nameof(ExperimentConfig.BatchSize), BatchSizeText, BatchSizeField, defaults.BatchSize),
            LearningRate = ParseReal(nameof(ExperimentConfig.LearningRate), LearningRateText, LearningRateField, defaults.LearningRate),
            Partition = Partition,
            DirichletAlpha = ParseReal(nameof(ExperimentConfig.DirichletAlpha), DirichletAlphaText, DirichletAlphaField, defaults.DirichletAlpha),
            MinClientSize = ParseInteger(nameof(ExperimentConfig.MinClientSize), MinClientSizeText, MinClientSizeField, defaults.MinClientSize),
            Rounds = ParseInteger(nameof(ExperimentConfig.Rounds), RoundsText, RoundsField, defaults.Rounds),
            Seed = ParseInteger(nameof(ExperimentConfig.Seed), SeedText, SeedField, defaults.Seed),
            SyntheticAlpha = ParseReal(nameof(ExperimentConfig.SyntheticAlpha), SyntheticAlphaText, SyntheticAlphaField, defaults.SyntheticAlpha),
            SyntheticBeta = ParseReal(nameof(ExperimentConfig.SyntheticBeta), SyntheticBetaText, SyntheticBetaField, defaults.SyntheticBeta),
            ShardsPerClient = ParseInteger(nameof(ExperimentConfig.ShardsPerClient), ShardsPerClientText, ShardsPerClientField, defaults.ShardsPerClient),
            ClassesPerClient = ParseInteger(nameof(ExperimentConfig.ClassesPerClient), ClassesPerClientText, ClassesPerClientField, defaults.ClassesPerClient),
            QuantitySkew = QuantitySkew,
            QuantityAlpha = ParseReal(nameof(ExperimentConfig.QuantityAlpha), QuantityAlphaText, QuantityAlphaField, defaults.QuantityAlpha),
            PowerLawExponent = ParseReal(nameof(ExperimentConfig.PowerLawExponent), PowerLawExponentText, PowerLawExponentField, defaults.PowerLawExponent),
            FeatureNoiseSigma = ParseReal(nameof(ExperimentConfig.FeatureNoiseSigma), FeatureNoiseSigmaText, FeatureNoiseSigmaField, defaults.FeatureNoiseSigma),
            ClientTestFraction = ParseReal(nameof(ExperimentConfig.ClientTestFraction), ClientTestFractionText, ClientTestFractionField, defaults.ClientTestFraction),
            Momentum = ParseReal(nameof(ExperimentConfig.Momentum), MomentumText, MomentumField, defaults.Momentum),
            WeightDecay = ParseReal(nameof(ExperimentConfig.WeightDecay), WeightDecayText, WeightDecayField, defaults.WeightDecay),
            Strategy = Strategy,
            Aggregation = Aggregation,
            ProximalMu = ParseReal(nameof(ExperimentConfig.ProximalMu), ProximalMuText, ProximalMuField, defaults.ProximalMu),
            ServerLearningRate = ParseOptionalReal(nameof(ExperimentConfig.ServerLearningRate), ServerLearningRateText, ServerLearningRateField, defaults.ServerLearningRate),
            ServerMomentum = ParseReal(nameof(ExperimentConfig.ServerMomentum), ServerMomentumText, ServerMomentumField, defaults.ServerMomentum),
            Beta1 = ParseReal(nameof(ExperimentConfig.Beta1), Beta1Text, Beta1Field, defaults.Beta1),
            Beta2 = ParseReal(nameof(ExperimentConfig.Beta2), Beta2Text, Beta2Field, defaults.Beta2),
            Tau = ParseReal(nameof(ExperimentConfig.Tau), TauText, TauField, defaults.Tau),
            TrimFraction = ParseReal(nameof(ExperimentConfig.TrimFraction), TrimFractionText, TrimFractionField, defaults.TrimFraction),
            AssumedAttackers = ParseInteger(nameof(ExperimentConfig.AssumedAttackers), AssumedAttackersText, AssumedAttackersField, defaults.AssumedAttackers),
            KrumSelected = ParseOptionalInteger(nameof(ExperimentConfig.KrumSelected), KrumSelectedText, KrumSelectedField, defaults.KrumSelected),
            Dropout = ParseReal(nameof(ExperimentConfig.Dropout), DropoutText, DropoutField, defaults.Dropout),
            ComputeSpeedMedian = ParseReal(nameof(ExperimentConfig.ComputeSpeedMedian), ComputeSpeedMedianText, ComputeSpeedMedianField, defaults.ComputeSpeedMedian),
            ComputeSpeedSpread = ParseReal(nameof(ExperimentConfig.ComputeSpeedSpread), ComputeSpeedSpreadText, ComputeSpeedSpreadField, defaults.ComputeSpeedSpread),
            BandwidthMedianMbps = ParseReal(nameof(ExperimentConfig.BandwidthMedianMbps), BandwidthMedianMbpsText, BandwidthMedianField, defaults.BandwidthMedianMbps),
            BandwidthSpread = ParseReal(nameof(ExperimentConfig.BandwidthSpread), BandwidthSpreadText, BandwidthSpreadField, defaults.BandwidthSpread),
            RoundDeadlineSeconds = ParseOptionalReal(nameof(ExperimentConfig.RoundDeadlineSeconds), RoundDeadlineSecondsText, RoundDeadlineField, defaults.RoundDeadlineSeconds),
            OverSelection = ParseReal(nameof(ExperimentConfig.OverSelection), OverSelectionText, OverSelectionField, defaults.OverSelection),
            Attack = Attack,
            MaliciousFraction = ParseReal(nameof(ExperimentConfig.MaliciousFraction), MaliciousFractionText, MaliciousFractionField, defaults.MaliciousFraction),
            AttackBoost = ParseReal(nameof(ExperimentConfig.AttackBoost), AttackBoostText, AttackBoostField, defaults.AttackBoost),
            AttackNoiseStd = ParseReal(nameof(ExperimentConfig.AttackNoiseStd), AttackNoiseStdText, AttackNoiseStdField, defaults.AttackNoiseStd),
            InvalidUpdates = InvalidUpdates,
            Compression = Compression,
            TopKFraction = ParseReal(nameof(ExperimentConfig.TopKFraction), TopKFractionText, TopKFractionField, defaults.TopKFraction),
            Sampling = Sampling,
            DifferentialPrivacy = DifferentialPrivacy,
            ClipNorm = ParseReal(nameof(ExperimentConfig.ClipNorm), ClipNormText, ClipNormField, defaults.ClipNorm),
            NoiseMultiplier = ParseReal(nameof(ExperimentConfig.NoiseMultiplier), NoiseMultiplierText, NoiseMultiplierField, defaults.NoiseMultiplier),
            Delta = ParseReal(nameof(ExperimentConfig.Delta), DeltaText, DeltaField, defaults.Delta),
            TargetEpsilon = ParseOptionalReal(nameof(ExperimentConfig.TargetEpsilon), TargetEpsilonText, TargetEpsilonField, defaults.TargetEpsilon),
            ClipQuantile = ParseReal(nameof(ExperimentConfig.ClipQuantile), ClipQuantileText, ClipQuantileField, defaults.ClipQuantile),
            ClipLearningRate = ParseReal(nameof(ExperimentConfig.ClipLearningRate), ClipLearningRateText, ClipLearningRateField, defaults.ClipLearningRate),
            LocalEpsilon = ParseReal(nameof(ExperimentConfig.LocalEpsilon), LocalEpsilonText, LocalEpsilonField, defaults.LocalEpsilon),
            SecureAggregation = SecureAggregation,
            SecureAggregationThreshold = ParseReal(
                nameof(ExperimentConfig.SecureAggregationThreshold), SecureAggregationThresholdText, SecureAggregationThresholdField, defaults.SecureAggregationThreshold),
            RoundFailures = RoundFailures,
            Table = TableSourceOrNull(ParseReal),
        };

        // The validator checks the defaults put in place of unparsable text, so its messages for those fields would
        // name numbers the user never typed.
        var unparsed = parseErrors.Select(error => error.Field).ToHashSet(StringComparer.Ordinal);
        IEnumerable<ValidationError> rangeErrors = ExperimentValidator.Validate(config).Where(error => !unparsed.Contains(error.Field));
        if (UsesTable && TableId is null)
        {
            rangeErrors = rangeErrors.Append(new ValidationError(TableField, "No CSV file is chosen. Choose a file, or use the sample file."));
        }

        return new ExperimentFormResult(parseErrors.Count == 0 ? config : null, new FieldErrors(parseErrors.Concat(rangeErrors)));
    }

    private static string FormatInteger(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string FormatReal(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string FormatOptionalReal(double? value) => value is double number ? FormatReal(number) : string.Empty;

    /// <summary>
    /// Parses comma-separated layer widths such as "200, 200". Returns an empty list for blank text, which the
    /// validator reports. Sets <paramref name="error"/> to a user message for the first entry that is not a number.
    /// </summary>
    public static IReadOnlyList<int> ParseHiddenLayers(string? text, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var widths = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.Length == 0)
            {
                error = "Hidden layers: an entry is empty; enter widths separated by commas, for example 200, 200.";
                return [];
            }

            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int width))
            {
                error = $"Hidden layers: '{part}' is not a number; enter whole widths separated by commas, for example 200, 200.";
                return [];
            }

            widths.Add(width);
        }

        return widths;
    }
}

/// <summary>Outcome of <see cref="ExperimentForm.ToConfig"/>.</summary>
/// <param name="Config">The form's values, or null when the text of a shown field could not be parsed.</param>
/// <param name="Errors">Every invalid setting, parse errors included, keyed by <see cref="ExperimentConfig"/> property name.</param>
public sealed record ExperimentFormResult(ExperimentConfig? Config, FieldErrors Errors)
{
    /// <summary>Whether the configuration exists and passed validation, so that it can be launched.</summary>
    public bool IsValid => Config is not null && Errors.Count == 0;
}

/// <summary>Validation messages grouped by <see cref="ExperimentConfig"/> property name.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _messages = new(StringComparer.Ordinal);

    /// <summary>An instance with no errors.</summary>
    public static FieldErrors None { get; } = new([]);

    /// <summary>Groups <paramref name="errors"/> by field, keeping their order.</summary>
    public FieldErrors(IEnumerable<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        foreach (ValidationError error in errors)
        {
            if (!_messages.TryGetValue(error.Field, out List<string>? list))
            {
                list = [];
                _messages[error.Field] = list;
            }

            list.Add(error.Message);
            Count++;
        }
    }

    /// <summary>Total number of messages.</summary>
    public int Count { get; }

    /// <summary>Whether <paramref name="field"/> has at least one message.</summary>
    public bool Has(string field) => _messages.ContainsKey(field);

    /// <summary>Returns the messages of <paramref name="field"/> joined into one line, or null when it has none.</summary>
    public string? For(string field) => _messages.TryGetValue(field, out List<string>? list) ? string.Join(" ", list) : null;

    /// <summary>Returns the names of the fields that have messages.</summary>
    public IEnumerable<string> Fields => _messages.Keys;
}
