using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Partitioning;
using FedWorkbench.Simulation.Training;
using FedWorkbench.Simulation.Training.Attacks;
using FedWorkbench.Simulation.Training.Systems;

namespace FedWorkbench.Simulation.Tests.Training;

/// <summary>Runs, attacks, dropouts and system profiles of experiments with client groups.</summary>
public sealed class ClientGroupRunTests
{
    private static readonly Dataset Blobs = InMemoryData.CreateBlobs(classes: 5, features: 20, trainCount: 1_000, testCount: 200, seed: 3);

    private static readonly ExperimentConfig Homogeneous = new()
    {
        Name = "blobs",
        Model = ModelKind.Softmax,
        HiddenLayers = [],
        Clients = 20,
        ClientFraction = 0.5,
        LocalEpochs = 1,
        BatchSize = 10,
        LearningRate = 0.1,
        Rounds = 3,
        Seed = 11,
        ClientTestFraction = 0.2,
        Partition = PartitionKind.Dirichlet,
        DirichletAlpha = 0.5,
        MinClientSize = 5,
        Dropout = 0.2,
        ComputeSpeedSpread = 0.3,
        Attack = AttackKind.SignFlip,
        MaliciousFraction = 0.2,
    };

    /// <summary>12 reliable honest IID phones on 60% of the data, 8 tablets on 40% with label skew, dropout and sign flips.</summary>
    private static readonly ExperimentConfig TwoGroups = Homogeneous with
    {
        ClientGroups =
        [
            new ClientGroupConfig { Name = "Phones", Count = 12, DataShare = 0.6 },
            new ClientGroupConfig
            {
                Name = "Tablets",
                Count = 8,
                DataShare = 0.4,
                Partition = PartitionKind.Dirichlet,
                MinClientSize = 5,
                Dropout = 0.5,
                Attack = AttackKind.SignFlip,
                MaliciousFraction = 0.25,
            },
        ],
    };

