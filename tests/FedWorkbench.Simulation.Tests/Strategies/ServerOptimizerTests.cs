using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Training;
using FedWorkbench.Simulation.Training.Strategies;

namespace FedWorkbench.Simulation.Tests.Strategies;

public sealed class ServerOptimizerTests
{
    /// <summary>Pseudo-gradients of three rounds for a model of two parameters.</summary>
    private static readonly float[][] Deltas =
    [
        [0.5f, -0.2f],
        [0.1f, 0.3f],
        [-0.4f, 0.05f],
    ];

    private static readonly float[] Start = [1f, -1f];

    /// <summary>Applies every round's Δ with the strategy and returns the model after each round.</summary>
    private static float[][] Run(FederatedStrategy strategy)
    {
        float[] global = [.. Start];
        var models = new List<float[]>();
        foreach (float[] delta in Deltas)
        {
            strategy.ApplyServerUpdate(global, delta);
            strategy.EndRound(aggregatedClients: 1);
            models.Add([.. global]);
        }

        return [.. models];
    }

    private static void AssertModels(double[][] expected, float[][] actual, double tolerance)
    {
        for (int round = 0; round < expected.Length; round++)
        {
            for (int i = 0; i < expected[round].Length; i++)
            {
                Assert.True(
                    Math.Abs(expected[round][i] - actual[round][i]) <= tolerance,
                    $"Round {round + 1}, parameter {i}: expected {expected[round][i]}, got {actual[round][i]} (tolerance {tolerance}).");
            }
        }
    }

    [Fact]
    public void FedAvg_AddsPseudoGradient()
    {
        // Arrange
        var config = new ExperimentConfig { Strategy = StrategyKind.FedAvg, ServerLearningRate = 5 };

        // Act: FedAvg ignores the server learning rate.
        float[][] models = Run(FederatedStrategy.Create(config, 2));

        // Assert: θ_t = θ_0 + Σ_{s≤t} Δ_s; after round 3, (1 + 0.2, −1 + 0.15).
        AssertModels(
            [[1.5, -1.2], [1.6, -0.9], [1.2, -0.85]],
            models,
            1e-6);
    }

    [Fact]
    public void FedAvgM_AppliesServerMomentum()
    {
        // Arrange: β = 0.9, η = 0.5.
        var config = new ExperimentConfig { Strategy = StrategyKind.FedAvgM, ServerMomentum = 0.9, ServerLearningRate = 0.5 };

        // Act
        float[][] models = Run(FederatedStrategy.Create(config, 2));

        // Assert: v ← β·v + Δ; θ ← θ + η·v. Parameter 0: v = 0.5, 0.55, 0.095; θ = 1.25, 1.525, 1.5725.
        var expected = new double[3][];
        double[] velocity = [0, 0];
        double[] theta = [Start[0], Start[1]];
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 2; i++)
            {
                velocity[i] = (0.9 * velocity[i]) + Deltas[round][i];
                theta[i] += 0.5 * velocity[i];
            }

