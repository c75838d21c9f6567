using BenchmarkDotNet.Attributes;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Models;
using FedWorkbench.Simulation.Training;

namespace FedWorkbench.Benchmarks.Kernels;

/// <summary>
/// Evaluation of the 2NN on the 10,000 test images (accuracy and mean loss) with <see cref="ModelEvaluator"/>,
/// as a run does after every round.
/// </summary>
[BenchmarkCategory("Evaluation")]
public class EvaluationBenchmarks
{
    private ModelEvaluator _evaluator = null!;
    private float[] _parameters = [];
    private DataSplit _images = null!;
    private ParallelOptions _parallelOptions = null!;

    /// <summary>Maximum degree of parallelism of the evaluation.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _evaluator = new ModelEvaluator(BenchmarkData.TwoLayerNetwork);
        _parameters = ModelInitializer.Create(BenchmarkData.TwoLayerNetwork, BenchmarkData.Seed);
        _images = BenchmarkData.Images;
        _parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = Threads };
    }

    [Benchmark, FlopCount(10_000 * Flops.TwoLayerForwardPerSample)]
    public EvaluationResult Evaluate2Nn10000Images() => _evaluator.Evaluate(_parameters, _images, _parallelOptions);
}
