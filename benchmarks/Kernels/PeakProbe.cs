using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FedWorkbench.Benchmarks.Kernels;

/// <summary>
/// Measures the sustained float32 FMA throughput of one core and of all cores: the arithmetic limit that the
/// kernels' GFLOP/s are compared with. Each thread runs N independent chains c ← c·a + b of 256-bit (and, where
/// the CPU has AVX-512, 512-bit) FMAs, enough chains to hide the FMA latency on both FMA units.
/// </summary>
/// <remarks>
/// Rates are FLOP per second of each thread's own CPU time (Linux CLOCK_THREAD_CPUTIME_ID), so that other
/// processes on a shared machine lower them only through cache and frequency effects. The wall-clock total,
/// printed beside them, is what the process got. Every figure is the best of <see cref="Repetitions"/> timed
/// runs. The whole probe takes about 3 s with AVX2 and about 5 s with AVX-512 as well.
/// </remarks>
internal static partial class PeakProbe
{
    private const int Repetitions = 3;

    /// <summary>Target duration of one timed run.</summary>
    private static readonly TimeSpan RunDuration = TimeSpan.FromMilliseconds(60);

    /// <summary>Keeps the chains' results alive, so the JIT cannot drop the loops.</summary>
    private static float s_sink;

    private sealed record Variant(string Name, int Lanes, int Chains, Func<long, float> Run);

