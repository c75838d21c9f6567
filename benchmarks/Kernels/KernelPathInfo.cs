using FedWorkbench.Simulation.Models;

namespace FedWorkbench.Benchmarks.Kernels;

/// <summary>Name of the dense-kernel path the engine runs in this process, printed beside every result.</summary>
internal static class KernelPathInfo
{
    /// <summary>Returns a line such as "Kernel path: managed AVX2+FMA kernels (Vector256) (FEDWB_KERNELS not set)".</summary>
    public static string Describe()
    {
        string? forced = Environment.GetEnvironmentVariable(KernelSelection.EnvironmentVariable);
        string source = string.IsNullOrEmpty(forced)
            ? $"{KernelSelection.EnvironmentVariable} not set"
            : $"{KernelSelection.EnvironmentVariable}={forced}";
        return $"Kernel path: {KernelSelection.Description} ({source})";
    }
}