    [Fact]
    public async Task RunAsync_OneGroup_EqualsHomogeneous()
    {
        // Arrange: the top-level client settings are left at their defaults, because groups replace them.
        ClientGroupConfig group = ClientPopulation.ImplicitGroup(Homogeneous) with { Name = "All" };
        ExperimentConfig grouped = new ExperimentConfig
        {
            Name = Homogeneous.Name,
            Model = Homogeneous.Model,
            HiddenLayers = [],
            Clients = 20,
            ClientFraction = Homogeneous.ClientFraction,
            LocalEpochs = 1,
            BatchSize = 10,
            LearningRate = Homogeneous.LearningRate,
            Rounds = Homogeneous.Rounds,
            Seed = Homogeneous.Seed,
            ClientTestFraction = Homogeneous.ClientTestFraction,
        } with { ClientGroups = [group] };

        // Act
        List<RoundResult> expected = await CollectAsync(CreateSimulation(2).RunAsync(Homogeneous));
        List<RoundResult> actual = await CollectAsync(CreateSimulation(2).RunAsync(grouped));

        // Assert
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            AssertSameMetrics(expected[i], actual[i]);
            Assert.Null(expected[i].GroupAccuracy);
            Assert.Equal(expected[i].ClientAccuracy!.Mean, Assert.Single(actual[i].GroupAccuracy!));
        }
    }

    [Fact]
    public async Task RunAsync_TwoGroups_SameForAnyParallelism()
    {
        // Act
        List<RoundResult> sequential = await CollectAsync(CreateSimulation(1).RunAsync(TwoGroups));
        List<RoundResult> parallel = await CollectAsync(CreateSimulation(2).RunAsync(TwoGroups));

        // Assert
        Assert.Equal(TwoGroups.Rounds, sequential.Count);
        Assert.Equal(sequential.Count, parallel.Count);
        for (int i = 0; i < sequential.Count; i++)
        {
            AssertSameMetrics(sequential[i], parallel[i]);
            Assert.Equal(sequential[i].GroupAccuracy, parallel[i].GroupAccuracy);
        }
    }

    [Fact]
    public async Task RunAsync_TwoGroups_OnlyTabletsDropAndAttack()
    {
        // Arrange: every client is sampled, so the dropouts are the tablets (clients 12–19) whose dropout draw is
        // below 0.5, and every reporting malicious client is a tablet.
        ExperimentConfig config = TwoGroups with { ClientFraction = 1 };
        AttackModel attack = AttackModel.Create(config);

        // Act
        List<RoundResult> rounds = await CollectAsync(CreateSimulation(2).RunAsync(config));

        // Assert
        foreach (RoundResult result in rounds)
        {
            int[] dropped = Enumerable.Range(0, 20).Where(client => ClientReliability.DropsOut(config.Seed, result.Round, client, client < 12 ? 0 : 0.5)).ToArray();
            int reportingMalicious = Enumerable.Range(0, 20).Count(client => attack.IsMalicious(client) && !dropped.Contains(client));
            Assert.Equal(dropped.Length, result.DroppedClients);
            Assert.Equal(reportingMalicious, result.MaliciousClients);
        }
    }

    [Fact]
    public async Task RunAsync_GroupAccuracy_AveragesEachGroupsClients()
    {
        // Arrange: every client keeps ⌊0.2·n_k⌋ ≥ 1 samples out of training, so every client is evaluated each round.
        // Act
        List<RoundResult> rounds = await CollectAsync(CreateSimulation(2).RunAsync(TwoGroups));

        // Assert: the client-weighted mean of the group means is the mean over all clients.
        foreach (RoundResult result in rounds)
        {
            Assert.NotNull(result.GroupAccuracy);
            Assert.Equal(2, result.GroupAccuracy.Count);
            double phones = result.GroupAccuracy[0]!.Value;
            double tablets = result.GroupAccuracy[1]!.Value;
            Assert.InRange(phones, 0, 1);
            Assert.InRange(tablets, 0, 1);
            Assert.Equal(20, result.ClientAccuracy!.Clients);
            Assert.Equal(result.ClientAccuracy.Mean, ((12 * phones) + (8 * tablets)) / 20, 1e-12);
        }
    }

    [Fact]
    public void AttackModel_ChoosesAttackersInsideTheirGroup()
    {
        // Act
        AttackModel model = AttackModel.Create(TwoGroups);

        // Assert: ⌊0.25·8⌋ = 2 malicious tablets, no malicious phone.
        int[] malicious = Enumerable.Range(0, 20).Where(model.IsMalicious).ToArray();
        Assert.Equal(2, model.MaliciousCount);
        Assert.Equal(2, malicious.Length);
        Assert.All(malicious, client => Assert.InRange(client, 12, 19));
    }

    [Fact]
    public void AttackModel_OneGroup_EqualsHomogeneous()
    {
        // Arrange
        ExperimentConfig grouped = Homogeneous with { ClientGroups = [ClientPopulation.ImplicitGroup(Homogeneous)] };

        // Act
        AttackModel expected = AttackModel.Create(Homogeneous);
        AttackModel actual = AttackModel.Create(grouped);

        // Assert
        for (int client = 0; client < 20; client++)
        {
            Assert.Equal(expected.IsMalicious(client), actual.IsMalicious(client));
        }
    }

    [Fact]
    public void ClientSystemModel_UsesEachGroupsMedian()
    {
        // Arrange: spread 0 gives every client its group's median exactly.
        var config = new ExperimentConfig
        {
            Clients = 5,
            ClientGroups =
            [
                new ClientGroupConfig { Count = 2, DataShare = 0.5, ComputeSpeedMedian = 100, ComputeSpeedSpread = 0, BandwidthMedianMbps = 8, BandwidthSpread = 0 },
                new ClientGroupConfig { Count = 3, DataShare = 0.5, ComputeSpeedMedian = 5_000, ComputeSpeedSpread = 0, BandwidthMedianMbps = 80, BandwidthSpread = 0 },
            ],
        };

        // Act
        ClientSystemModel model = ClientSystemModel.Create(config);

        // Assert: 8 Mbit/s is 1e6 bytes per second.
        for (int client = 0; client < 2; client++)
        {
            Assert.Equal(100, model.ComputeSpeed(client));
            Assert.Equal(1e6, model.BytesPerSecond(client));
        }

        for (int client = 2; client < 5; client++)
        {
            Assert.Equal(5_000, model.ComputeSpeed(client));
            Assert.Equal(1e7, model.BytesPerSecond(client));
        }
    }

    [Fact]
    public void ClientSystemModel_OneGroup_EqualsHomogeneous()
    {
        // Arrange
        ExperimentConfig grouped = Homogeneous with { ClientGroups = [ClientPopulation.ImplicitGroup(Homogeneous)] };

        // Act
        ClientSystemModel expected = ClientSystemModel.Create(Homogeneous);
        ClientSystemModel actual = ClientSystemModel.Create(grouped);

        // Assert
        for (int client = 0; client < 20; client++)
        {
            Assert.Equal(expected.ComputeSpeed(client), actual.ComputeSpeed(client));
            Assert.Equal(expected.BytesPerSecond(client), actual.BytesPerSecond(client));
        }
    }

    private static void AssertSameMetrics(RoundResult expected, RoundResult actual)
    {
        Assert.Equal(expected.Round, actual.Round);
        Assert.Equal(expected.TestAccuracy, actual.TestAccuracy);
        Assert.Equal(expected.TestLoss, actual.TestLoss);
        Assert.Equal(expected.TrainLoss, actual.TrainLoss);
        Assert.Equal(expected.SampledClients, actual.SampledClients);
        Assert.Equal(expected.AggregatedClients, actual.AggregatedClients);
        Assert.Equal(expected.TrainedSamples, actual.TrainedSamples);
        Assert.Equal(expected.DroppedClients, actual.DroppedClients);
        Assert.Equal(expected.MaliciousClients, actual.MaliciousClients);
        Assert.Equal(expected.SimulatedSeconds, actual.SimulatedSeconds);
        Assert.Equal(expected.BytesUp, actual.BytesUp);
        Assert.Equal(expected.ClientAccuracy, actual.ClientAccuracy);
    }

    [Fact]
    public void Create_EmptyGroup_NamesTheGroup()
    {
        ClientGroupConfig group = ClientPopulation.ImplicitGroup(Homogeneous);
        ExperimentConfig config = Homogeneous with { ClientGroups = [group, group with { Count = 0 }] };

        ExperimentException error = Assert.Throws<ExperimentException>(() => ClientPopulation.Create(config));

        Assert.Equal("Client group 2 has 0 clients. Give every group at least one client.", error.Message);
    }

    [Fact]
    public void Create_CountMismatch_NamesBothCounts()
    {
        ClientGroupConfig group = ClientPopulation.ImplicitGroup(Homogeneous) with { Count = 5 };
        ExperimentConfig config = Homogeneous with { ClientGroups = [group, group] };

        ExperimentException error = Assert.Throws<ExperimentException>(() => ClientPopulation.Create(config));

        Assert.Equal("The client groups have 10 clients together, but the experiment has 20. Set the number of clients to 10.", error.Message);
    }

    private static ClientPartition Split(ExperimentConfig config, Dataset dataset) =>
        Partitioner.Split(config, dataset.Train.Labels, dataset.ClassCount);

    private static FederatedSimulation CreateSimulation(int maxDegreeOfParallelism) =>
        new(_ => Blobs, Split, new SimulationOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism });

    private static async Task<List<RoundResult>> CollectAsync(IAsyncEnumerable<RoundResult> rounds)
    {
        var results = new List<RoundResult>();
        await foreach (RoundResult round in rounds)
        {
            results.Add(round);
        }

        return results;
    }
}
