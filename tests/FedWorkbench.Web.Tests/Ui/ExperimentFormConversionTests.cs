using System.Reflection;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

/// <summary>How <see cref="ExperimentForm"/> turns typed text into a configuration, and a configuration into text.</summary>
public sealed class ExperimentFormConversionTests
{
    private static readonly ExperimentConfig Unusual = new()
    {
        Name = "Unusual values",
        Dataset = DatasetKind.Synthetic,
        Model = ModelKind.Mlp,
        HiddenLayers = [64, 32, 16],
        Clients = 250,
        ClientFraction = 0.3,
        LocalEpochs = 5,
        BatchSize = 32,
        LearningRate = 1e-5,
        Partition = PartitionKind.Dirichlet,
        DirichletAlpha = 0.01,
        MinClientSize = 3,
        Rounds = 7,
        Seed = -123,
        SyntheticAlpha = 0.25,
        SyntheticBeta = 2.5,
    };

    // An uploaded CSV file with an owner column, narrowed features and a type override.
    private static readonly ExperimentConfig OnTable = new()
    {
        Name = "Hospitals",
        Dataset = DatasetKind.Table,
        Partition = PartitionKind.Natural,
        Clients = 5,
        ClientFraction = 1,
        Table = new TableSource
        {
            Id = new string('c', TableSource.IdLength),
            FileName = "hospital-discharges.csv",
            LabelColumn = "discharge_outcome",
            OwnerColumn = "hospital",
            FeatureColumns = ["age", "prior_admissions"],
            ColumnTypes = new Dictionary<string, string> { ["prior_admissions"] = "categorical" },
            TestFraction = 0.3,
        },
    };

    // Two client groups, as a board with phones and tablets compiles to; the form has no inputs for them.
    private static readonly ExperimentConfig WithGroups = new()
    {
        Name = "Phones and tablets",
        Dataset = DatasetKind.Synthetic,
        Clients = 30,
        ClientGroups =
        [
            new ClientGroupConfig { Name = "Phones", Count = 20, DataShare = 0.6, Dropout = 0.2 },
            new ClientGroupConfig { Name = "Tablets", Count = 10, DataShare = 0.4, Partition = PartitionKind.Shards, Attack = AttackKind.SignFlip },
        ],
    };

    // Every setting that Unusual leaves at its default, at a value other than the default.
    private static readonly ExperimentConfig EverySetting = new()
    {
        Name = "Every setting",
        Model = ModelKind.Softmax,
        Partition = PartitionKind.Quantity,
        MinClientSize = 4,
        DirichletAlpha = 2,
        ShardsPerClient = 3,
        ClassesPerClient = 4,
        QuantitySkew = QuantitySkewKind.PowerLaw,
        QuantityAlpha = 0.7,
        PowerLawExponent = 2.5,
        FeatureNoiseSigma = 0.3,
        ClientTestFraction = 0.2,
        Momentum = 0.9,
        WeightDecay = 1e-4,
        Strategy = StrategyKind.FedAdam,
        Aggregation = AggregationKind.MultiKrum,
        ProximalMu = 0.5,
        ServerLearningRate = 0.02,
        ServerMomentum = 0.7,
        Beta1 = 0.8,
        Beta2 = 0.95,
        Tau = 0.01,
        TrimFraction = 0.2,
        AssumedAttackers = 2,
        KrumSelected = 5,
        Dropout = 0.1,
        ComputeSpeedMedian = 250,
        ComputeSpeedSpread = 1.5,
        BandwidthMedianMbps = 2.5,
        BandwidthSpread = 0.25,
        RoundDeadlineSeconds = 7.5,
        OverSelection = 0.3,
        Attack = AttackKind.Scaling,
        MaliciousFraction = 0.1,
        AttackBoost = 20,
        AttackNoiseStd = 3,
        InvalidUpdates = InvalidUpdatePolicy.Fail,
        Compression = CompressionKind.TopK,
        TopKFraction = 0.05,
    };