            expected[round] = [.. theta];
        }

        Assert.Equal(1.5725, expected[2][0], 6);
        AssertModels(expected, models, 1e-6);
    }

    [Fact]
    public void FedAvgM_DefaultLearningRateIsOne()
    {
        // Arrange: η null takes 1, so round 1 adds v = Δ.
        var config = new ExperimentConfig { Strategy = StrategyKind.FedAvgM, ServerMomentum = 0.9 };

        // Act
        float[][] models = Run(FederatedStrategy.Create(config, 2));

        // Assert: round 2 adds v = 0.9·Δ_1 + Δ_2 = (0.55, 0.12).
        Assert.Equal(1.5f, models[0][0], 6);
        Assert.Equal(2.05f, models[1][0], 6);
        Assert.Equal(-1.08f, models[1][1], 6);
    }

    /// <summary>Reddi et al. 2021, Algorithm 2 without bias correction, for one second-moment rule.</summary>
    private static double[][] AdaptiveExpected(double eta, double beta1, double tau, Func<double, double, double> nextSecondMoment)
    {
        var expected = new double[3][];
        double[] m = [0, 0];
        double[] v = [tau * tau, tau * tau];
        double[] theta = [Start[0], Start[1]];
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 2; i++)
            {
                double delta = Deltas[round][i];
                m[i] = (beta1 * m[i]) + ((1 - beta1) * delta);
                v[i] = nextSecondMoment(v[i], delta * delta);
                theta[i] += eta * m[i] / (Math.Sqrt(v[i]) + tau);
            }

            expected[round] = [.. theta];
        }

        return expected;
    }

    [Fact]
    public void FedAdagrad_MatchesAlgorithm()
    {
        // Arrange: η = 0.1 (the default), β1 = 0.9, τ = 0.01.
        var config = new ExperimentConfig { Strategy = StrategyKind.FedAdagrad, Beta1 = 0.9, Tau = 0.01 };

        // Act
        float[][] models = Run(FederatedStrategy.Create(config, 2));

        // Assert: v ← v + Δ². Round 1, parameter 0: m = 0.05, v = 1e-4 + 0.25, θ = 1 + 0.1·0.05/(√0.2501 + 0.01).
        double[][] expected = AdaptiveExpected(0.1, 0.9, 0.01, (v, squared) => v + squared);
        Assert.Equal(1 + (0.1 * 0.05 / (Math.Sqrt(0.2501) + 0.01)), expected[0][0], 9);
        AssertModels(expected, models, 1e-6);
    }

    [Fact]
    public void FedAdam_MatchesAlgorithm()
    {
        // Arrange: η = 0.01 (the default), β1 = 0.9, β2 = 0.99, τ = 0.001.
        var config = new ExperimentConfig { Strategy = StrategyKind.FedAdam, Beta1 = 0.9, Beta2 = 0.99, Tau = 0.001 };

        // Act
        float[][] models = Run(FederatedStrategy.Create(config, 2));

        // Assert: v ← β2·v + (1 − β2)·Δ².
        double[][] expected = AdaptiveExpected(0.01, 0.9, 0.001, (v, squared) => (0.99 * v) + (0.01 * squared));
        AssertModels(expected, models, 1e-6);
    }

    [Fact]
    public void FedYogi_MatchesAlgorithm()
    {
        // Arrange: η = 0.05, β1 = 0.5, β2 = 0.9, τ = 0.1.
        var config = new ExperimentConfig { Strategy = StrategyKind.FedYogi, ServerLearningRate = 0.05, Beta1 = 0.5, Beta2 = 0.9, Tau = 0.1 };

        // Act
        float[][] models = Run(FederatedStrategy.Create(config, 2));

        // Assert: v ← v − (1 − β2)·Δ²·sign(v − Δ²).
        double[][] expected = AdaptiveExpected(0.05, 0.5, 0.1, (v, squared) => v - (0.1 * squared * Math.Sign(v - squared)));
        AssertModels(expected, models, 1e-6);
    }

    [Fact]
    public void FedYogi_DiffersFromFedAdam()
    {
        // Arrange: the same hyperparameters; v = τ² = 0.01 starts below Δ² = 0.25, where Yogi grows v additively.
        var yogi = new ExperimentConfig { Strategy = StrategyKind.FedYogi, Beta2 = 0.9, Tau = 0.1 };
        var adam = yogi with { Strategy = StrategyKind.FedAdam };

        // Act
        float[][] yogiModels = Run(FederatedStrategy.Create(yogi, 2));
        float[][] adamModels = Run(FederatedStrategy.Create(adam, 2));

        // Assert: round 1 parameter 0, Yogi v = 0.01 + 0.1·0.25 = 0.035, Adam v = 0.009 + 0.025 = 0.034.
        double yogiStep = 0.01 * 0.05 / (Math.Sqrt(0.035) + 0.1);
        double adamStep = 0.01 * 0.05 / (Math.Sqrt(0.034) + 0.1);
        Assert.Equal(1 + yogiStep, yogiModels[0][0], 6);
        Assert.Equal(1 + adamStep, adamModels[0][0], 6);
        Assert.NotEqual(yogiModels[2][0], adamModels[2][0]);
    }

    [Fact]
    public void FedNova_ScalesByServerLearningRate()
    {
        // Arrange: η = 0.5; the aggregator did the normalization.
        var config = new ExperimentConfig { Strategy = StrategyKind.FedNova, ServerLearningRate = 0.5 };

        // Act
        float[][] models = Run(FederatedStrategy.Create(config, 2));

        // Assert: θ ← θ + η·Δ.
        AssertModels([[1.25, -1.1], [1.3, -0.95], [1.1, -0.925]], models, 1e-6);
    }

    [Fact]
    public void FedProx_SendsProximalMu()
    {
        // Arrange
        var config = new ExperimentConfig { Strategy = StrategyKind.FedProx, ProximalMu = 0.25 };
        FederatedStrategy strategy = FederatedStrategy.Create(config, 2);

        // Act
        ClientTrainingOptions options = strategy.ClientOptions(client: 7);

        // Assert: the proximal term, no correction, and FedAvg's server update.
        Assert.Equal(0.25f, options.ProximalMu);
        Assert.Null(options.Correction);
        Assert.Equal(0, strategy.ExtraVectorsDown);
        AssertModels([[1.5, -1.2], [1.6, -0.9], [1.2, -0.85]], Run(strategy), 1e-6);
    }

    [Theory]
    [InlineData(StrategyKind.FedAvg, 1.0)]
    [InlineData(StrategyKind.FedProx, 1.0)]
    [InlineData(StrategyKind.FedAvgM, 1.0)]
    [InlineData(StrategyKind.FedAdagrad, 0.1)]
    [InlineData(StrategyKind.FedAdam, 0.01)]
    [InlineData(StrategyKind.FedYogi, 0.01)]
    [InlineData(StrategyKind.FedNova, 1.0)]
    [InlineData(StrategyKind.Scaffold, 1.0)]
    public void DefaultServerLearningRate_PerStrategy(StrategyKind strategy, double expected)
    {
        Assert.Equal(expected, StrategyDefaults.ServerLearningRate(strategy));
        Assert.Equal(expected, StrategyDefaults.ServerLearningRate(new ExperimentConfig { Strategy = strategy }));
        Assert.Equal(0.3, StrategyDefaults.ServerLearningRate(new ExperimentConfig { Strategy = strategy, ServerLearningRate = 0.3 }));
    }

    [Fact]
    public void Create_EveryStrategy_UsesItsAggregator()
    {
        foreach (StrategyKind kind in Enum.GetValues<StrategyKind>())
        {
            FederatedStrategy strategy = FederatedStrategy.Create(new ExperimentConfig { Strategy = kind }, 3);
            Assert.Equal(3, strategy.Aggregator.ParameterCount);
        }
    }
}
