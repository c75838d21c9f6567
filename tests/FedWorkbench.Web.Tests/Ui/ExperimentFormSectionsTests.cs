using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

/// <summary>Which collapsible section of the experiment form contains each setting.</summary>
public sealed class ExperimentFormSectionsTests
{
    // Settings shown above the sections, always visible.
    private static readonly string[] BaseSettings =
    [
        nameof(ExperimentConfig.Name), nameof(ExperimentConfig.Dataset), nameof(ExperimentConfig.Model),
        nameof(ExperimentConfig.HiddenLayers), nameof(ExperimentConfig.Clients), nameof(ExperimentConfig.ClientFraction),
        nameof(ExperimentConfig.LocalEpochs), nameof(ExperimentConfig.BatchSize), nameof(ExperimentConfig.LearningRate),
        nameof(ExperimentConfig.Rounds), nameof(ExperimentConfig.Seed), nameof(ExperimentConfig.SyntheticAlpha),
        nameof(ExperimentConfig.SyntheticBeta), nameof(ExperimentConfig.Table),
    ];

    [Fact]
    public void Of_EverySetting_HasOnePlace()
    {
        foreach (string setting in typeof(ExperimentConfig).GetProperties().Select(property => property.Name))
        {
            bool inBase = BaseSettings.Contains(setting);
            bool inSection = ExperimentFormSections.Of(setting) is not null;
            Assert.True(inBase != inSection, $"{setting} should be either above the sections or in exactly one section.");
        }
    }

    [Fact]
    public void Of_GroupsAsDocumented()
    {
        Assert.Equal(ExperimentFormSection.DataAndPartition, ExperimentFormSections.Of(nameof(ExperimentConfig.ClientTestFraction)));
        Assert.Equal(ExperimentFormSection.LocalTraining, ExperimentFormSections.Of(nameof(ExperimentConfig.WeightDecay)));
        Assert.Equal(ExperimentFormSection.Strategy, ExperimentFormSections.Of(nameof(ExperimentConfig.KrumSelected)));
        Assert.Equal(ExperimentFormSection.UnreliableClients, ExperimentFormSections.Of(nameof(ExperimentConfig.RoundDeadlineSeconds)));
        Assert.Equal(ExperimentFormSection.Attacks, ExperimentFormSections.Of(nameof(ExperimentConfig.AttackNoiseStd)));
        Assert.Equal(ExperimentFormSection.ValidationPolicy, ExperimentFormSections.Of(nameof(ExperimentConfig.InvalidUpdates)));
        Assert.Equal(ExperimentFormSection.Communication, ExperimentFormSections.Of(nameof(ExperimentConfig.TopKFraction)));
        Assert.Null(ExperimentFormSections.Of(nameof(ExperimentConfig.Rounds)));
    }

    [Fact]
    public void ChangedFromDefaults_SignFlipPreset()
    {
        IReadOnlyList<ExperimentFormSection> changed = ExperimentFormSections.ChangedFromDefaults(ExperimentPresets.SignFlipAttack.Config);

        Assert.Equal([ExperimentFormSection.Strategy, ExperimentFormSection.Attacks], changed);
        Assert.Empty(ExperimentFormSections.ChangedFromDefaults(new ExperimentConfig()));
    }

    [Fact]
    public void ErrorCount_CountsSettingsOfSection()
    {
        var errors = new FieldErrors(
        [
            new ValidationError(nameof(ExperimentConfig.Beta1), "first"),
            new ValidationError(nameof(ExperimentConfig.Beta1), "second"),
            new ValidationError(nameof(ExperimentConfig.Tau), "third"),
            new ValidationError(nameof(ExperimentConfig.Dropout), "fourth"),
            new ValidationError(nameof(ExperimentConfig.Rounds), "fifth"),
        ]);

        Assert.Equal(2, ExperimentFormSections.ErrorCount(errors, ExperimentFormSection.Strategy));
        Assert.Equal(1, ExperimentFormSections.ErrorCount(errors, ExperimentFormSection.UnreliableClients));
        Assert.Equal(0, ExperimentFormSections.ErrorCount(errors, ExperimentFormSection.Attacks));
    }
}