    /// <summary>Runs the probe and prints one line per variant.</summary>
    public static int Run(TextWriter output)
    {
        var variants = new List<Variant>();
        if (Fma.IsSupported)
        {
            variants.Add(new Variant("Vector256", 8, 8, Vector256Chains8));
            variants.Add(new Variant("Vector256", 8, 10, Vector256Chains10));
            variants.Add(new Variant("Vector256", 8, 12, Vector256Chains12));
        }

        if (Avx512F.IsSupported)
        {
            variants.Add(new Variant("Vector512", 16, 12, Vector512Chains12));
            variants.Add(new Variant("Vector512", 16, 16, Vector512Chains16));
        }

        int cores = Environment.ProcessorCount;
        output.WriteLine($"Float32 FMA peak, best of {Repetitions} runs of about {RunDuration.TotalMilliseconds:F0} ms, {cores} logical cores. {KernelPathInfo.Describe()}");
        if (variants.Count == 0)
        {
            output.WriteLine("This CPU has no FMA instructions (x86 FMA3), so the probe has nothing to measure.");
            return 1;
        }

        foreach (Variant variant in variants)
        {
            long iterations = Calibrate(variant);
            double flopsPerThread = 2.0 * variant.Lanes * variant.Chains * iterations;
            Timing oneCore = Best(() => TimeThreads(variant, iterations, 1));
            Timing allCores = Best(() => TimeThreads(variant, iterations, cores));
            double perCore = flopsPerThread / allCores.MaxCpuSeconds;
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{variant.Name}, {variant.Chains,2} chains: one core {flopsPerThread / oneCore.MaxCpuSeconds / 1e9,6:F1} GFLOP/s; "
                + $"{cores} cores {cores * perCore / 1e9,6:F1} GFLOP/s total, {perCore / 1e9,6:F1} per core "
                + $"(wall clock: {flopsPerThread / oneCore.WallSeconds / 1e9:F1} and {cores * flopsPerThread / allCores.WallSeconds / 1e9:F1})"));
        }

        return 0;
    }

    /// <summary>Returns the iteration count that takes about <see cref="RunDuration"/> on one thread.</summary>
    private static long Calibrate(Variant variant)
    {
        const long trialIterations = 200_000;
        variant.Run(trialIterations);
        long start = Stopwatch.GetTimestamp();
        s_sink += variant.Run(trialIterations);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return Math.Max(trialIterations, (long)(trialIterations * RunDuration.TotalSeconds / seconds));
    }

    /// <summary>Returns the run with the shortest CPU time of its slowest thread.</summary>
    private static Timing Best(Func<Timing> measure)
    {
        Timing best = measure();
        for (int i = 1; i < Repetitions; i++)
        {
            Timing next = measure();
            if (next.MaxCpuSeconds < best.MaxCpuSeconds)
            {
                best = next;
            }
        }

        return best;
    }

    /// <summary>
    /// Runs <paramref name="iterations"/> on each of <paramref name="threads"/> threads started together and
    /// returns the largest CPU time of one thread and the wall time from the common start until the last thread
    /// finished.
    /// </summary>
    private static Timing TimeThreads(Variant variant, long iterations, int threads)
    {
        using var start = new Barrier(threads + 1);
        var results = new float[threads];
        var cpuSeconds = new double[threads];
        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            int index = t;
            workers[t] = new Thread(() =>
            {
                start.SignalAndWait();
                double cpuStart = ThreadCpuSeconds();
                results[index] = variant.Run(iterations);
                cpuSeconds[index] = ThreadCpuSeconds() - cpuStart;
            });
            workers[t].Start();
        }

        start.SignalAndWait();
        long begin = Stopwatch.GetTimestamp();
        foreach (Thread worker in workers)
        {
            worker.Join();
        }

        double wallSeconds = Stopwatch.GetElapsedTime(begin).TotalSeconds;
        s_sink += results.Sum();
        return new Timing(cpuSeconds.Max(), wallSeconds);
    }

    /// <summary>Returns the CPU time of the calling thread, or NaN when the clock is unavailable.</summary>
    private static double ThreadCpuSeconds()
    {
        if (!OperatingSystem.IsLinux() || ClockGetTime(ThreadCpuClock, out TimeSpec time) != 0)
        {
            return double.NaN;
        }

        return time.Seconds + (time.Nanoseconds * 1e-9);
    }

    private const int ThreadCpuClock = 3;

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>struct timespec of 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>Largest CPU time of one thread of a timed run, and the run's wall time, in seconds.</summary>
    private readonly record struct Timing(double MaxCpuSeconds, double WallSeconds);

    // Each chain computes c ← c·a + b with a just below 1, so it converges to b / (1 − a) and never overflows or
    // goes subnormal. The chains are separate locals so that the JIT keeps each in its own register, and they start
    // from different values so that no compiler can merge them into one (GCC -O2 merges identical chains).

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Vector256Chains8(long iterations)
    {
        Vector256<float> a = Vector256.Create(0.999_99f), b = Vector256.Create(1e-5f);
        Vector256<float> c0 = Vector256.Create(1f), c1 = Vector256.Create(2f), c2 = Vector256.Create(3f), c3 = Vector256.Create(4f),
            c4 = Vector256.Create(5f), c5 = Vector256.Create(6f), c6 = Vector256.Create(7f), c7 = Vector256.Create(8f);
        for (long i = 0; i < iterations; i++)
        {
            c0 = Fma.MultiplyAdd(c0, a, b);
            c1 = Fma.MultiplyAdd(c1, a, b);
            c2 = Fma.MultiplyAdd(c2, a, b);
            c3 = Fma.MultiplyAdd(c3, a, b);
            c4 = Fma.MultiplyAdd(c4, a, b);
            c5 = Fma.MultiplyAdd(c5, a, b);
            c6 = Fma.MultiplyAdd(c6, a, b);
            c7 = Fma.MultiplyAdd(c7, a, b);
        }

        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Vector256Chains10(long iterations)
    {
        Vector256<float> a = Vector256.Create(0.999_99f), b = Vector256.Create(1e-5f);
        Vector256<float> c0 = Vector256.Create(1f), c1 = Vector256.Create(2f), c2 = Vector256.Create(3f), c3 = Vector256.Create(4f),
            c4 = Vector256.Create(5f), c5 = Vector256.Create(6f), c6 = Vector256.Create(7f), c7 = Vector256.Create(8f),
            c8 = Vector256.Create(9f), c9 = Vector256.Create(10f);
        for (long i = 0; i < iterations; i++)
        {
            c0 = Fma.MultiplyAdd(c0, a, b);
            c1 = Fma.MultiplyAdd(c1, a, b);
            c2 = Fma.MultiplyAdd(c2, a, b);
            c3 = Fma.MultiplyAdd(c3, a, b);
            c4 = Fma.MultiplyAdd(c4, a, b);
            c5 = Fma.MultiplyAdd(c5, a, b);
            c6 = Fma.MultiplyAdd(c6, a, b);
            c7 = Fma.MultiplyAdd(c7, a, b);
            c8 = Fma.MultiplyAdd(c8, a, b);
            c9 = Fma.MultiplyAdd(c9, a, b);
        }

        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Vector256Chains12(long iterations)
    {
        Vector256<float> a = Vector256.Create(0.999_99f), b = Vector256.Create(1e-5f);
        Vector256<float> c0 = Vector256.Create(1f), c1 = Vector256.Create(2f), c2 = Vector256.Create(3f), c3 = Vector256.Create(4f),
            c4 = Vector256.Create(5f), c5 = Vector256.Create(6f), c6 = Vector256.Create(7f), c7 = Vector256.Create(8f),
            c8 = Vector256.Create(9f), c9 = Vector256.Create(10f), c10 = Vector256.Create(11f), c11 = Vector256.Create(12f);
        for (long i = 0; i < iterations; i++)
        {
            c0 = Fma.MultiplyAdd(c0, a, b);
            c1 = Fma.MultiplyAdd(c1, a, b);
            c2 = Fma.MultiplyAdd(c2, a, b);
            c3 = Fma.MultiplyAdd(c3, a, b);
            c4 = Fma.MultiplyAdd(c4, a, b);
            c5 = Fma.MultiplyAdd(c5, a, b);
            c6 = Fma.MultiplyAdd(c6, a, b);
            c7 = Fma.MultiplyAdd(c7, a, b);
            c8 = Fma.MultiplyAdd(c8, a, b);
            c9 = Fma.MultiplyAdd(c9, a, b);
            c10 = Fma.MultiplyAdd(c10, a, b);
            c11 = Fma.MultiplyAdd(c11, a, b);
        }

        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Vector512Chains12(long iterations)
    {
        Vector512<float> a = Vector512.Create(0.999_99f), b = Vector512.Create(1e-5f);
        Vector512<float> c0 = Vector512.Create(1f), c1 = Vector512.Create(2f), c2 = Vector512.Create(3f), c3 = Vector512.Create(4f),
            c4 = Vector512.Create(5f), c5 = Vector512.Create(6f), c6 = Vector512.Create(7f), c7 = Vector512.Create(8f),
            c8 = Vector512.Create(9f), c9 = Vector512.Create(10f), c10 = Vector512.Create(11f), c11 = Vector512.Create(12f);
        for (long i = 0; i < iterations; i++)
        {
            c0 = Avx512F.FusedMultiplyAdd(c0, a, b);
            c1 = Avx512F.FusedMultiplyAdd(c1, a, b);
            c2 = Avx512F.FusedMultiplyAdd(c2, a, b);
            c3 = Avx512F.FusedMultiplyAdd(c3, a, b);
            c4 = Avx512F.FusedMultiplyAdd(c4, a, b);
            c5 = Avx512F.FusedMultiplyAdd(c5, a, b);
            c6 = Avx512F.FusedMultiplyAdd(c6, a, b);
            c7 = Avx512F.FusedMultiplyAdd(c7, a, b);
            c8 = Avx512F.FusedMultiplyAdd(c8, a, b);
            c9 = Avx512F.FusedMultiplyAdd(c9, a, b);
            c10 = Avx512F.FusedMultiplyAdd(c10, a, b);
            c11 = Avx512F.FusedMultiplyAdd(c11, a, b);
        }

        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Vector512Chains16(long iterations)
    {
        Vector512<float> a = Vector512.Create(0.999_99f), b = Vector512.Create(1e-5f);
        Vector512<float> c0 = Vector512.Create(1f), c1 = Vector512.Create(2f), c2 = Vector512.Create(3f), c3 = Vector512.Create(4f),
            c4 = Vector512.Create(5f), c5 = Vector512.Create(6f), c6 = Vector512.Create(7f), c7 = Vector512.Create(8f);
        Vector512<float> c8 = Vector512.Create(9f), c9 = Vector512.Create(10f), c10 = Vector512.Create(11f), c11 = Vector512.Create(12f), c12 = Vector512.Create(13f), c13 = Vector512.Create(14f), c14 = Vector512.Create(15f), c15 = Vector512.Create(16f);
        for (long i = 0; i < iterations; i++)
        {
            c0 = Avx512F.FusedMultiplyAdd(c0, a, b);
            c1 = Avx512F.FusedMultiplyAdd(c1, a, b);
            c2 = Avx512F.FusedMultiplyAdd(c2, a, b);
            c3 = Avx512F.FusedMultiplyAdd(c3, a, b);
            c4 = Avx512F.FusedMultiplyAdd(c4, a, b);
            c5 = Avx512F.FusedMultiplyAdd(c5, a, b);
            c6 = Avx512F.FusedMultiplyAdd(c6, a, b);
            c7 = Avx512F.FusedMultiplyAdd(c7, a, b);
            c8 = Avx512F.FusedMultiplyAdd(c8, a, b);
            c9 = Avx512F.FusedMultiplyAdd(c9, a, b);
            c10 = Avx512F.FusedMultiplyAdd(c10, a, b);
            c11 = Avx512F.FusedMultiplyAdd(c11, a, b);
            c12 = Avx512F.FusedMultiplyAdd(c12, a, b);
            c13 = Avx512F.FusedMultiplyAdd(c13, a, b);
            c14 = Avx512F.FusedMultiplyAdd(c14, a, b);
            c15 = Avx512F.FusedMultiplyAdd(c15, a, b);
        }

        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11 + c12 + c13 + c14 + c15);
    }
}
