namespace FedWorkbench.Simulation.Privacy;

/// <summary>
/// log(1 + x) and eˣ − 1 accurate for x near 0. In .NET 10, <c>double.LogP1</c> and <c>double.ExpM1</c> lose
/// digits there: <c>double.LogP1(1e-10)</c> is wrong in the 8th digit, and both return 0 for 1e-17.
/// </summary>
internal static class PreciseMath
{
    /// <summary>Returns log(1 + x) for x &gt; −1 (Goldberg 1991: log(u)·x/(u − 1) with u = 1 + x rounded).</summary>
    public static double Log1P(double x)
    {
        double u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>Returns eˣ − 1 (Kahan's correction: (u − 1)·x/log(u) with u = eˣ rounded).</summary>
    public static double ExpM1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }

        double uMinus1 = u - 1.0;
        if (uMinus1 == -1.0 || double.IsPositiveInfinity(u))
        {
            return uMinus1;
        }

        return uMinus1 * x / Math.Log(u);
    }
}
