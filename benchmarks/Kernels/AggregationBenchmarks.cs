using BenchmarkDotNet.Attributes;
using FedWorkbench.Simulation.Training.Aggregation;

namespace FedWorkbench.Benchmarks.Kernels;

/// <summary>
/// The server's FedAvg step over one round's updates of the 2NN: <see cref="MeanAggregator"/> clears its float64
/// sum, adds each update weighted by its sample count, and writes the weighted mean as float32.
/// </summary>
[BenchmarkCategory("Aggregation")]
public class AggregationBenchmarks
{
    private float[][] _updates = [];
    private float[] _mean = [];
    private MeanAggregator _aggregator = null!;
    private ParallelOptions _parallelOptions = null!;

    /// <summary>Client updates per round.</summary>
    [Params(10, 100)]
    public int Updates { get; set; }

    /// <summary>Maximum degree of parallelism over chunks of parameters.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int parameterCount = BenchmarkData.TwoLayerNetwork.ParameterCount;
        _updates = new float[Updates][];
        for (int i = 0; i < Updates; i++)
        {
            _updates[i] = new float[parameterCount];
            BenchmarkData.FillUniform(_updates[i], -0.01f, 0.01f, stream: 100 + i);
        }

        _mean = new float[parameterCount];
        _aggregator = new MeanAggregator(parameterCount, weighted: true);
        _parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = Threads };
    }

    [Benchmark]
    public void WeightedMean()
    {
        _aggregator.Reset();
        for (int i = 0; i < _updates.Length; i++)
        {
            // Sample counts from 600 to 609, so the weights differ as they do in a non-IID round.
            _aggregator.Add(_updates[i], 600 + (i % 10), localSteps: 60, _parallelOptions);
        }

        _aggregator.WriteResult(_mean, _parallelOptions);
    }
}
