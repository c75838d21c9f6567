using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

/// <summary>The Privacy section of the experiment form: which inputs each choice shows, parsing, rows and presets.</summary>
public sealed class ExperimentFormPrivacyTests
{
    private static readonly string[] MechanismSettings =
    [
        nameof(ExperimentConfig.ClipNorm),
        nameof(ExperimentConfig.NoiseMultiplier),
        nameof(ExperimentConfig.TargetEpsilon),
        nameof(ExperimentConfig.Delta),
        nameof(ExperimentConfig.ClipQuantile),
        nameof(ExperimentConfig.ClipLearningRate),
        nameof(ExperimentConfig.LocalEpsilon),
    ];

    // The inputs each mechanism shows, out of MechanismSettings, with the target ε blank.
    public static TheoryData<DifferentialPrivacyKind, string[]> ShownByMechanism => new()
    {
        { DifferentialPrivacyKind.None, [] },
        { DifferentialPrivacyKind.Central, ["ClipNorm", "NoiseMultiplier", "TargetEpsilon", "Delta"] },
        { DifferentialPrivacyKind.CentralAdaptive, ["ClipNorm", "NoiseMultiplier", "TargetEpsilon", "Delta", "ClipQuantile", "ClipLearningRate"] },
        { DifferentialPrivacyKind.Client, ["ClipNorm", "NoiseMultiplier", "TargetEpsilon", "Delta"] },
        { DifferentialPrivacyKind.Local, ["ClipNorm", "Delta", "LocalEpsilon"] },
    };

    [Theory]
    [MemberData(nameof(ShownByMechanism))]
    public void IsFieldShown_FollowsMechanism(DifferentialPrivacyKind mechanism, string[] expected)
    {
        ExperimentForm form = ExperimentForm.FromConfig(new ExperimentConfig { DifferentialPrivacy = mechanism });

        foreach (string setting in MechanismSettings)
        {
            Assert.True(expected.Contains(setting) == form.IsFieldShown(setting), $"{setting} under {mechanism}: expected shown = {expected.Contains(setting)}.");
        }

        Assert.True(form.IsFieldShown(nameof(ExperimentConfig.Sampling)));
        Assert.True(form.IsFieldShown(nameof(ExperimentConfig.DifferentialPrivacy)));
        Assert.True(form.IsFieldShown(nameof(ExperimentConfig.SecureAggregation)));
    }

    [Fact]
    public void IsFieldShown_TargetEpsilonHidesNoiseMultiplier()
    {
        ExperimentForm form = ExperimentForm.FromConfig(new ExperimentConfig { DifferentialPrivacy = DifferentialPrivacyKind.Central });
        Assert.True(form.IsFieldShown(nameof(ExperimentConfig.NoiseMultiplier)));

        form.TargetEpsilonText = "8";

        Assert.False(form.IsFieldShown(nameof(ExperimentConfig.NoiseMultiplier)));
        Assert.True(form.IsFieldShown(nameof(ExperimentConfig.TargetEpsilon)));

        form.TargetEpsilonText = "not a number";

        Assert.False(form.IsFieldShown(nameof(ExperimentConfig.NoiseMultiplier)));
    }

    [Fact]
    public void IsFieldShown_SecureAggregationShowsItsSettings()
    {
        ExperimentForm form = ExperimentForm.FromConfig(new ExperimentConfig());
        Assert.False(form.IsFieldShown(nameof(ExperimentConfig.SecureAggregationThreshold)));
        Assert.False(form.IsFieldShown(nameof(ExperimentConfig.RoundFailures)));

        form.SecureAggregation = true;

        Assert.True(form.IsFieldShown(nameof(ExperimentConfig.SecureAggregationThreshold)));
        Assert.True(form.IsFieldShown(nameof(ExperimentConfig.RoundFailures)));
    }

    [Theory]
    [InlineData(DifferentialPrivacyKind.None, ClientSamplingKind.Fixed, false)]
    [InlineData(DifferentialPrivacyKind.Central, ClientSamplingKind.Fixed, true)]
    [InlineData(DifferentialPrivacyKind.Central, ClientSamplingKind.Poisson, false)]
    [InlineData(DifferentialPrivacyKind.Client, ClientSamplingKind.Fixed, true)]
    [InlineData(DifferentialPrivacyKind.Local, ClientSamplingKind.Fixed, false)]
    public void ShowsFixedSamplingWarning_FollowsChoices(DifferentialPrivacyKind mechanism, ClientSamplingKind sampling, bool expected)
    {
        ExperimentForm form = ExperimentForm.FromConfig(new ExperimentConfig { DifferentialPrivacy = mechanism, Sampling = sampling });

        Assert.Equal(expected, form.ShowsFixedSamplingWarning);
    }

