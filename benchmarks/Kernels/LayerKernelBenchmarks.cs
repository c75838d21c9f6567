using BenchmarkDotNet.Attributes;
using FedWorkbench.Simulation.Models;

namespace FedWorkbench.Benchmarks.Kernels;

/// <summary>
/// Each dense-layer kernel on each 2NN layer at B = 10, over a <see cref="ModelWorkspace"/> and a flat parameter
/// vector laid out as the engine lays them out.
/// </summary>
/// <remarks>
/// The forward inputs are the activations of ten Fashion-MNIST test images, the gradients uniform in
/// [−0.01, 0.01). The weight updates go to a second parameter vector so that the forward inputs do not change
/// between calls.
/// </remarks>
[BenchmarkCategory("Layers")]
public unsafe class LayerKernelBenchmarks
{
    private const int Rows = 10;

    /// <summary>α of the weight update, −η for the learning rate 0.05 of the speed benchmark's 2NN configurations.</summary>
    private const float UpdateScale = -0.05f;

    private readonly ModelLayout _layout = BenchmarkData.TwoLayerNetwork;
    private ModelWorkspace _workspace = null!;
    private float[] _parameters = [];
    private float[] _updated = [];
    private float* _w;
    private float* _target;
    private float* _gradient;
    private float* _inputGradient;

    [GlobalSetup]
    public void Setup()
    {
        _workspace = new ModelWorkspace(_layout, Rows);
        _parameters = BenchmarkData.PinnedParameters(_layout);
        _updated = BenchmarkData.PinnedParameters(_layout);
        _w = BenchmarkData.AddressOf(_parameters);
        _target = BenchmarkData.AddressOf(_updated);
        _gradient = _workspace.DeltaA;
        _inputGradient = _workspace.DeltaB;

        // Fill every activation buffer with what ten real images produce, then give the gradient buffer values
        // of the size a softmax gradient divided by the batch has.
        BenchmarkData.Images.Features[..(Rows * _layout.InputWidth)].CopyTo(new Span<float>(_workspace.Activations(0), Rows * _layout.InputWidth));
        DenseNetwork.Evaluate(_workspace, _w, _workspace.Activations(0), BenchmarkData.Images.Labels[..Rows], Rows);
        BenchmarkData.FillUniform(new Span<float>(_gradient, Rows * _layout.MaxWidth), -0.01f, 0.01f, stream: 3);
    }

    [Benchmark, FlopCount(Rows * Flops.PerSample784x200)]
    public void Forward784x200Relu() => Forward(0, relu: true);

    [Benchmark, FlopCount(Rows * Flops.PerSample200x200)]
    public void Forward200x200Relu() => Forward(1, relu: true);

    [Benchmark, FlopCount(Rows * Flops.PerSample200x10)]
    public void Forward200x10() => Forward(2, relu: false);

    [Benchmark, FlopCount(Rows * Flops.PerSample200x200)]
    public void BackpropInput200x200() => BackpropInput(1);

    [Benchmark, FlopCount(Rows * Flops.PerSample200x10)]
    public void BackpropInput200x10() => BackpropInput(2);

    [Benchmark, FlopCount(Rows * Flops.PerSample784x200)]
    public void AccumulateWeights784x200() => AccumulateWeights(0);

    [Benchmark, FlopCount(Rows * Flops.PerSample200x200)]
    public void AccumulateWeights200x200() => AccumulateWeights(1);

    [Benchmark, FlopCount(Rows * Flops.PerSample200x10)]
    public void AccumulateWeights200x10() => AccumulateWeights(2);

    // Each helper runs the kernel of the layer's weight layout, as DenseNetwork does: the 200 × 10 layer is output-major.
    private void Forward(int layer, bool relu)
    {
        float* x = _workspace.Activations(layer);
        float* w = _w + _layout.WeightOffset(layer);
        float* bias = _w + _layout.BiasOffset(layer);
        float* y = _workspace.Activations(layer + 1);
        if (_layout.IsOutputMajor(layer))
        {
            DenseKernels.ForwardOutputMajor(x, Rows, _layout.FanIn(layer), w, bias, _layout.FanOut(layer), relu, y);
        }
        else
        {
            DenseKernels.Forward(x, Rows, _layout.FanIn(layer), w, bias, _layout.FanOut(layer), relu, y);
        }
    }

    /// <summary>Runs the input gradient of <paramref name="layer"/>, masked by the ReLU output that fed it.</summary>
    private void BackpropInput(int layer)
    {
        float* w = _w + _layout.WeightOffset(layer);
        if (_layout.IsOutputMajor(layer))
        {
            DenseKernels.BackpropInputOutputMajor(_gradient, Rows, _layout.FanOut(layer), w, _layout.FanIn(layer), _workspace.Activations(layer), _inputGradient);
        }
        else
        {
            DenseKernels.BackpropInput(_gradient, Rows, _layout.FanOut(layer), w, _layout.FanIn(layer), _workspace.Activations(layer), _inputGradient);
        }
    }

    private void AccumulateWeights(int layer)
    {
        float* x = _workspace.Activations(layer);
        float* w = _target + _layout.WeightOffset(layer);
        float* bias = _target + _layout.BiasOffset(layer);
        if (_layout.IsOutputMajor(layer))
        {
            DenseKernels.AccumulateWeightsOutputMajor(x, _gradient, Rows, _layout.FanIn(layer), _layout.FanOut(layer), UpdateScale, w, bias, w, bias);
        }
        else
        {
            DenseKernels.AccumulateWeights(x, _gradient, Rows, _layout.FanIn(layer), _layout.FanOut(layer), UpdateScale, w, bias);
        }
    }
}
