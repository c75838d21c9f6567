namespace FedWorkbench.Simulation.Privacy;

/// <summary>L2 clipping of a client update, the first step of every differential-privacy mechanism here.</summary>
internal static class UpdateClipping
{
    /// <summary>Returns the L2 norm ‖Δ‖ of <paramref name="update"/>, summed in float64.</summary>
    public static double L2Norm(ReadOnlySpan<float> update)
    {
        double squares = 0;
        foreach (float value in update)
        {
            squares += (double)value * value;
        }

        return Math.Sqrt(squares);
    }

    /// <summary>Returns the clip factor min(1, S/‖Δ‖); 1 when the norm is 0.</summary>
    public static double ClipFactor(double norm, double clipNorm) => norm > clipNorm ? clipNorm / norm : 1.0;

    /// <summary>
    /// Scales <paramref name="update"/> in place to Δ·min(1, S/‖Δ‖), so its L2 norm is at most S, and returns its
    /// norm before clipping.
    /// </summary>
    public static double ClipInPlace(Span<float> update, double clipNorm)
    {
        double norm = L2Norm(update);
        double factor = ClipFactor(norm, clipNorm);
        if (factor < 1.0)
        {
            for (int i = 0; i < update.Length; i++)
            {
                update[i] = (float)(update[i] * factor);
            }
        }

        return norm;
    }
}
