using System.Diagnostics;
using System.Globalization;
using FedWorkbench.Simulation.Models;

namespace FedWorkbench.Benchmarks.Kernels;

/// <summary>
/// Times the 2NN's SGD step at B = 10 in a plain loop, with the parameters at 0, 16, 32 and 48 bytes past a 64-byte
/// boundary, and the 200×10 output-major weight update alone. It checks the BenchmarkDotNet figures without that
/// harness: the step should match TrainStep2NnB10, and alignment should not matter.
/// </summary>
/// <remarks>
/// Each figure is the median of 15 timed blocks, taken in turn over the offsets, of 3,000 steps (after 300 untimed
/// ones) or 20,000 updates. Consecutive steps take consecutive batches of the test images, as in TrainStep2NnB10.
/// </remarks>
internal static unsafe class StepLoopProbe
{
    private const int Rows = 10;
    private const int Blocks = 15;
    private const int StepsPerBlock = 3_000;
    private const int UpdatesPerBlock = 20_000;
    private const float LearningRate = 0.05f;
    private const int LineFloats = 16;

    /// <summary>Runs the probe and prints one line per offset and one for the update.</summary>
    public static int Run(TextWriter output)
    {
        ModelLayout layout = BenchmarkData.TwoLayerNetwork;
        var workspace = new ModelWorkspace(layout, Rows);
        float[] initial = BenchmarkData.PinnedParameters(layout);
        float[] buffer = BenchmarkData.Pinned(layout.ParameterCount + LineFloats);
        float* lineStart = (float*)(((nint)BenchmarkData.AddressOf(buffer) + 63) & ~(nint)63);
        float[] images = BenchmarkData.Pinned(BenchmarkData.Images.Features.Length);
        BenchmarkData.Images.Features.CopyTo(images);
        byte[] labels = BenchmarkData.Images.Labels.ToArray();
        int sampleCount = labels.Length;

        int[] offsets = [0, 4, 8, 12];
        var times = offsets.ToDictionary(offset => offset, _ => new List<double>());
        int nextRow = 0;
        for (int block = 0; block < Blocks; block++)
        {
            foreach (int offset in offsets)
            {
                float* parameters = lineStart + offset;
                initial.CopyTo(new Span<float>(parameters, layout.ParameterCount));
                for (int i = 0; i < StepsPerBlock / 10; i++)
                {
                    Step(ref nextRow);
                }

                long started = Stopwatch.GetTimestamp();
                for (int i = 0; i < StepsPerBlock; i++)
                {
                    Step(ref nextRow);
                }

                times[offset].Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds / StepsPerBlock);

                void Step(ref int row)
                {
                    if (row + Rows > sampleCount)
                    {
                        row = 0;
                    }

                    float* input = BenchmarkData.AddressOf(images) + ((nint)row * layout.InputWidth);
                    DenseNetwork.TrainStep(workspace, parameters, input, labels.AsSpan(row, Rows), Rows, LearningRate);
                    row += Rows;
                }
            }
        }

        output.WriteLine(KernelPathInfo.Describe());
        foreach (int offset in offsets)
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"2NN SGD step, B = 10, parameters {offset * sizeof(float),2} bytes past a 64-byte boundary: median {Median(times[offset]):F1} µs"));
        }

        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"200×10 output-major weight update, 10 rows: median {TimeOutputMajorUpdate(layout, workspace, lineStart):F2} µs"));
        return 0;
    }

    // Updates W and the bias of the last layer in place from the workspace's current activations and gradients.
    private static double TimeOutputMajorUpdate(ModelLayout layout, ModelWorkspace workspace, float* parameters)
    {
        const int layer = 2;
        float* x = workspace.Activations(layer);
        float* gradient = workspace.DeltaA;
        float* w = parameters + layout.WeightOffset(layer);
        float* bias = parameters + layout.BiasOffset(layer);
        var times = new List<double>();
        for (int block = 0; block < Blocks; block++)
        {
            long started = Stopwatch.GetTimestamp();
            for (int i = 0; i < UpdatesPerBlock; i++)
            {
                DenseKernels.AccumulateWeightsOutputMajor(x, gradient, Rows, layout.FanIn(layer), layout.FanOut(layer), -LearningRate, w, bias, w, bias);
            }

            times.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds / UpdatesPerBlock);
        }

        return Median(times);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
