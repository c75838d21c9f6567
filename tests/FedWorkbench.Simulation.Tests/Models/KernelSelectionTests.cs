using FedWorkbench.Simulation.Models;

namespace FedWorkbench.Simulation.Tests.Models;

/// <summary>Checks how a <c>FEDWB_KERNELS</c> value and the CPU's instruction sets choose the kernel path.</summary>
public sealed class KernelSelectionTests
{
    [Theory]
    [InlineData(false, false, "portable")]
    [InlineData(true, false, "vector256")]
    [InlineData(true, true, "vector512")]
    public void Resolve_Unset_PicksFastestSupported(bool vector256, bool vector512, string expected)
    {
        Assert.Equal(expected, KernelSelection.NameOf(KernelSelection.Resolve(null, vector256, vector512)));
        Assert.Equal(expected, KernelSelection.NameOf(KernelSelection.Resolve("  ", vector256, vector512)));
    }

    [Theory]
    [InlineData("portable", "portable")]
    [InlineData("vector256", "vector256")]
    [InlineData(" Vector512 ", "vector512")]
    public void Resolve_NamedPath_ForcesIt(string setting, string expected)
    {
        KernelPath path = KernelSelection.Resolve(setting, vector256Supported: true, vector512Supported: true);

        Assert.Equal(expected, KernelSelection.NameOf(path));
    }

    [Theory]
    [InlineData("avx2")]
    [InlineData("vector128")]
    [InlineData("fast")]
    public void Resolve_UnknownValue_NamesValueAndChoices(string setting)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => KernelSelection.Resolve(setting, true, true));

        Assert.Contains($"FEDWB_KERNELS='{setting}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("portable, vector256 or vector512", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_UnsupportedPath_NamesMissingInstructions()
    {
        ArgumentException avx512 = Assert.Throws<ArgumentException>(() => KernelSelection.Resolve("vector512", true, false));
        ArgumentException avx2 = Assert.Throws<ArgumentException>(() => KernelSelection.Resolve("vector256", false, false));

        Assert.Contains("FEDWB_KERNELS='vector512' needs AVX-512F", avx512.Message, StringComparison.Ordinal);
        Assert.Contains("portable or vector256", avx512.Message, StringComparison.Ordinal);
        Assert.Contains("FEDWB_KERNELS='vector256' needs AVX2 and FMA", avx2.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("or vector256", avx2.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ActivePath_Unforced_IsSupportedAndNamed()
    {
        // The test process leaves FEDWB_KERNELS unset unless a developer forces a path, which must then be supported too.
        Assert.True(KernelSelection.IsSupported(KernelSelection.ActivePath));
        Assert.Equal(KernelSelection.NameOf(KernelSelection.ActivePath), KernelSelection.Name);
        Assert.Contains(KernelSelection.Name, KernelSelection.Description, StringComparison.OrdinalIgnoreCase);
    }
}
