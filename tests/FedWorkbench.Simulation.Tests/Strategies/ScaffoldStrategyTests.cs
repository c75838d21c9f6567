using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Training;
using FedWorkbench.Simulation.Training.Aggregation;
using FedWorkbench.Simulation.Training.Strategies;

namespace FedWorkbench.Simulation.Tests.Strategies;

public sealed class ScaffoldStrategyTests
{
    private const int Clients = 4;

    private static ScaffoldStrategy CreateStrategy(double? serverLearningRate = null) =>
        (ScaffoldStrategy)FederatedStrategy.Create(
            new ExperimentConfig { Strategy = StrategyKind.Scaffold, Clients = Clients, ServerLearningRate = serverLearningRate }, 3);

    private static void AssertClose(double[] expected, ReadOnlySpan<float> actual, double tolerance, string label)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"{label}[{i}]: expected {expected[i]}, got {actual[i]} (tolerance {tolerance}).");
        }
    }

    [Fact]
    public void ControlVariates_FollowOptionII()
    {
        // Arrange: K = 4 clients, P = 3, η_l = 0.5.
        ScaffoldStrategy strategy = CreateStrategy();
        float[] delta0 = [1f, -2f, 0.5f];
        float[] delta2 = [-3f, 1f, 2f];
        const float learningRate = 0.5f;

        // Act, round 1: c = 0 and every c_i = 0; clients 0 (τ = 2) and 2 (τ = 4) report.
        ClientTrainingOptions first = strategy.ClientOptions(0);
        strategy.OnClientAccepted(0, delta0, localSteps: 2, learningRate);
        strategy.OnClientAccepted(2, delta2, localSteps: 4, learningRate);
        strategy.EndRound(aggregatedClients: 2);

        // Assert: c_i⁺ = c_i − c − Δ_i/(τ_i·η_l), so c_0 = −Δ_0/1 and c_2 = −Δ_2/2; c = (Δc_0 + Δc_2)/K.
        Assert.Equal(new float[3], first.Correction);
        double[] c0 = delta0.Select(d => -d / 1.0).ToArray();
        double[] c2 = delta2.Select(d => -d / 2.0).ToArray();
        double[] c = Enumerable.Range(0, 3).Select(i => (c0[i] + c2[i]) / Clients).ToArray();
        AssertClose(c0, strategy.ClientVariate(0), 1e-6, "c_0");
        AssertClose(c2, strategy.ClientVariate(2), 1e-6, "c_2");
        AssertClose(c, strategy.ServerVariate, 1e-6, "c");
        Assert.True(strategy.ClientVariate(1).IsEmpty);

        // Act, round 2: client 0 reports again with τ = 1; client 1 never reported.
        float[] correction0 = strategy.ClientOptions(0).Correction!;
        float[] correction1 = strategy.ClientOptions(1).Correction!;
        float[] delta0Again = [0.25f, 0.5f, -1f];
        strategy.OnClientAccepted(0, delta0Again, localSteps: 1, learningRate);
        strategy.EndRound(aggregatedClients: 1);

        // Assert: corrections are c − c_i; then c_0⁺ = c_0 − c − Δ/(1·0.5) and c ← c + (c_0⁺ − c_0)/K.
        AssertClose(Enumerable.Range(0, 3).Select(i => c[i] - c0[i]).ToArray(), correction0, 1e-6, "c − c_0");
        AssertClose(c, correction1, 1e-6, "c − c_1");
        double[] c0Next = Enumerable.Range(0, 3).Select(i => c0[i] - c[i] - (delta0Again[i] / 0.5)).ToArray();
        double[] cNext = Enumerable.Range(0, 3).Select(i => c[i] + ((c0Next[i] - c0[i]) / Clients)).ToArray();
        AssertClose(c0Next, strategy.ClientVariate(0), 1e-6, "c_0 after round 2");
        AssertClose(cNext, strategy.ServerVariate, 1e-6, "c after round 2");
    }

    [Fact]
    public void ClientOptions_LeavesStateUnchanged()
    {
        // Arrange: one round so that c and c_0 are not zero.
        ScaffoldStrategy strategy = CreateStrategy();
        strategy.OnClientAccepted(0, [1f, 2f, 3f], localSteps: 1, learningRate: 1f);
        strategy.EndRound(aggregatedClients: 1);
        float[] serverBefore = strategy.ServerVariate.ToArray();

        // Act: many calls from several threads at once, for clients with and without a variate.
        var corrections = new float[64][];
        Parallel.For(0, corrections.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
            corrections[i] = strategy.ClientOptions(i % 2).Correction!);

        // Assert: c unchanged, client 1 still has no variate, every call for a client returns the same values.
        Assert.Equal(serverBefore, strategy.ServerVariate.ToArray());
        Assert.True(strategy.ClientVariate(1).IsEmpty);
        for (int i = 2; i < corrections.Length; i++)
        {
            Assert.Equal(corrections[i % 2], corrections[i]);
            Assert.NotSame(corrections[i % 2], corrections[i]);
        }
    }

    [Fact]
    public void ServerUpdate_UsesUnweightedMeanAndLearningRate()
    {
        // Arrange: η_g = 0.5, two deltas with very different sample counts.
        ScaffoldStrategy strategy = CreateStrategy(serverLearningRate: 0.5);
        var options = new ParallelOptions { MaxDegreeOfParallelism = 1 };
        UpdateAggregator aggregator = strategy.Aggregator;
        aggregator.Reset();
        aggregator.Add([2f, 0f, -4f], weight: 1, localSteps: 3, options);
        aggregator.Add([4f, 2f, 0f], weight: 99, localSteps: 3, options);
        var pseudoGradient = new float[3];
        float[] global = [1f, 1f, 1f];

        // Act
        aggregator.WriteResult(pseudoGradient, options);
        strategy.ApplyServerUpdate(global, pseudoGradient);

        // Assert: Δ = (3, 1, −2) ignores the weights; θ ← θ + 0.5·Δ.
        AssertClose([3, 1, -2], pseudoGradient, 1e-6, "Δ");
        AssertClose([2.5, 1.5, 0], global, 1e-6, "θ");
        Assert.Equal(1, strategy.ExtraVectorsDown);
        Assert.Equal(1, strategy.ExtraVectorsUp);
    }

    [Fact]
    public void EndRound_WithoutReports_KeepsVariate()
    {
        ScaffoldStrategy strategy = CreateStrategy();
        strategy.OnClientAccepted(3, [1f, 1f, 1f], localSteps: 2, learningRate: 0.1f);
        strategy.EndRound(aggregatedClients: 1);
        float[] before = strategy.ServerVariate.ToArray();

        strategy.EndRound(aggregatedClients: 0);

        Assert.Equal(before, strategy.ServerVariate.ToArray());
    }
}