    // Every server-noise privacy setting at a value other than its default. Kept apart from EverySetting, because
    // differential privacy cannot combine with Multi-Krum.
    private static readonly ExperimentConfig CentralPrivacy = new()
    {
        Name = "Central privacy",
        Clients = 1_000,
        Sampling = ClientSamplingKind.Poisson,
        DifferentialPrivacy = DifferentialPrivacyKind.CentralAdaptive,
        ClipNorm = 0.5,
        NoiseMultiplier = 1.3,
        Delta = 1e-6,
        TargetEpsilon = 4.5,
        ClipQuantile = 0.7,
        ClipLearningRate = 0.1,
    };

    // Local DP with secure aggregation: the remaining privacy settings at values other than their defaults.
    private static readonly ExperimentConfig LocalPrivacy = new()
    {
        Name = "Local privacy",
        DifferentialPrivacy = DifferentialPrivacyKind.Local,
        LocalEpsilon = 2.5,
        SecureAggregation = true,
        SecureAggregationThreshold = 0.75,
        RoundFailures = RoundFailurePolicy.Fail,
    };

    [Fact]
    public void FromConfig_WritesInvariantText()
    {
        ExperimentForm form = ExperimentForm.FromConfig(Unusual);

        Assert.Equal("64, 32, 16", form.HiddenLayersText);
        Assert.Equal("250", form.ClientsText);
        Assert.Equal("0.3", form.ClientFractionText);
        Assert.Equal("1E-05", form.LearningRateText);
        Assert.Equal("-123", form.SeedText);
        Assert.Equal("2.5", form.SyntheticBetaText);
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void ToConfig_AfterFromConfig_ExportsSameFile(ExperimentConfig config)
    {
        // Arrange: importing a file fills the form through FromConfig; exporting serializes ToConfig's result.
        string imported = ExperimentJson.Serialize(config);
        ExperimentForm form = ExperimentForm.FromConfig(ExperimentJson.Deserialize(imported));

        // Act
        ExperimentFormResult result = form.ToConfig();

        // Assert
        Assert.NotNull(result.Config);
        Assert.Equal(0, result.Errors.Count);
        Assert.Equal(imported, ExperimentJson.Serialize(result.Config));
    }

    public static TheoryData<ExperimentConfig> Configs => new() { new ExperimentConfig(), Unusual, EverySetting, CentralPrivacy, LocalPrivacy, WithGroups, OnTable };

    [Fact]
    public void RoundTripConfigs_CoverEverySetting()
    {
        // A setting that no test configuration changes would pass the round trip even if the form dropped it.
        var defaults = new ExperimentConfig();
        foreach (PropertyInfo property in typeof(ExperimentConfig).GetProperties())
        {
            object? standard = property.GetValue(defaults);
            bool changed = new[] { Unusual, EverySetting, CentralPrivacy, LocalPrivacy, WithGroups, OnTable }.Any(config => !SameValue(property.GetValue(config), standard));
            Assert.True(changed, $"No round-trip configuration sets {property.Name} to a value other than its default.");
        }
    }

    [Fact]
    public void FromConfig_NullableSettings_WritesBlank()
    {
        ExperimentForm form = ExperimentForm.FromConfig(new ExperimentConfig());

        Assert.Equal(string.Empty, form.ServerLearningRateText);
        Assert.Equal(string.Empty, form.RoundDeadlineSecondsText);
        Assert.Equal(string.Empty, form.KrumSelectedText);
    }

    [Fact]
    public void ToConfig_BlankNullableSettings_GiveNull()
    {
        ExperimentForm form = ExperimentForm.FromConfig(EverySetting);
        form.ServerLearningRateText = "  ";
        form.RoundDeadlineSecondsText = string.Empty;
        form.KrumSelectedText = null;

        ExperimentFormResult result = form.ToConfig();

        Assert.NotNull(result.Config);
        Assert.Null(result.Config.ServerLearningRate);
        Assert.Null(result.Config.RoundDeadlineSeconds);
        Assert.Null(result.Config.KrumSelected);
        Assert.Contains("\"roundDeadlineSeconds\": null", ExperimentJson.Serialize(result.Config), StringComparison.Ordinal);
    }

    [Fact]
    public void ToConfig_UnparsableNewSettings_QuoteText()
    {
        ExperimentForm form = ExperimentForm.FromConfig(EverySetting);
        form.RoundDeadlineSecondsText = "soon";
        form.KrumSelectedText = "2.5";
        form.MomentumText = "0,9";
        form.TopKFractionText = "1e999";

        ExperimentFormResult result = form.ToConfig();

        Assert.Null(result.Config);
        Assert.Equal(4, result.Errors.Count);
        Assert.Equal("Round deadline: 'soon' is not a number; enter for example 60.", result.Errors.For(nameof(ExperimentConfig.RoundDeadlineSeconds)));
        Assert.Equal("Multi-Krum m: '2.5' is not a whole number from 1 to 10,000.", result.Errors.For(nameof(ExperimentConfig.KrumSelected)));
        Assert.Equal("Momentum ρ: '0,9' is not a number; use a dot as the decimal separator, for example 0.9.",
            result.Errors.For(nameof(ExperimentConfig.Momentum)));
        Assert.Equal("Top-k fraction: '1e999' is not a finite number; enter for example 0.01.", result.Errors.For(nameof(ExperimentConfig.TopKFraction)));
    }

    [Fact]
    public void ToConfig_UnusedSettingText_Ignored()
    {
        // μ applies to FedProx only, and the trim fraction to the trimmed mean only.
        ExperimentForm form = ExperimentForm.FromConfig(new ExperimentConfig());
        form.ProximalMuText = "abc";
        form.TrimFractionText = "abc";

        ExperimentFormResult fedAvg = form.ToConfig();
        form.Strategy = StrategyKind.FedProx;
        form.Aggregation = AggregationKind.TrimmedMean;
        ExperimentFormResult fedProx = form.ToConfig();

        Assert.True(fedAvg.IsValid);
        Assert.Null(fedProx.Config);
        Assert.Equal("Proximal μ: 'abc' is not a number; enter for example 0.01.", fedProx.Errors.For(nameof(ExperimentConfig.ProximalMu)));
        Assert.Equal("Trim fraction β: 'abc' is not a number; enter for example 0.1.", fedProx.Errors.For(nameof(ExperimentConfig.TrimFraction)));
    }

    [Fact]
    public void DefaultServerLearningRate_FollowsStrategy()
    {
        ExperimentForm form = ExperimentForm.FromConfig(new ExperimentConfig());

        Assert.Null(form.DefaultServerLearningRate);
        form.Strategy = StrategyKind.FedAdagrad;
        Assert.Equal(0.1, form.DefaultServerLearningRate);
        form.Strategy = StrategyKind.FedYogi;
        Assert.Equal(0.01, form.DefaultServerLearningRate);
        form.Strategy = StrategyKind.Scaffold;
        Assert.Equal(1.0, form.DefaultServerLearningRate);
    }

    private static bool SameValue(object? left, object? right) =>
        left is System.Collections.IEnumerable leftList and not string && right is System.Collections.IEnumerable rightList and not string
            ? leftList.Cast<object?>().SequenceEqual(rightList.Cast<object?>())
            : Equals(left, right);

    [Fact]
    public void ToConfig_EditedText_ExportsParsedValues()
    {
        ExperimentForm form = ExperimentForm.FromConfig(new ExperimentConfig());
        form.ClientFractionText = " 0.25 ";
        form.SeedText = "+7";
        form.RoundsText = "12";

        ExperimentFormResult result = form.ToConfig();

        Assert.True(result.IsValid);
        Assert.Equal(0.25, result.Config!.ClientFraction);
        Assert.Equal(7, result.Config.Seed);
        Assert.Equal(12, result.Config.Rounds);
        Assert.Contains("\"clientFraction\": 0.25", ExperimentJson.Serialize(result.Config), StringComparison.Ordinal);
    }

    [Fact]
    public void ToConfig_SeedBeyondInt_ReportsParseErrorOnly()
    {
        ExperimentForm form = ExperimentForm.FromConfig(new ExperimentConfig());
        form.SeedText = "2147483648";

        ExperimentFormResult result = form.ToConfig();

        Assert.Null(result.Config);
        Assert.False(result.IsValid);
        Assert.Equal(1, result.Errors.Count);
        Assert.Equal("Seed: '2147483648' is not a whole number from −2,147,483,648 to 2,147,483,647.", result.Errors.For(nameof(ExperimentConfig.Seed)));
        Assert.Equal("2147483648", form.SeedText);
    }

    [Fact]
    public void ToConfig_NaNLearningRate_NamesTypedText()
    {
        ExperimentForm form = ExperimentForm.FromConfig(new ExperimentConfig());
        form.LearningRateText = "NaN";

        ExperimentFormResult result = form.ToConfig();

        // The validator's message would name the placeholder value, not "NaN", so only the parse error is kept.
        Assert.Null(result.Config);
        Assert.Equal(1, result.Errors.Count);
        Assert.Equal("Learning rate η: 'NaN' is not a number; enter for example 0.05.", result.Errors.For(nameof(ExperimentConfig.LearningRate)));
    }

    [Fact]
    public void ToConfig_ParseAndRangeErrors_ReportsBoth()
    {
        ExperimentForm form = ExperimentForm.FromConfig(new ExperimentConfig());
        form.ClientsText = "abc";
        form.RoundsText = "0";
        form.ClientFractionText = "0,5";

        ExperimentFormResult result = form.ToConfig();

        Assert.Null(result.Config);
        Assert.Equal(3, result.Errors.Count);
        Assert.Equal("Clients K: 'abc' is not a whole number from 1 to 10,000.", result.Errors.For(nameof(ExperimentConfig.Clients)));
        Assert.Equal("Client fraction C: '0,5' is not a number; use a dot as the decimal separator, for example 0.5.",
            result.Errors.For(nameof(ExperimentConfig.ClientFraction)));
        Assert.Equal("Rounds 0 is outside [1, 1,000].", result.Errors.For(nameof(ExperimentConfig.Rounds)));
    }

    [Fact]
    public void ToConfig_RangeErrorOnly_KeepsConfig()
    {
        ExperimentForm form = ExperimentForm.FromConfig(new ExperimentConfig());
        form.ClientFractionText = "1.5";

        ExperimentFormResult result = form.ToConfig();

        Assert.NotNull(result.Config);
        Assert.False(result.IsValid);
        Assert.Equal(1.5, result.Config.ClientFraction);
        Assert.StartsWith("Client fraction 1.5 is outside (0, 1]", result.Errors.For(nameof(ExperimentConfig.ClientFraction)));
    }

    [Fact]
    public void ToConfig_UnparsableHiddenField_UsesDefault()
    {
        // The Dirichlet α input is hidden under the IID partition, so its text cannot affect the run.
        ExperimentForm form = ExperimentForm.FromConfig(new ExperimentConfig());
        form.DirichletAlphaText = "abc";

        ExperimentFormResult iid = form.ToConfig();
        form.Partition = PartitionKind.Dirichlet;
        ExperimentFormResult dirichlet = form.ToConfig();

        Assert.True(iid.IsValid);
        Assert.Equal(new ExperimentConfig().DirichletAlpha, iid.Config!.DirichletAlpha);
        Assert.Null(dirichlet.Config);
        Assert.Equal("Dirichlet α: 'abc' is not a number; enter for example 0.5.", dirichlet.Errors.For(nameof(ExperimentConfig.DirichletAlpha)));
    }

    [Fact]
    public void ToConfig_NegativeZero_ExportsZero()
    {
        ExperimentForm form = ExperimentForm.FromConfig(new ExperimentConfig { Dataset = DatasetKind.Synthetic });
        form.SyntheticAlphaText = "-0";

        ExperimentFormResult result = form.ToConfig();

        Assert.True(result.IsValid);
        Assert.False(double.IsNegative(result.Config!.SyntheticAlpha));
        Assert.Contains("\"syntheticAlpha\": 0,", ExperimentJson.Serialize(result.Config), StringComparison.Ordinal);
    }

    [Fact]
    public void IsFieldShown_FollowsChoices()
    {
        var form = ExperimentForm.FromConfig(new ExperimentConfig());

        Assert.True(form.IsFieldShown(nameof(ExperimentConfig.HiddenLayers)));
        Assert.False(form.IsFieldShown(nameof(ExperimentConfig.DirichletAlpha)));
        Assert.False(form.IsFieldShown(nameof(ExperimentConfig.MinClientSize)));
        Assert.False(form.IsFieldShown(nameof(ExperimentConfig.SyntheticAlpha)));
        Assert.True(form.IsFieldShown(nameof(ExperimentConfig.Seed)));

        form.Model = ModelKind.Softmax;
        form.Partition = PartitionKind.Dirichlet;
        form.Dataset = DatasetKind.Synthetic;

        Assert.False(form.IsFieldShown(nameof(ExperimentConfig.HiddenLayers)));
        Assert.True(form.IsFieldShown(nameof(ExperimentConfig.DirichletAlpha)));
        Assert.True(form.IsFieldShown(nameof(ExperimentConfig.MinClientSize)));
        Assert.True(form.IsFieldShown(nameof(ExperimentConfig.SyntheticBeta)));
    }

    [Fact]
    public void IsFieldShown_FollowsNewChoices()
    {
        var form = ExperimentForm.FromConfig(new ExperimentConfig());

        Assert.False(form.IsFieldShown(nameof(ExperimentConfig.ShardsPerClient)));
        Assert.False(form.IsFieldShown(nameof(ExperimentConfig.ServerLearningRate)));
        Assert.False(form.IsFieldShown(nameof(ExperimentConfig.AssumedAttackers)));
        Assert.False(form.IsFieldShown(nameof(ExperimentConfig.MaliciousFraction)));
        Assert.False(form.IsFieldShown(nameof(ExperimentConfig.TopKFraction)));
        Assert.True(form.IsFieldShown(nameof(ExperimentConfig.RoundDeadlineSeconds)));
        Assert.True(form.IsFieldShown(nameof(ExperimentConfig.ClientTestFraction)));

        form.Partition = PartitionKind.Shards;
        form.Strategy = StrategyKind.FedAvgM;
        form.Aggregation = AggregationKind.Krum;
        form.Attack = AttackKind.SignFlip;
        form.Compression = CompressionKind.TopK;

        Assert.True(form.IsFieldShown(nameof(ExperimentConfig.ShardsPerClient)));
        Assert.True(form.IsFieldShown(nameof(ExperimentConfig.ServerLearningRate)));
        Assert.True(form.IsFieldShown(nameof(ExperimentConfig.ServerMomentum)));
        Assert.True(form.IsFieldShown(nameof(ExperimentConfig.AssumedAttackers)));
        Assert.False(form.IsFieldShown(nameof(ExperimentConfig.KrumSelected)));
        Assert.True(form.IsFieldShown(nameof(ExperimentConfig.MaliciousFraction)));
        Assert.False(form.IsFieldShown(nameof(ExperimentConfig.AttackBoost)));
        Assert.True(form.IsFieldShown(nameof(ExperimentConfig.TopKFraction)));
    }
}
