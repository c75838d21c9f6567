using System.Runtime.InteropServices;

namespace FedWorkbench.Benchmarks.Kernels;

/// <summary>
/// OpenBLAS's cblas_sgemm, loaded at run time from libopenblas.so.0 when the system has it (Debian package
/// libopenblas0-openmp or libopenblas0-pthread).
/// </summary>
internal static unsafe class OpenBlas
{
    /// <summary>Shared library name, as Debian's libopenblas0 packages install it.</summary>
    public const string LibraryName = "libopenblas.so.0";

    private const int RowMajor = 101;
    private const int NoTranspose = 111;

    private static readonly Lazy<Library?> Loaded = new(Load);

    /// <summary>True when <see cref="LibraryName"/> loaded and exports cblas_sgemm.</summary>
    public static bool IsAvailable => Loaded.Value is not null;

    /// <summary>The library's build configuration, such as "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY USE_OPENMP Zen MAX_THREADS=64" (Debian 12).</summary>
    public static string Configuration => Loaded.Value?.Configuration ?? "not loaded";

    /// <summary>
    /// Computes C = A·B with A of m × k, B of k × n and C of m × n, all row-major and dense.
    /// </summary>
    public static void Multiply(float* a, float* b, float* c, int m, int k, int n)
    {
        Library library = Loaded.Value
            ?? throw new InvalidOperationException($"{LibraryName} could not be loaded or lacks cblas_sgemm, so OpenBLAS sgemm cannot run. Install Debian's libopenblas0-openmp.");
        library.Sgemm(RowMajor, NoTranspose, NoTranspose, m, n, k, 1f, a, k, b, n, 0f, c, n);
    }

    /// <summary>Sets the threads OpenBLAS uses for one call; the engine trains each client on one thread.</summary>
    public static void SetThreadCount(int threads)
    {
        Library? library = Loaded.Value;
        if (library is not null && library.SetThreads != null)
        {
            library.SetThreads(threads);
        }
    }

    private static Library? Load()
    {
        if (!NativeLibrary.TryLoad(LibraryName, out nint handle) || !NativeLibrary.TryGetExport(handle, "cblas_sgemm", out nint sgemm))
        {
            return null;
        }

        var setThreads = NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out nint setThreadsAddress)
            ? (delegate* unmanaged<int, void>)setThreadsAddress
            : null;
        string configuration = NativeLibrary.TryGetExport(handle, "openblas_get_config", out nint configAddress)
            ? Marshal.PtrToStringUTF8((nint)((delegate* unmanaged<byte*>)configAddress)()) ?? "unknown"
            : "unknown";
        return new Library((delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemm, setThreads, configuration);
    }

    /// <summary>Entry points of the loaded library.</summary>
    private sealed class Library(
        delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> sgemm,
        delegate* unmanaged<int, void> setThreads,
        string configuration)
    {
        public delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> Sgemm { get; } = sgemm;

        public delegate* unmanaged<int, void> SetThreads { get; } = setThreads;

        public string Configuration { get; } = configuration;
    }
}