    [Fact]
    public void ToConfig_PrivacyText_ParsesEveryField()
    {
        ExperimentForm form = ExperimentForm.FromConfig(new ExperimentConfig());
        form.Sampling = ClientSamplingKind.Poisson;
        form.DifferentialPrivacy = DifferentialPrivacyKind.CentralAdaptive;
        form.ClipNormText = "0.25";
        form.NoiseMultiplierText = "1.5";
        form.DeltaText = "1e-6";
        form.TargetEpsilonText = " 3 ";
        form.ClipQuantileText = "0.6";
        form.ClipLearningRateText = "0.3";
        form.LocalEpsilonText = "4";
        form.SecureAggregation = true;
        form.SecureAggregationThresholdText = "0.8";
        form.RoundFailures = RoundFailurePolicy.Fail;

        ExperimentConfig? config = form.ToConfig().Config;

        Assert.NotNull(config);
        Assert.Equal(ClientSamplingKind.Poisson, config.Sampling);
        Assert.Equal(DifferentialPrivacyKind.CentralAdaptive, config.DifferentialPrivacy);
        Assert.Equal(0.25, config.ClipNorm);
        Assert.Equal(1.5, config.NoiseMultiplier);
        Assert.Equal(1e-6, config.Delta);
        Assert.Equal(3, config.TargetEpsilon);
        Assert.Equal(0.6, config.ClipQuantile);
        Assert.Equal(0.3, config.ClipLearningRate);
        Assert.Equal(4, config.LocalEpsilon);
        Assert.True(config.SecureAggregation);
        Assert.Equal(0.8, config.SecureAggregationThreshold);
        Assert.Equal(RoundFailurePolicy.Fail, config.RoundFailures);
    }

    [Fact]
    public void ToConfig_BlankTargetEpsilon_GivesNull()
    {
        ExperimentForm form = ExperimentForm.FromConfig(new ExperimentConfig { DifferentialPrivacy = DifferentialPrivacyKind.Central, TargetEpsilon = 8 });
        Assert.Equal("8", form.TargetEpsilonText);

        form.TargetEpsilonText = "  ";
        ExperimentConfig? config = form.ToConfig().Config;

        Assert.NotNull(config);
        Assert.Null(config.TargetEpsilon);
    }

