using System.Collections.Concurrent;
using System.Diagnostics;

namespace RoomLoad;

/// <summary>
/// Collects what the participants measure: latency samples by series, counts of errors by kind, and counters.
/// Thread-safe. Times come from <see cref="Stopwatch"/> in this one process, so send and receive times compare.
/// </summary>
internal sealed class LoadRecorder
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _latencies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _counters = new(StringComparer.Ordinal);
    private readonly long _start = Stopwatch.GetTimestamp();

    /// <summary>Milliseconds since the recorder was made; participants put it in cursor moves to time their delivery.</summary>
    public double NowMilliseconds => Stopwatch.GetElapsedTime(_start).TotalMilliseconds;

    public void Latency(string series, double milliseconds) =>
        _latencies.GetOrAdd(series, _ => []).Add(milliseconds);

    /// <summary>Counts one error; <paramref name="kind"/> is cut to 90 characters so that ids in messages do not split kinds much.</summary>
    public void Error(string kind) =>
        _errors.AddOrUpdate(kind.Length > 90 ? kind[..90] + "…" : kind, 1, (_, count) => count + 1);

    public void Count(string counter, long amount = 1) =>
        _counters.AddOrUpdate(counter, amount, (_, count) => count + amount);

    public long Counter(string counter) => _counters.GetValueOrDefault(counter);

    public IReadOnlyDictionary<string, int> Errors => _errors;

    /// <summary>Returns the samples of <paramref name="series"/> in ascending order.</summary>
    public double[] Sorted(string series) =>
        _latencies.TryGetValue(series, out ConcurrentBag<double>? samples) ? [.. samples.OrderBy(x => x)] : [];

    /// <summary>Nearest-rank percentile of an ascending array; NaN when it is empty.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
