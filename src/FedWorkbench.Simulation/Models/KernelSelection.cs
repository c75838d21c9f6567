using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FedWorkbench.Simulation.Models;

/// <summary>
/// The dense-layer kernel path this process uses, chosen once from the CPU's instruction sets: AVX-512 when
/// present, else AVX2 with FMA, else portable <see cref="System.Numerics.Vector{T}"/> loops. The environment
/// variable <c>FEDWB_KERNELS</c> (<c>portable</c>, <c>vector256</c> or <c>vector512</c>) forces a path, for
/// benchmarks and comparisons. Results on different paths may differ in the last bits of float rounding.
/// </summary>
public static class KernelSelection
{
    /// <summary>Name of the environment variable that forces a kernel path.</summary>
    public const string EnvironmentVariable = "FEDWB_KERNELS";

    private static readonly KernelPath Active;

    /// <summary>Message of an invalid <see cref="EnvironmentVariable"/> value, or null when the value is valid or unset.</summary>
    private static readonly string? InvalidSettingMessage;

#pragma warning disable CA1810 // Both fields come from one parse, which a field initializer cannot share.
    static KernelSelection()
#pragma warning restore CA1810
    {
        try
        {
            Active = Resolve(Environment.GetEnvironmentVariable(EnvironmentVariable), IsSupported(KernelPath.Vector256), IsSupported(KernelPath.Vector512));
        }
        catch (ArgumentException ex)
        {
            // Thrown again at first use, so the message reaches the caller instead of a TypeInitializationException.
            Active = KernelPath.Portable;
            InvalidSettingMessage = ex.Message;
        }
    }

    /// <summary>Short name of the active path: "portable", "vector256" or "vector512".</summary>
    /// <exception cref="InvalidOperationException"><c>FEDWB_KERNELS</c> is set to an unknown or unsupported value.</exception>
    public static string Name => NameOf(ActivePath);

    /// <summary>One-line description of the active path, such as "managed AVX2+FMA kernels (Vector256)".</summary>
    /// <exception cref="InvalidOperationException"><c>FEDWB_KERNELS</c> is set to an unknown or unsupported value.</exception>
    public static string Description => ActivePath switch
    {
        KernelPath.Vector512 => "managed AVX-512 kernels (Vector512)",
        KernelPath.Vector256 => "managed AVX2+FMA kernels (Vector256)",
        _ => $"portable managed kernels (Vector<float> of {System.Numerics.Vector<float>.Count} lanes)",
    };

    /// <summary>The path the public kernel entry points run.</summary>
    /// <exception cref="InvalidOperationException"><c>FEDWB_KERNELS</c> is set to an unknown or unsupported value.</exception>
    internal static KernelPath ActivePath
    {
        get
        {
            // Both fields are static readonly, so optimized code folds this check and the read to constants.
            if (InvalidSettingMessage is not null)
            {
                ThrowInvalidSetting();
            }

            return Active;
        }
    }

    /// <summary>Whether this CPU can run <paramref name="path"/>.</summary>
    internal static bool IsSupported(KernelPath path) => path switch
    {
        KernelPath.Vector512 => Vector512.IsHardwareAccelerated && Avx512F.IsSupported,
        KernelPath.Vector256 => Avx2.IsSupported && Fma.IsSupported,
        _ => true,
    };

    /// <summary>Returns the lower-case name of <paramref name="path"/>, as <c>FEDWB_KERNELS</c> spells it.</summary>
    internal static string NameOf(KernelPath path) => path switch
    {
        KernelPath.Vector512 => "vector512",
        KernelPath.Vector256 => "vector256",
        _ => "portable",
    };

    /// <summary>
    /// Chooses the kernel path from the <c>FEDWB_KERNELS</c> value <paramref name="setting"/>: the fastest
    /// supported path when it is null or blank, else the named path (case-insensitive).
    /// </summary>
    /// <exception cref="ArgumentException">The value names no path, or a path this CPU cannot run.</exception>
    internal static KernelPath Resolve(string? setting, bool vector256Supported, bool vector512Supported)
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            if (vector512Supported)
            {
                return KernelPath.Vector512;
            }

            return vector256Supported ? KernelPath.Vector256 : KernelPath.Portable;
        }

        KernelPath path = setting.Trim().ToLowerInvariant() switch
        {
            "portable" => KernelPath.Portable,
            "vector256" => KernelPath.Vector256,
            "vector512" => KernelPath.Vector512,
            _ => throw new ArgumentException(
                $"{EnvironmentVariable}='{setting}' is not a kernel path. Use portable, vector256 or vector512, or unset it to pick the fastest path the CPU supports."),
        };

        bool supported = path switch
        {
            KernelPath.Vector512 => vector512Supported,
            KernelPath.Vector256 => vector256Supported,
            _ => true,
        };
        if (!supported)
        {
            string needs = path == KernelPath.Vector512 ? "AVX-512F" : "AVX2 and FMA";
            throw new ArgumentException(
                $"{EnvironmentVariable}='{setting}' needs {needs}, which this CPU does not support. Use portable{(vector256Supported ? " or vector256" : string.Empty)}, or unset it.");
        }

        return path;
    }

    private static void ThrowInvalidSetting() => throw new InvalidOperationException(InvalidSettingMessage);
}
