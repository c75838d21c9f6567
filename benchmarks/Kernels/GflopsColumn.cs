using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace FedWorkbench.Benchmarks.Kernels;

/// <summary>
/// Summary column of GFLOP/s: the method's <see cref="FlopCountAttribute"/> divided by its mean time per call.
/// Methods without the attribute show "-".
/// </summary>
internal sealed class GflopsColumn : IColumn
{
    public string Id => nameof(GflopsColumn);

    public string ColumnName => "GFLOP/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Floating-point operations per second of the mean time, counting an FMA as 2 (10^9/s)";

    /// <summary>Returns the FLOP count of one call of <paramref name="benchmarkCase"/>, or null when it has none.</summary>
    public static double? FlopsOf(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<FlopCountAttribute>()?.Flops;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        double? flops = FlopsOf(benchmarkCase);
        double? meanNanoseconds = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (flops is null || meanNanoseconds is null or <= 0)
        {
            return "-";
        }

        // FLOP per nanosecond is GFLOP/s.
        return (flops.Value / meanNanoseconds.Value).ToString("F1", CultureInfo.InvariantCulture);
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
