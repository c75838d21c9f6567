using BenchmarkDotNet.Attributes;
using FedWorkbench.Simulation.Models;

namespace FedWorkbench.Benchmarks.Kernels;

/// <summary>
/// OpenBLAS sgemm on one thread beside the engine's managed forward kernel, on the 2NN's largest product
/// (10 × 784 by 784 × 200) on the same pinned buffers. Program runs this class only when
/// <see cref="OpenBlas.IsAvailable"/>.
/// </summary>
[BenchmarkCategory("OpenBLAS")]
public unsafe class OpenBlasBenchmarks
{
    private const int Rows = 10;
    private const int FanIn = 784;
    private const int FanOut = 200;

    private float[] _x = [];
    private float[] _w = [];
    private float[] _bias = [];
    private float[] _y = [];

    [GlobalSetup]
    public void Setup()
    {
        _x = BenchmarkData.Pinned(Rows * FanIn);
        _w = BenchmarkData.Pinned(FanIn * FanOut);
        _bias = BenchmarkData.Pinned(FanOut);
        _y = BenchmarkData.Pinned(Rows * FanOut);
        BenchmarkData.FillUniform(_x, 0f, 1f, stream: 4);
        BenchmarkData.FillUniform(_w, -0.05f, 0.05f, stream: 5);
        OpenBlas.SetThreadCount(1);
    }

    [Benchmark, FlopCount(Rows * Flops.PerSample784x200)]
    public void OpenBlasSgemm10x784x200() =>
        OpenBlas.Multiply(BenchmarkData.AddressOf(_x), BenchmarkData.AddressOf(_w), BenchmarkData.AddressOf(_y), Rows, FanIn, FanOut);

    /// <summary>The engine's forward kernel on the same product, with a zero bias and no ReLU.</summary>
    [Benchmark(Baseline = true), FlopCount(Rows * Flops.PerSample784x200)]
    public void ManagedForward10x784x200() =>
        DenseKernels.Forward(
            BenchmarkData.AddressOf(_x), Rows, FanIn, BenchmarkData.AddressOf(_w), BenchmarkData.AddressOf(_bias), FanOut,
            relu: false, BenchmarkData.AddressOf(_y));
}
