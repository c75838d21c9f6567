using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Runs;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace FedWorkbench.Web.Tests.Integration;

public sealed class RunFailureTests
{
    [Fact]
    public async Task MissingDatasetFiles_FailRunWithEngineMessage()
    {
        using var folder = new TestDataFolder();
        string missing = Path.Combine(folder.Path, "no-fashion-mnist-here");
        var settings = new Dictionary<string, string> { ["Datasets:FashionMnistFolder"] = missing };
        await using var factory = new FedWorkbenchFactory(folder.Path, settings: settings);
        using HttpClient client = factory.CreateClient();

        Guid runId = await RunApi.LaunchAsync(client, """{"dataset": "fashion-mnist", "model": "softmax", "rounds": 1}""");
        RunDetails details = await RunApi.WaitForEndAsync(client, runId);

        Assert.Equal(RunStatus.Failed, details.Summary.Status);
        Assert.NotNull(details.Summary.Error);
        Assert.Contains(missing, details.Summary.Error, StringComparison.Ordinal);
        Assert.Empty(details.Rounds);
    }

    [Fact]
    public async Task UnexpectedEngineError_ShowsGenericMessage()
    {
        using var folder = new TestDataFolder();
        await using var baseFactory = new FedWorkbenchFactory(folder.Path);
        WebApplicationFactory<Program> factory = baseFactory.WithWebHostBuilder(builder => builder.ConfigureTestServices(
            services => services.AddSingleton<IExperimentRunner, ThrowingRunner>()));
        using HttpClient client = factory.CreateClient();

        Guid runId = await RunApi.LaunchAsync(client, RunApi.SyntheticExperiment(rounds: 3));
        RunDetails details = await RunApi.WaitForEndAsync(client, runId);

        Assert.Equal(RunStatus.Failed, details.Summary.Status);
        Assert.Equal(RunWorker.InternalErrorMessage, details.Summary.Error);
        Assert.DoesNotContain(ThrowingRunner.Secret, details.Summary.Error, StringComparison.Ordinal);
    }

    /// <summary>An engine that fails with a programming error, whose text must not reach users.</summary>
    private sealed class ThrowingRunner : IExperimentRunner
    {
        public const string Secret = "internal detail that users must not see";

        public async IAsyncEnumerable<FedWorkbench.Simulation.Training.CheckpointedRound> RunWithCheckpointsAsync(
            ExperimentConfig config,
            FedWorkbench.Simulation.Training.EngineCheckpoint? resumeFrom,
            FedWorkbench.Simulation.Training.CheckpointSettings settings,
            Func<FedWorkbench.Simulation.Partitioning.PartitionStatistics, CancellationToken, Task>? partitioned,
            Func<FedWorkbench.Simulation.Models.TrainedModel, CancellationToken, Task>? completed,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            throw new InvalidOperationException(Secret);
#pragma warning disable CS0162 // The iterator never yields; the statement keeps the method an iterator.
            yield break;
#pragma warning restore CS0162
        }
    }
}
