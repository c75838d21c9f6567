using FedWorkbench.Simulation.Privacy;

namespace FedWorkbench.Simulation.Tests.Privacy;

public class NormalDistributionTests
{
    /// <summary>Reference values printed by CPython 3.11's math.erfc, which is accurate to a few ulps.</summary>
    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.1, 0.8875370839817152)]
    [InlineData(0.5, 0.4795001221869535)]
    [InlineData(0.999, 0.15771472979350307)]
    [InlineData(1.0, 0.15729920705028513)]
    [InlineData(1.001, 0.15688451452192373)]
    [InlineData(1.5, 0.033894853524689274)]
    [InlineData(1.999, 0.004698443348629488)]
    [InlineData(2.0, 0.004677734981047265)]
    [InlineData(2.5, 0.0004069520174449589)]
    [InlineData(3.0, 2.2090496998585438e-05)]
    [InlineData(5.0, 1.5374597944280351e-12)]
    [InlineData(10.0, 2.088487583762545e-45)]
    [InlineData(20.0, 5.3958656116079005e-176)]
    [InlineData(-1.0, 1.842700792949715)]
    [InlineData(-3.0, 1.9999779095030015)]
    public void Erfc_MatchesReference(double x, double expected)
    {
        double actual = NormalDistribution.Erfc(x);

        Assert.True(Math.Abs(actual - expected) <= 1e-13 * expected, $"erfc({x}) = {actual:R}, expected {expected:R} within a relative 1e-13.");
    }

    [Theory]
    [InlineData(20.0)]
    [InlineData(30.0)]
    [InlineData(100.0)]
    public void LogErfc_FarTail_MatchesAsymptoticSeries(double x)
    {
        // log erfc(x) = −x² − log(x√π) + log(1 − 1/(2x²) + 3/(4x⁴) − 15/(8x⁶) + 105/(16x⁸) − …); the first
        // omitted term is below 1e-13 relative for x ≥ 20.
        double x2 = x * x;
        double series = 1 - 1 / (2 * x2) + 3 / (4 * x2 * x2) - 15 / (8 * x2 * x2 * x2) + 105 / (16 * x2 * x2 * x2 * x2);
        double expected = -x2 - Math.Log(x * Math.Sqrt(Math.PI)) + Math.Log(series);

        double actual = NormalDistribution.LogErfc(x);

        Assert.True(Math.Abs(actual - expected) <= 1e-12 * Math.Abs(expected), $"log erfc({x}) = {actual:R}, expected {expected:R}.");
    }

    [Fact]
    public void LogErfc_BeyondUnderflow_StaysFinite()
    {
        Assert.Equal(0.0, NormalDistribution.Erfc(30.0));
        Assert.True(double.IsFinite(NormalDistribution.LogErfc(30.0)));
    }

    [Fact]
    public void Erfc_AcrossMethodSwitch_IsContinuous()
    {
        double below = NormalDistribution.Erfc(Math.BitDecrement(1.0));
        double at = NormalDistribution.Erfc(1.0);

        Assert.True(Math.Abs(below - at) <= 1e-14 * at, $"erfc just below 1 is {below:R}, at 1 it is {at:R}.");
    }

    /// <summary>Reference values printed by CPython 3.11 as 0.5·math.erfc(−x/√2).</summary>
    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.0, 0.8413447460685429)]
    [InlineData(-1.959963984540054, 0.02500000000000002)]
    [InlineData(-5.0, 2.866515718791946e-07)]
    public void Cdf_MatchesReference(double x, double expected)
    {
        double actual = NormalDistribution.Cdf(x);

        Assert.True(Math.Abs(actual - expected) <= 1e-12 * expected, $"Φ({x}) = {actual:R}, expected {expected:R}.");
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(2.7)]
    [InlineData(6.0)]
    public void Cdf_IsSymmetric(double x)
    {
        Assert.Equal(1.0, NormalDistribution.Cdf(x) + NormalDistribution.Cdf(-x), 14);
    }

    [Fact]
    public void LogCdf_DeepLeftTail_MatchesLogErfc()
    {
        double x = -60.0;

        double actual = NormalDistribution.LogCdf(x);

        Assert.True(double.IsFinite(actual));
        Assert.Equal(Math.Log(0.5) + NormalDistribution.LogErfc(-x / Math.Sqrt(2)), actual, 12);
    }
}
