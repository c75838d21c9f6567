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
/// are off, and the aggregation is the weighted mean, as in the speed configurations.
/// </remarks>
[BenchmarkCategory("Client")]
public unsafe class ClientOverheadBenchmarks
{
    /// <summary>
    /// Clients whose updates the run adds to the aggregate in one pass: 20 on two threads with the default
    /// <see cref="FederatedRun.DefaultMaxUpdateBufferBytes"/>.
    /// </summary>
    private const int GroupSize = 20;

    private const int SamplesPerClient = 6;
    private const float LearningRate = 0.05f;

    private static readonly LocalTrainingSettings Settings = new(Epochs: 1, BatchSize: 10, LearningRate);

    private readonly ModelLayout _layout = BenchmarkData.TwoLayerNetwork;
    private LocalTrainingWorkspace _trainingWorkspace = null!;
    private ModelWorkspace _stepWorkspace = null!;
    private float[] _global = [];
    private float[] _stepParameters = [];
    private float[][] _updates = [];
    private double[] _weights = [];
    private int[] _steps = [];
    private bool[] _leftOut = [];
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
        _updates = new float[GroupSize][];
        for (int i = 0; i < GroupSize; i++)
        {
            _updates[i] = new float[_layout.ParameterCount];
        }

        _weights = new double[GroupSize];
        _steps = new int[GroupSize];
        _leftOut = new bool[GroupSize];
        _train = BenchmarkData.Images;
        _images = BenchmarkData.Pinned(_train.Features.Length);
        _train.Features.CopyTo(_images);
        _labels = _train.Labels.ToArray();

        // Client c trains on samples 6c to 6c + 5. The test images are in no particular class order, like an IID partition.
        _sampleIndices = Enumerable.Range(0, _train.Count).ToArray();
        _aggregator = new MeanAggregator(_layout.ParameterCount, weighted: true);

        // One thread, so the figure is the CPU time per client. With two threads the run trains two clients at
        // once and the group pass splits its chunks over both, which shortens the wall time only.
        _parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = 1 };
    }

    /// <summary>
    /// Everything the run does for a group of clients, per client: local training (shuffle, batch gather, one SGD
    /// step that reads the global model and writes the client's buffer), the validity check, and the group pass
    /// that forms each delta Δ = θ_client − θ_global, checks that it is finite and adds it to the round's aggregate.
    /// </summary>
    [Benchmark(OperationsPerInvoke = GroupSize), FlopCount(SamplesPerClient * Flops.TwoLayerTrainPerSample)]
    public void ClientUpdate6Samples()
    {
        for (int i = 0; i < GroupSize; i++)
        {
            int client = NextClient();
            float[] update = _updates[i];
            ReadOnlySpan<int> indices = _sampleIndices.AsSpan(client * SamplesPerClient, SamplesPerClient);
            LocalTrainingResult result = LocalTrainer.Train(
                _trainingWorkspace, _global, _train, indices, Settings, new LocalTrainingSeed(BenchmarkData.Seed, 1, client),
                default, update, CancellationToken.None);
            if (FedAvg.FindRejectionReason(update, _layout.ParameterCount, result.SampleCount, valuesKnownFinite: true) is { } reason)
            {
                throw new InvalidOperationException($"The update of client {client} is invalid because {reason}.");
            }

            _weights[i] = result.SampleCount;
            _steps[i] = result.LocalSteps;
        }

        AddModels();
    }

    /// <summary>The one SGD step of 6 rows inside <see cref="ClientUpdate6Samples"/>, in place on already gathered rows.</summary>
    [Benchmark, FlopCount(SamplesPerClient * Flops.TwoLayerTrainPerSample)]
    public double TrainStep6Rows()
    {
        int client = NextClient();
        float* input = BenchmarkData.AddressOf(_images) + ((nint)client * SamplesPerClient * _layout.InputWidth);
        return DenseNetwork.TrainStep(
            _stepWorkspace, BenchmarkData.AddressOf(_stepParameters), input,
            _labels.AsSpan(client * SamplesPerClient, SamplesPerClient), SamplesPerClient, LearningRate);
    }

    /// <summary>The group pass over trained models, which forms, checks and adds each delta, per client.</summary>
    [Benchmark(OperationsPerInvoke = GroupSize)]
    public void AddGroupOfModels()
    {
        Array.Fill(_weights, SamplesPerClient);
        Array.Fill(_steps, 1);
        AddModels();
    }

    /// <summary>
    /// The delta and its finiteness check for one client on its own, on a buffer that stays in the cache. Runs
    /// with client privacy, attacks, compression or SCAFFOLD form each delta this way before the group pass.
    /// </summary>
    [Benchmark]
    public bool FormDelta() => FederatedRun.SubtractInPlace(_updates[0], _global);

    /// <summary>The group pass over deltas formed before, per client.</summary>
    [Benchmark(OperationsPerInvoke = GroupSize)]
    public void AddGroupOfDeltas()
    {
        Array.Fill(_weights, SamplesPerClient);
        Array.Fill(_steps, 1);
        _aggregator.AddRange(_updates, _weights, _steps, _parallelOptions);
    }

    private void AddModels()
    {
        _aggregator.AddTrainedModels(_updates, _global, _weights, _steps, _leftOut, _parallelOptions);
        if (Array.IndexOf(_leftOut, true) is int diverged and >= 0)
        {
            throw new InvalidOperationException($"The delta of group member {diverged} is not finite.");
        }
    }

    private int NextClient()
    {
        int client = _nextClient;
        _nextClient = (_nextClient + 1) % (_train.Count / SamplesPerClient);
        return client;
    }
}
