using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

public sealed class PrivacyNotesTests
{
    [Theory]
    [InlineData(DifferentialPrivacyKind.None, ClientSamplingKind.Fixed, false)]
    [InlineData(DifferentialPrivacyKind.None, ClientSamplingKind.Poisson, false)]
    [InlineData(DifferentialPrivacyKind.Central, ClientSamplingKind.Fixed, true)]
    [InlineData(DifferentialPrivacyKind.Central, ClientSamplingKind.Poisson, false)]
    [InlineData(DifferentialPrivacyKind.CentralAdaptive, ClientSamplingKind.Fixed, true)]
    [InlineData(DifferentialPrivacyKind.CentralAdaptive, ClientSamplingKind.Poisson, false)]
    [InlineData(DifferentialPrivacyKind.Client, ClientSamplingKind.Fixed, true)]
    [InlineData(DifferentialPrivacyKind.Client, ClientSamplingKind.Poisson, false)]
    [InlineData(DifferentialPrivacyKind.Local, ClientSamplingKind.Fixed, false)]
    [InlineData(DifferentialPrivacyKind.Local, ClientSamplingKind.Poisson, false)]
    public void IsEpsilonApproximate_FollowsMechanismAndSampling(DifferentialPrivacyKind mechanism, ClientSamplingKind sampling, bool expected)
    {
        Assert.Equal(expected, PrivacyNotes.IsEpsilonApproximate(mechanism, sampling));
    }

    [Fact]
    public void ForRun_CentralFixedWithDropout_HasBothNotes()
    {
        var config = new ExperimentConfig { DifferentialPrivacy = DifferentialPrivacyKind.Central, Dropout = 0.1 };

        IReadOnlyList<string> notes = PrivacyNotes.ForRun(config);

        Assert.Equal([PrivacyNotes.FixedSamplingWarning, PrivacyNotes.DropoutUpperBoundNote], notes);
    }

    [Fact]
    public void ForRun_CentralPoissonWithDeadline_HasUpperBoundOnly()
    {
        var config = new ExperimentConfig
        {
            DifferentialPrivacy = DifferentialPrivacyKind.Central,
            Sampling = ClientSamplingKind.Poisson,
            RoundDeadlineSeconds = 30,
        };

        Assert.Equal([PrivacyNotes.DropoutUpperBoundNote], PrivacyNotes.ForRun(config));
    }

    [Fact]
    public void ForRun_CentralPoissonReliable_HasNoNote()
    {
        var config = new ExperimentConfig { DifferentialPrivacy = DifferentialPrivacyKind.Central, Sampling = ClientSamplingKind.Poisson };

        Assert.Empty(PrivacyNotes.ForRun(config));
    }

    [Fact]
    public void ForRun_Local_ExplainsComposition()
    {
        var config = new ExperimentConfig { DifferentialPrivacy = DifferentialPrivacyKind.Local, Dropout = 0.2 };

        Assert.Equal([PrivacyNotes.LocalEpsilonNote], PrivacyNotes.ForRun(config));
    }

    [Fact]
    public void FixedSamplingWarning_HasRequiredText()
    {
        Assert.Equal(
            "With fixed-size sampling the reported ε is an approximation; choose Poisson sampling for the accountant's guarantee.",
            PrivacyNotes.FixedSamplingWarning);
    }

    [Theory]
    [InlineData(1e-5, "0.00001")]
    [InlineData(2.5e-6, "0.0000025")]
    [InlineData(1.23456e-7, "0.000000123")]
    [InlineData(0.001, "0.001")]
    [InlineData(1e-12, "0.000000000001")]
    [InlineData(5e-13, "5E-13")]
    public void FormatDelta_WritesDecimal(double delta, string expected)
    {
        Assert.Equal(expected, PrivacyNotes.FormatDelta(delta));
    }
}
