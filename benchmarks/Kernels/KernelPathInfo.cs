using FedWorkbench.Simulation.Models;

namespace FedWorkbench.Benchmarks.Kernels;

/// <summary>Name of the dense-kernel path the engine runs in this process, printed beside every result.</summary>
internal static class KernelPathInfo
{
    /// <summary>Environment variable that forces a kernel path (portable, vector256 or vector512).</summary>
    public const string OverrideVariable = "FEDWB_KERNELS";

    /// <summary>Returns a line such as "Kernel path: Portable (FEDWB_KERNELS not set)".</summary>
    public static string Describe()
    {
        // TODO: print DenseKernels.ActivePath and its description once the engine exposes the Vector256 path;
        // this is the only place that reads the active path.
        string path = DenseKernels.IsVector512Path ? "Vector512 (AVX-512)" : "Portable (Vector<T>)";
        string? forced = Environment.GetEnvironmentVariable(OverrideVariable);
        string source = string.IsNullOrEmpty(forced) ? $"{OverrideVariable} not set" : $"{OverrideVariable}={forced}";
        return $"Kernel path: {path} ({source})";
    }
}
