using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Simulation.Training;

/// <summary>Formulas behind the per-round metrics that do not need a model: bytes sent and client accuracy statistics.</summary>
internal static class RoundMetrics
{
    /// <summary>Values per quantization bucket; each bucket also sends its float32 minimum and maximum.</summary>
    public const int QuantizationBucket = 512;

    /// <summary>Bytes the server sends one selected client: 4·P·(1 + extra vectors), float32 values.</summary>
    /// <param name="parameterCount">Model parameters P.</param>
    /// <param name="extraVectorsDown">Model-sized vectors the strategy sends besides the model (SCAFFOLD: 1).</param>
    public static long BytesDownPerClient(int parameterCount, int extraVectorsDown) =>
        sizeof(float) * (long)parameterCount * (1 + extraVectorsDown);

    /// <summary>
    /// Bytes one reporting client sends: its compressed update plus 4·P per uncompressed extra vector.
    /// </summary>
    /// <remarks>
    /// The update takes 4·P bytes without compression, ⌈P·b/8⌉ + 8·⌈P/512⌉ with b-bit quantization (b values
    /// per coordinate plus a float32 minimum and maximum per bucket of 512), and 8·k with top-k, where
    /// k = max(1, ⌈f·P⌉) and each kept value sends an int32 index and a float32 value.
    /// </remarks>
    public static long BytesUpPerClient(CompressionKind compression, double topKFraction, int parameterCount, int extraVectorsUp)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parameterCount);
        long p = parameterCount;
        long buckets = (p + QuantizationBucket - 1) / QuantizationBucket;
        long update = compression switch
        {
            CompressionKind.None => sizeof(float) * p,
            CompressionKind.Q8 => p + (2 * sizeof(float) * buckets),
            CompressionKind.Q4 => ((p * 4) + 7) / 8 + (2 * sizeof(float) * buckets),
            CompressionKind.TopK => (sizeof(int) + sizeof(float)) * TopKCount(topKFraction, parameterCount),
            _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "Choose none, q8, q4 or topk."),
        };

        return update + (sizeof(float) * p * extraVectorsUp);
    }

    /// <summary>Returns k = max(1, ⌈f·P⌉), the coordinates that top-k sparsification keeps.</summary>
    public static long TopKCount(double fraction, int parameterCount) =>
        Math.Max(1L, (long)Math.Ceiling(fraction * parameterCount));

    /// <summary>
    /// Summarizes per-client accuracies: their mean, population standard deviation and the mean of the worst
    /// ⌈10%⌉ of them (at least one). Returns null when there are none.
    /// </summary>
    public static ClientAccuracySummary? SummarizeClientAccuracy(ReadOnlySpan<double> accuracies)
    {
        int count = accuracies.Length;
        if (count == 0)
        {
            return null;
        }

        double sum = 0;
        foreach (double accuracy in accuracies)
        {
            sum += accuracy;
        }

        double mean = sum / count;
        double squares = 0;
        foreach (double accuracy in accuracies)
        {
            squares += (accuracy - mean) * (accuracy - mean);
        }

        double[] sorted = accuracies.ToArray();
        Array.Sort(sorted);
        int worstCount = (count + 9) / 10;
        double worstSum = 0;
        for (int i = 0; i < worstCount; i++)
        {
            worstSum += sorted[i];
        }

        return new ClientAccuracySummary(count, mean, Math.Sqrt(squares / count), worstSum / worstCount);
    }
}