    [Fact]
    public void ToConfig_UnparsableShownPrivacyField_QuotesText()
    {
        ExperimentForm form = ExperimentForm.FromConfig(new ExperimentConfig { DifferentialPrivacy = DifferentialPrivacyKind.Central });
        form.ClipNormText = "one";

        ExperimentFormResult result = form.ToConfig();

        Assert.Null(result.Config);
        string? message = result.Errors.For(nameof(ExperimentConfig.ClipNorm));
        Assert.NotNull(message);
        Assert.Contains("'one'", message, StringComparison.Ordinal);
        Assert.Contains(FieldLabels.ClipNorm, message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToConfig_UnparsableHiddenPrivacyField_Ignored()
    {
        ExperimentForm form = ExperimentForm.FromConfig(new ExperimentConfig());
        form.LocalEpsilonText = "lots";

        ExperimentFormResult result = form.ToConfig();

        Assert.NotNull(result.Config);
        Assert.Equal(new ExperimentConfig().LocalEpsilon, result.Config.LocalEpsilon);
        Assert.False(result.Errors.Has(nameof(ExperimentConfig.LocalEpsilon)));
    }

    [Fact]
    public void Sections_PrivacySettingsInPrivacy()
    {
        string[] settings =
        [
            .. MechanismSettings,
            nameof(ExperimentConfig.Sampling),
            nameof(ExperimentConfig.DifferentialPrivacy),
            nameof(ExperimentConfig.SecureAggregation),
            nameof(ExperimentConfig.SecureAggregationThreshold),
            nameof(ExperimentConfig.RoundFailures),
        ];

        Assert.All(settings, setting => Assert.Equal(ExperimentFormSection.Privacy, ExperimentFormSections.Of(setting)));
    }

    [Fact]
    public void RunConfigRows_Default_ShowsSwitches()
    {
        Dictionary<string, string> rows = RunConfigRows.For(new ExperimentConfig()).ToDictionary(row => row.Label, row => row.Value);

        Assert.Equal("fixed", rows[FieldLabels.Sampling]);
        Assert.Equal("none", rows[FieldLabels.DifferentialPrivacy]);
        Assert.Equal("off", rows[FieldLabels.SecureAggregation]);
        Assert.DoesNotContain(FieldLabels.ClipNorm, rows.Keys);
        Assert.DoesNotContain(FieldLabels.NoiseMultiplier, rows.Keys);
        Assert.DoesNotContain(FieldLabels.Delta, rows.Keys);
        Assert.DoesNotContain(FieldLabels.SecureAggregationThreshold, rows.Keys);
        Assert.DoesNotContain(FieldLabels.RoundFailures, rows.Keys);
    }

    [Fact]
    public void RunConfigRows_AdaptiveWithTarget()
    {
        var config = new ExperimentConfig
        {
            Sampling = ClientSamplingKind.Poisson,
            DifferentialPrivacy = DifferentialPrivacyKind.CentralAdaptive,
            ClipNorm = 0.5,
            TargetEpsilon = 8,
            Delta = 1e-6,
            ClipQuantile = 0.6,
            ClipLearningRate = 0.3,
        };

        Dictionary<string, string> rows = RunConfigRows.For(config).ToDictionary(row => row.Label, row => row.Value);

        Assert.Equal("poisson", rows[FieldLabels.Sampling]);
        Assert.Equal("central-adaptive", rows[FieldLabels.DifferentialPrivacy]);
        Assert.Equal("0.5 (initial)", rows[FieldLabels.ClipNorm]);
        Assert.Equal("8 (noise multiplier computed at run start)", rows[FieldLabels.TargetEpsilon]);
        Assert.Equal("0.000001", rows[FieldLabels.Delta]);
        Assert.Equal("0.6", rows[FieldLabels.ClipQuantile]);
        Assert.Equal("0.3", rows[FieldLabels.ClipLearningRate]);
        Assert.DoesNotContain(FieldLabels.NoiseMultiplier, rows.Keys);
        Assert.DoesNotContain(FieldLabels.LocalEpsilon, rows.Keys);
    }

    [Fact]
    public void RunConfigRows_LocalWithSecureAggregation()
    {
        var config = new ExperimentConfig
        {
            DifferentialPrivacy = DifferentialPrivacyKind.Local,
            LocalEpsilon = 2,
            SecureAggregation = true,
            SecureAggregationThreshold = 0.75,
            RoundFailures = RoundFailurePolicy.Fail,
        };

        Dictionary<string, string> rows = RunConfigRows.For(config).ToDictionary(row => row.Label, row => row.Value);

        Assert.Equal("local", rows[FieldLabels.DifferentialPrivacy]);
        Assert.Equal("2", rows[FieldLabels.LocalEpsilon]);
        Assert.Equal("1", rows[FieldLabels.ClipNorm]);
        Assert.Equal("on", rows[FieldLabels.SecureAggregation]);
        Assert.Equal("0.75", rows[FieldLabels.SecureAggregationThreshold]);
        Assert.Equal("fail", rows[FieldLabels.RoundFailures]);
        Assert.DoesNotContain(FieldLabels.NoiseMultiplier, rows.Keys);
        Assert.DoesNotContain(FieldLabels.TargetEpsilon, rows.Keys);
    }

    [Fact]
    public void CentralDpPreset_UsesPoissonAndOpensPrivacy()
    {
        ExperimentConfig config = ExperimentPresets.CentralDp.Config;

        Assert.Equal(DifferentialPrivacyKind.Central, config.DifferentialPrivacy);
        Assert.Equal(ClientSamplingKind.Poisson, config.Sampling);
        Assert.Equal(8, config.TargetEpsilon);
        Assert.Contains(ExperimentFormSection.Privacy, ExperimentFormSections.ChangedFromDefaults(config));
        Assert.False(ExperimentForm.FromConfig(config).ShowsFixedSamplingWarning);
    }
}
