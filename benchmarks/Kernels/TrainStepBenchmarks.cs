using BenchmarkDotNet.Attributes;
using FedWorkbench.Simulation.Models;

namespace FedWorkbench.Benchmarks.Kernels;

/// <summary>
/// One minibatch SGD step (<see cref="DenseNetwork.TrainStep"/>): forward pass, softmax cross-entropy and the
/// backward pass with the update fused into the weight-gradient products.
/// </summary>
/// <remarks>
/// Consecutive calls take consecutive batches of the 10,000 test images, so the model keeps learning and its
/// gradients stay at the size they have in a run, instead of shrinking towards 0 on one repeated batch.
/// </remarks>
[BenchmarkCategory("Steps")]
public unsafe class TrainStepBenchmarks
{
    private const float LearningRate2Nn = 0.05f;
    private const float LearningRateSoftmax = 0.1f;

    private ModelWorkspace _twoLayerWorkspace = null!;
    private ModelWorkspace _softmaxWorkspace = null!;
    private float[] _twoLayerParameters = [];
    private float[] _softmaxParameters = [];
    private float[] _images = [];
    private byte[] _labels = [];
    private int _sampleCount;
    private int _nextTwoLayerRow;
    private int _nextSoftmaxRow;

    [GlobalSetup]
    public void Setup()
    {
        _twoLayerWorkspace = new ModelWorkspace(BenchmarkData.TwoLayerNetwork, 10);
        _softmaxWorkspace = new ModelWorkspace(BenchmarkData.Softmax, 32);
        _twoLayerParameters = BenchmarkData.PinnedParameters(BenchmarkData.TwoLayerNetwork);
        _softmaxParameters = BenchmarkData.PinnedParameters(BenchmarkData.Softmax);
        _images = BenchmarkData.Pinned(BenchmarkData.Images.Features.Length);
        BenchmarkData.Images.Features.CopyTo(_images);
        _labels = BenchmarkData.Images.Labels.ToArray();
        _sampleCount = _labels.Length;
    }

    [Benchmark, FlopCount(10 * Flops.TwoLayerTrainPerSample)]
    public double TrainStep2NnB10() => Step(_twoLayerWorkspace, _twoLayerParameters, 10, LearningRate2Nn, ref _nextTwoLayerRow);

    [Benchmark, FlopCount(32 * Flops.SoftmaxTrainPerSample)]
    public double TrainStepSoftmaxB32() => Step(_softmaxWorkspace, _softmaxParameters, 32, LearningRateSoftmax, ref _nextSoftmaxRow);

    private double Step(ModelWorkspace workspace, float[] parameters, int rows, float learningRate, ref int nextRow)
    {
        if (nextRow + rows > _sampleCount)
        {
            nextRow = 0;
        }

        int start = nextRow;
        nextRow += rows;
        float* input = BenchmarkData.AddressOf(_images) + ((nint)start * workspace.Layout.InputWidth);
        return DenseNetwork.TrainStep(
            workspace, BenchmarkData.AddressOf(parameters), input, _labels.AsSpan(start, rows), rows, learningRate);
    }
}
