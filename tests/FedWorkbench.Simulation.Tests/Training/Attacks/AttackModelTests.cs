using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Training.Attacks;

namespace FedWorkbench.Simulation.Tests.Training.Attacks;

public sealed class AttackModelTests
{
    [Theory]
    [InlineData(100, 0.2, 20)]
    [InlineData(100, 0.29, 29)]
    [InlineData(7, 0.5, 3)]
    [InlineData(10, 1.0, 10)]
    [InlineData(10, 0.05, 0)]
    public void Create_ChoosesFloorOfFK(int clients, double fraction, int expected)
    {
        var config = new ExperimentConfig { Clients = clients, Attack = AttackKind.SignFlip, MaliciousFraction = fraction };

        AttackModel model = AttackModel.Create(config);

        Assert.Equal(expected, model.MaliciousCount);
        Assert.Equal(expected, Enumerable.Range(0, clients).Count(model.IsMalicious));
    }

    [Fact]
    public void Create_NoAttackMeansNoMaliciousClients()
    {
        AttackModel model = AttackModel.Create(new ExperimentConfig { Clients = 50, Attack = AttackKind.None, MaliciousFraction = 0.5 });

        Assert.Equal(0, model.MaliciousCount);
        Assert.DoesNotContain(Enumerable.Range(0, 50), model.IsMalicious);
    }

    [Fact]
    public void Create_SameSeedChoosesSameClients()
    {
        var config = new ExperimentConfig { Clients = 200, Attack = AttackKind.LabelFlip, MaliciousFraction = 0.1, Seed = 3 };

        int[] first = Malicious(AttackModel.Create(config), 200);
        int[] second = Malicious(AttackModel.Create(config), 200);
        int[] otherSeed = Malicious(AttackModel.Create(config with { Seed = 4 }), 200);

        Assert.Equal(first, second);
        Assert.NotEqual(first, otherSeed);
    }

    [Theory]
    [InlineData(AttackKind.LabelFlip, true, false)]
    [InlineData(AttackKind.Scaling, true, false)]
    [InlineData(AttackKind.SignFlip, false, false)]
    [InlineData(AttackKind.Gaussian, false, true)]
    public void Behaviour_AppliesToMaliciousClientsOnly(AttackKind attack, bool flipsLabels, bool skipsTraining)
    {
        AttackModel model = AttackModel.Create(new ExperimentConfig { Clients = 20, Attack = attack, MaliciousFraction = 0.5 });
        int attacker = Malicious(model, 20)[0];
        int honest = Enumerable.Range(0, 20).First(client => !model.IsMalicious(client));

        Assert.Equal(flipsLabels, model.FlipsLabels(attacker));
        Assert.Equal(skipsTraining, model.SkipsTraining(attacker));
        Assert.False(model.FlipsLabels(honest));
        Assert.False(model.SkipsTraining(honest));
    }

    [Fact]
    public void Tamper_SignFlipNegates()
    {
        AttackModel model = AttackModel.Create(new ExperimentConfig { Clients = 10, Attack = AttackKind.SignFlip, MaliciousFraction = 0.3 });
        float[] delta = [1.5f, -2, 0, 4];

        model.Tamper(delta, 1, 1, Malicious(model, 10)[0]);

        Assert.Equal([-1.5f, 2, -0f, -4], delta);
    }

    [Fact]
    public void Tamper_ScalingMultipliesByBoost()
    {
        AttackModel model = AttackModel.Create(new ExperimentConfig { Clients = 10, Attack = AttackKind.Scaling, MaliciousFraction = 0.3, AttackBoost = 2.5 });
        float[] delta = [1, -2, 0.5f, 4];

        model.Tamper(delta, 1, 1, Malicious(model, 10)[0]);

        Assert.Equal([2.5f, -5, 1.25f, 10], delta);
    }

    [Fact]
    public void Tamper_LabelFlipLeavesUpdate()
    {
        AttackModel model = AttackModel.Create(new ExperimentConfig { Clients = 10, Attack = AttackKind.LabelFlip, MaliciousFraction = 0.3 });
        float[] delta = [1, -2, 0.5f];

        model.Tamper(delta, 1, 1, Malicious(model, 10)[0]);

        Assert.Equal([1, -2, 0.5f], delta);
    }

    [Fact]
    public void Tamper_GaussianHasConfiguredStandardDeviation()
    {
        // Arrange
        const double std = 3;
        const int length = 100_000;
        AttackModel model = AttackModel.Create(new ExperimentConfig { Clients = 10, Attack = AttackKind.Gaussian, MaliciousFraction = 0.3, AttackNoiseStd = std });
        int attacker = Malicious(model, 10)[0];
        float[] delta = new float[length];
        float[] again = new float[length];

        // Act
        model.Tamper(delta, 4, 2, attacker);
        model.Tamper(again, 4, 2, attacker);

        // Assert: over 10^5 draws the sample mean has standard error σ/316 ≈ 0.0095 and the sample standard
        // deviation about σ/447 ≈ 0.0067, so 0.05 and 1% leave a margin of five standard errors or more.
        double mean = delta.Average(value => (double)value);
        double sampleStd = Math.Sqrt(delta.Sum(value => (value - mean) * (value - mean)) / (length - 1));
        Assert.True(Math.Abs(mean) < 0.05, $"Mean {mean} is not near 0.");
        Assert.True(Math.Abs(sampleStd - std) < 0.01 * std, $"Standard deviation {sampleStd} is not within 1% of {std}.");
        Assert.Equal(delta, again);
    }

    [Theory]
    [InlineData(AttackKind.SignFlip)]
    [InlineData(AttackKind.Scaling)]
    [InlineData(AttackKind.Gaussian)]
    public void Tamper_LeavesHonestClientUntouched(AttackKind attack)
    {
        AttackModel model = AttackModel.Create(new ExperimentConfig { Clients = 10, Attack = attack, MaliciousFraction = 0.3 });
        int honest = Enumerable.Range(0, 10).First(client => !model.IsMalicious(client));
        float[] delta = [1, -2, 0.5f];

        model.Tamper(delta, 1, 1, honest);

        Assert.Equal([1, -2, 0.5f], delta);
    }

    private static int[] Malicious(AttackModel model, int clients) =>
        Enumerable.Range(0, clients).Where(model.IsMalicious).ToArray();
}
