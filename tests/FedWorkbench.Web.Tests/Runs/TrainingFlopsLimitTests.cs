using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Runs;

namespace FedWorkbench.Web.Tests.Runs;

/// <summary>The training-work limit <see cref="RunOptions.MaxTrainingFlops"/>, which grows with the model size.</summary>
public sealed class TrainingFlopsLimitTests
{
    // The 2NN of the benchmark: 784-200-200-10, weights and biases.
    private const int BenchmarkParameters = (784 * 200) + 200 + (200 * 200) + 200 + (200 * 10) + 10;

    [Fact]
    public void TrainingFlops_Benchmark_IsSamplesTimesSixTimesParameters()
    {
        var config = new ExperimentConfig { HiddenLayers = [200, 200], Clients = 100, ClientFraction = 0.1, LocalEpochs = 1, BatchSize = 10, Rounds = 50 };

        double expected = 50 * 0.1 * 1 * 60_000 * 6.0 * BenchmarkParameters;

        Assert.Equal(BenchmarkParameters, RunLaunchLimits.ModelParameterCount(config));
        Assert.Equal(expected, RunLaunchLimits.TrainingFlops(config)!.Value, precision: 0);
        Assert.Null(RunLaunchLimits.FindConfigProblem(config, new RunOptions()));
        Assert.True(new RunOptions().MaxTrainingFlops / expected > 80, "The default should hold the benchmark many times over.");
    }

    [Fact]
    public void FindConfigProblem_LargeModelWithinSampleLimit_NamesEstimateLimitAndOption()
    {
        // The breaker's run: 4 hidden layers of 1,024, C = 1, 500 rounds, exactly MaxTrainedSamples samples.
        var config = new ExperimentConfig { HiddenLayers = [1024, 1024, 1024, 1024], Clients = 100, ClientFraction = 1, LocalEpochs = 1, BatchSize = 10, Rounds = 500 };
        int parameters = (784 * 1024) + 1024 + (3 * ((1024 * 1024) + 1024)) + (1024 * 10) + 10;
        double flops = 500 * 1.0 * 1 * 60_000 * 6.0 * parameters;
        var limits = new RunOptions();

        (string Option, string Message)? problem = RunLaunchLimits.FindConfigProblem(config, limits);

        Assert.Equal(parameters, RunLaunchLimits.ModelParameterCount(config));
        Assert.NotNull(problem);
        Assert.Equal(nameof(RunOptions.MaxTrainingFlops), problem.Value.Option);
        string estimate = (flops / 1e12).ToString("#,0.###", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"about {estimate} TFLOP", problem.Value.Message, StringComparison.Ordinal);
        Assert.Contains("at most 30 TFLOP (Runs:MaxTrainingFlops)", problem.Value.Message, StringComparison.Ordinal);
        Assert.Contains("lower Rounds", problem.Value.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FindConfigProblem_JustUnderLimit_Passes()
    {
        var config = new ExperimentConfig { HiddenLayers = [200, 200], Rounds = 50 };
        double flops = RunLaunchLimits.TrainingFlops(config)!.Value;

        Assert.Null(RunLaunchLimits.FindConfigProblem(config, new RunOptions { MaxTrainingFlops = flops }));
        Assert.Equal(nameof(RunOptions.MaxTrainingFlops), RunLaunchLimits.FindConfigProblem(config, new RunOptions { MaxTrainingFlops = flops * 0.99 })?.Option);
    }
}
