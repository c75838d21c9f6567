using System.Numerics;
using BenchmarkDotNet.Attributes;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Models;
using FedWorkbench.Simulation.Training;
using FedWorkbench.Simulation.Training.Aggregation;

namespace FedWorkbench.Benchmarks.Kernels;

/// <summary>
/// Work per client of the 2NN for a client with 6 samples (configuration (e): 10,000 clients, B = 10, E = 1),
/// whose local training is one SGD step of 6 rows. <see cref="ClientUpdate6Samples"/> minus
/// <see cref="TrainStep6Rows"/> is the work outside the SGD step, which Program prints after the run.
/// </summary>
/// <remarks>
/// The other methods time the main pieces of that overhead alone. Client-side privacy, attacks and compression
/// are off, as in the speed configurations.
/// </remarks>
[BenchmarkCategory("Client")]
public unsafe class ClientOverheadBenchmarks
{
    private const int SamplesPerClient = 6;
    private const float LearningRate = 0.05f;

    private static readonly LocalTrainingSettings Settings = new(Epochs: 1, BatchSize: 10, LearningRate);

    private readonly ModelLayout _layout = BenchmarkData.TwoLayerNetwork;
    private LocalTrainingWorkspace _trainingWorkspace = null!;
    private ModelWorkspace _stepWorkspace = null!;
    private float[] _global = [];
    private float[] _stepParameters = [];
    private float[] _update = [];
    private float[] _images = [];
    private byte[] _labels = [];
    private int[] _sampleIndices = [];
    private DataSplit _train = null!;
    private MeanAggregator _aggregator = null!;
    private ParallelOptions _parallelOptions = null!;
    private int _nextClient;

    [GlobalSetup]
    public void Setup()
    {
        _trainingWorkspace = new LocalTrainingWorkspace(_layout, Settings.BatchSize);
        _stepWorkspace = new ModelWorkspace(_layout, SamplesPerClient);
        _global = ModelInitializer.Create(_layout, BenchmarkData.Seed);
        _stepParameters = BenchmarkData.PinnedParameters(_layout);
        _update = new float[_layout.ParameterCount];
        _train = BenchmarkData.Images;
        _images = BenchmarkData.Pinned(_train.Features.Length);
        _train.Features.CopyTo(_images);
        _labels = _train.Labels.ToArray();

        // Client c trains on samples 6c to 6c + 5. The test images are in no particular class order, like an IID partition.
        _sampleIndices = Enumerable.Range(0, _train.Count).ToArray();
        _aggregator = new MeanAggregator(_layout.ParameterCount, weighted: true);

        // One thread, so the figure is the CPU time per client. The run adds updates one at a time, and with two
        // threads WeightedSum.Add splits one update's chunks over both, which shortens the wall time only.
        _parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = 1 };
    }

    /// <summary>
    /// Everything the run does for one client: local training (copy of the global model, shuffle, batch gather,
    /// one SGD step), the delta Δ = θ_client − θ_global, and the weighted add into the round's aggregate.
    /// </summary>
    [Benchmark, FlopCount(SamplesPerClient * Flops.TwoLayerTrainPerSample)]
    public void ClientUpdate6Samples()
    {
        int client = NextClient();
        ReadOnlySpan<int> indices = _sampleIndices.AsSpan(client * SamplesPerClient, SamplesPerClient);
        LocalTrainingResult result = LocalTrainer.Train(
            _trainingWorkspace, _global, _train, indices, Settings, new LocalTrainingSeed(BenchmarkData.Seed, 1, client),
            default, _update, CancellationToken.None);
        SubtractInPlace(_update, _global);
        _aggregator.Add(_update, result.SampleCount, result.LocalSteps, _parallelOptions);
    }

    /// <summary>The one SGD step of 6 rows inside <see cref="ClientUpdate6Samples"/>, on already gathered rows.</summary>
    [Benchmark, FlopCount(SamplesPerClient * Flops.TwoLayerTrainPerSample)]
    public double TrainStep6Rows()
    {
        int client = NextClient();
        float* input = BenchmarkData.AddressOf(_images) + ((nint)client * SamplesPerClient * _layout.InputWidth);
        return DenseNetwork.TrainStep(
            _stepWorkspace, BenchmarkData.AddressOf(_stepParameters), input,
            _labels.AsSpan(client * SamplesPerClient, SamplesPerClient), SamplesPerClient, LearningRate);
    }

    [Benchmark]
    public void CopyGlobalModel() => _global.CopyTo(_update, 0);

    [Benchmark]
    public void FormDelta() => SubtractInPlace(_update, _global);

    [Benchmark]
    public void AddToAggregate() => _aggregator.Add(_update, SamplesPerClient, 1, _parallelOptions);

    private int NextClient()
    {
        int client = _nextClient;
        _nextClient = (_nextClient + 1) % (_train.Count / SamplesPerClient);
        return client;
    }

    /// <summary>Computes model[i] −= global[i].</summary>
    /// <remarks>
    /// NOTE: a copy of the private FederatedRun.SubtractInPlace, which the run calls on each trained client's
    /// model. Change both together.
    /// </remarks>
    private static void SubtractInPlace(Span<float> model, ReadOnlySpan<float> global)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<float>.Count;
            for (; i <= model.Length - width; i += width)
            {
                var difference = new Vector<float>(model[i..]) - new Vector<float>(global[i..]);
                difference.CopyTo(model[i..]);
            }
        }

        for (; i < model.Length; i++)
        {
            model[i] -= global[i];
        }
    }
}
