using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using FedWorkbench.Benchmarks.Kernels;

// Usage: Kernels --peak                  float32 FMA peak of one core and of all cores, in about 3 to 5 s
//        Kernels --step-loop             the 2NN step and the 200×10 update in a plain loop, in about 10 s
//        Kernels [BenchmarkDotNet options] the kernel benchmarks; without --filter, all of them
if (args.Contains("--peak"))
{
    return PeakProbe.Run(Console.Out);
}

if (args.Contains("--step-loop"))
{
    return StepLoopProbe.Run(Console.Out);
}

Console.WriteLine(KernelPathInfo.Describe());
Console.WriteLine($"Evaluation and training data: {BenchmarkData.ImagesSource}.");

var benchmarkTypes = new List<Type>
{
    typeof(LayerKernelBenchmarks),
    typeof(TrainStepBenchmarks),
    typeof(EvaluationBenchmarks),
    typeof(AggregationBenchmarks),
    typeof(ClientOverheadBenchmarks),
};
if (OpenBlas.IsAvailable)
{
    Console.WriteLine($"OpenBLAS: {OpenBlas.LibraryName} ({OpenBlas.Configuration}), benchmarked on one thread.");
    benchmarkTypes.Add(typeof(OpenBlasBenchmarks));
}
else
{
    Console.WriteLine(
        $"OpenBLAS sgemm skipped: {OpenBlas.LibraryName} could not be loaded or lacks cblas_sgemm. "
        + "Install Debian's libopenblas0-openmp (scripts/install-prerequisites.sh --with-torch) to compare it with the managed kernels.");
}

string[] benchmarkArgs = args.Contains("--filter") ? args : [.. args, "--filter", "*"];
IConfig config = DefaultConfig.Instance
    .AddColumn(new GflopsColumn())
    .AddDiagnoser(MemoryDiagnoser.Default);
Summary[] summaries = [.. BenchmarkSwitcher.FromTypes([.. benchmarkTypes]).Run(benchmarkArgs, config)];

PrintClientOverhead(summaries);
Console.WriteLine(KernelPathInfo.Describe());
return summaries.Any(summary => summary.HasCriticalValidationErrors) ? 1 : 0;

// Prints the client's work outside its SGD step: the mean of ClientUpdate6Samples minus that of TrainStep6Rows.
static void PrintClientOverhead(IEnumerable<Summary> summaries)
{
    double? MeanOf(string method) => summaries
        .SelectMany(summary => summary.Reports)
        .FirstOrDefault(report => report.BenchmarkCase.Descriptor.WorkloadMethod.Name == method)?
        .ResultStatistics?.Mean;

    double? client = MeanOf(nameof(ClientOverheadBenchmarks.ClientUpdate6Samples));
    double? step = MeanOf(nameof(ClientOverheadBenchmarks.TrainStep6Rows));
    if (client is null || step is null)
    {
        return;
    }

    double overheadMicroseconds = (client.Value - step.Value) / 1_000;
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"Client overhead of the 2NN outside its SGD step (ClientUpdate6Samples − TrainStep6Rows): {overheadMicroseconds:F1} µs; the goal is under 50 µs."));
}
