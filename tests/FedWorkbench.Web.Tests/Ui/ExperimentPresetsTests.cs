using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

/// <summary>The one-click presets of the experiment page: each is valid, survives the form, and sets what its tooltip describes.</summary>
public sealed class ExperimentPresetsTests
{
    public static TheoryData<string> PresetIds => new(ExperimentPresets.All.Select(preset => preset.Id));

    [Theory]
    [MemberData(nameof(PresetIds))]
    public void Preset_PassesValidator(string id)
    {
        ExperimentPreset preset = ExperimentPresets.All.Single(p => p.Id == id);

        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(preset.Config);

        Assert.True(errors.Count == 0, $"Preset {id} is invalid: {string.Join(" ", errors.Select(e => e.Message))}");
    }

    [Theory]
    [MemberData(nameof(PresetIds))]
    public void Preset_SurvivesFormUnchanged(string id)
    {
        // The page fills the form with FromConfig, and Launch reads it back with ToConfig.
        ExperimentPreset preset = ExperimentPresets.All.Single(p => p.Id == id);

        ExperimentFormResult result = ExperimentForm.FromConfig(preset.Config).ToConfig();

        Assert.True(result.IsValid);
        Assert.Equal(ExperimentJson.Serialize(preset.Config), ExperimentJson.Serialize(result.Config!));
    }

    [Fact]
    public void Presets_HaveDistinctIdsAndText()
    {
        Assert.Equal(ExperimentPresets.All.Count, ExperimentPresets.All.Select(p => p.Id).Distinct().Count());
        Assert.Equal(ExperimentPresets.All.Count, ExperimentPresets.All.Select(p => p.Title).Distinct().Count());
        Assert.All(ExperimentPresets.All, preset => Assert.False(string.IsNullOrWhiteSpace(preset.Description)));
        Assert.All(ExperimentPresets.All, preset => Assert.False(string.IsNullOrWhiteSpace(preset.Config.Name)));
    }

    [Fact]
    public void McMahan_MatchesPaperSetUp()
    {
        ExperimentConfig config = ExperimentPresets.McMahanPathological.Config;

        Assert.Equal(ModelKind.Mlp, config.Model);
        Assert.Equal([200, 200], config.HiddenLayers);
        Assert.Equal(100, config.Clients);
        Assert.Equal(0.1, config.ClientFraction);
        Assert.Equal(1, config.LocalEpochs);
        Assert.Equal(10, config.BatchSize);
        Assert.Equal(0.05, config.LearningRate);
        Assert.Equal(PartitionKind.Shards, config.Partition);
        Assert.Equal(2, config.ShardsPerClient);
        Assert.Equal(0, config.ClientTestFraction);
    }

    [Fact]
    public void Dirichlet_SetsAlphaHalf()
    {
        ExperimentConfig config = ExperimentPresets.Dirichlet.Config;

        Assert.Equal(PartitionKind.Dirichlet, config.Partition);
        Assert.Equal(0.5, config.DirichletAlpha);
    }

    [Fact]
    public void SignFlip_UsesKrumThatFitsRound()
    {
        ExperimentConfig config = ExperimentPresets.SignFlipAttack.Config;
        int updatesPerRound = Math.Max(1, (int)Math.Floor(config.ClientFraction * config.Clients));
        double expectedAttackersPerRound = config.MaliciousFraction * updatesPerRound;

        Assert.Equal(AttackKind.SignFlip, config.Attack);
        Assert.Equal(0.2, config.MaliciousFraction);
        Assert.Equal(AggregationKind.Krum, config.Aggregation);

        // Krum needs n ≥ 2f + 3 (Blanchard et al. 2017), and f should cover the attackers a round expects.
        Assert.True(updatesPerRound >= 2 * config.AssumedAttackers + 3,
            $"Krum with f = {config.AssumedAttackers} needs {2 * config.AssumedAttackers + 3} updates; a round has {updatesPerRound}.");
        Assert.True(config.AssumedAttackers >= expectedAttackersPerRound,
            $"f = {config.AssumedAttackers} is below the {expectedAttackersPerRound} attackers a round holds on average.");
    }

    [Fact]
    public void UnreliablePhones_DeadlineCutsSomeClients()
    {
        // Recomputes the simulated update time of the system model for the preset's 2NN on Fashion-MNIST:
        // speed = median·exp(σ·z) and bandwidth likewise, with independent z ~ N(0, 1), and
        // seconds = bytes down / bandwidth + samples / speed + bytes up / bandwidth, with 4 bytes per parameter each way.
        ExperimentConfig config = ExperimentPresets.UnreliablePhones.Config;
        const int Features = 28 * 28;
        const int Classes = 10;
        int parameters = Features * 200 + 200 + 200 * 200 + 200 + 200 * Classes + Classes;
        int clientSamples = ExperimentValidator.TrainingSampleCount(config.Dataset)!.Value / config.Clients;
        double trainedSamples = config.LocalEpochs * clientSamples * (1 - config.ClientTestFraction);
        double bytesEachWay = 4.0 * parameters;
        double deadline = config.RoundDeadlineSeconds!.Value;

        var random = new Random(1);
        const int Draws = 20_000;
        int late = 0;
        for (int draw = 0; draw < Draws; draw++)
        {
            double speed = config.ComputeSpeedMedian * Math.Exp(config.ComputeSpeedSpread * StandardNormal(random));
            double bytesPerSecond = config.BandwidthMedianMbps * 1e6 / 8 * Math.Exp(config.BandwidthSpread * StandardNormal(random));
            double seconds = 2 * bytesEachWay / bytesPerSecond + trainedSamples / speed;
            if (seconds > deadline)
            {
                late++;
            }
        }

        // The tooltip promises a deadline that cuts some stragglers, not most clients: about a fifth here. With
        // 20,000 draws the estimate's standard error is about 0.003.
        double lateFraction = (double)late / Draws;
        Assert.InRange(lateFraction, 0.1, 0.35);
        Assert.Equal(0.2, config.Dropout);
        Assert.Equal(0.3, config.OverSelection);
    }

    // Box–Muller transform.
    private static double StandardNormal(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
