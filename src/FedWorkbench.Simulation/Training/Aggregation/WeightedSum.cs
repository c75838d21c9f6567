namespace FedWorkbench.Simulation.Training.Aggregation;

/// <summary>
/// A float64 running sum Σ_k w_k·Δ_k over updates, added in parallel over chunks of parameters.
/// </summary>
/// <remarks>
/// Each parameter receives its terms in the order <see cref="Add"/> is called, whichever thread handles its
/// chunk, so the sum is bit-identical for any degree of parallelism.
/// </remarks>
internal sealed class WeightedSum
{
    /// <summary>Parameters per chunk: 4,096 float64 sums, 32 KiB, stay in the L1 or L2 cache.</summary>
    private const int ChunkLength = 4_096;

    private readonly double[] _sum;

    /// <summary>Creates a zero sum of <paramref name="length"/> values.</summary>
    public WeightedSum(int length)
    {
        _sum = new double[length];
    }

    /// <summary>Sets every value to zero.</summary>
    public void Clear() => Array.Clear(_sum);

    /// <summary>Adds <paramref name="weight"/>·<paramref name="update"/> to the sum.</summary>
    public void Add(float[] update, double weight, ParallelOptions parallelOptions)
    {
        int length = _sum.Length;
        int chunkCount = (length + ChunkLength - 1) / ChunkLength;
        Parallel.For(0, chunkCount, parallelOptions, chunk =>
        {
            int start = chunk * ChunkLength;
            int count = Math.Min(ChunkLength, length - start);
            FedAvg.AccumulateWeighted(_sum.AsSpan(start, count), update.AsSpan(start, count), weight);
        });
    }

    /// <summary>Writes sum[i]·<paramref name="scale"/>, rounded to float32, to <paramref name="destination"/>.</summary>
    public void WriteScaled(double scale, Span<float> destination)
    {
        for (int i = 0; i < _sum.Length; i++)
        {
            destination[i] = (float)(_sum[i] * scale);
        }
    }
}
