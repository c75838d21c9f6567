using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FedWorkbench.Simulation.Training;

/// <summary>
/// Server-side aggregation of Federated Averaging (McMahan et al. 2017, "Communication-Efficient Learning of
/// Deep Networks from Decentralized Data"): the new global model is the mean of the client models weighted by
/// their sample counts, θ = Σ_k (n_k / n)·θ_k with n = Σ_k n_k.
/// </summary>
/// <remarks>
/// Sums run in float64 and in the order the caller adds updates, so the result does not depend on which thread
/// trained which client.
/// </remarks>
public static class FedAvg
{
    /// <summary>
    /// Checks a client update before aggregation and returns why it must be rejected, or null when it is
    /// acceptable: the length must match the model, every value must be finite, and the weight must be positive.
    /// </summary>
    /// <remarks>
    /// The round checks the delta Δ_k = θ_k − θ after any attack and compression, as the server receives it.
    /// Checks run in the order length, weight, values, and the reason names the first that fails.
    /// </remarks>
    /// <param name="update">The client's update, a delta or a model laid out like the parameters.</param>
    /// <param name="expectedLength">The model's parameter count P.</param>
    /// <param name="weight">The client's aggregation weight, its sample count n_k.</param>
    public static string? FindRejectionReason(ReadOnlySpan<float> update, int expectedLength, double weight) =>
        FindRejectionReason(update, expectedLength, weight, valuesKnownFinite: false);

    /// <summary>
    /// Checks a client update like <see cref="FindRejectionReason(ReadOnlySpan{float}, int, double)"/>, but skips
    /// the pass over the values when <paramref name="valuesKnownFinite"/> is true because an earlier pass found them finite.
    /// </summary>
    internal static string? FindRejectionReason(ReadOnlySpan<float> update, int expectedLength, double weight, bool valuesKnownFinite)
    {
        if (update.Length != expectedLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the update has {update.Length} parameters, expected {expectedLength}");
        }

        if (!(weight > 0) || !double.IsFinite(weight))
        {
            return string.Create(CultureInfo.InvariantCulture, $"the update's weight {weight} is not a positive finite number");
        }

        int index = valuesKnownFinite ? -1 : IndexOfNonFinite(update);
        if (index >= 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"parameter {index} is {update[index]}, not a finite number");
        }

        return null;
    }

    /// <summary>Adds one weighted update to the running sum: sum[i] += weight·θ_k[i].</summary>
    /// <remarks>
    /// The vector and scalar loops round identically, because both widen θ_k[i] to float64 exactly and then
    /// multiply and add without fusing.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AccumulateWeighted(Span<double> sum, ReadOnlySpan<float> update, double weight)
    {
        if (sum.Length != update.Length)
        {
            throw new ArgumentException($"The sum has {sum.Length} values but the update has {update.Length}.", nameof(update));
        }

        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var weights = new Vector<double>(weight);
            ReadOnlySpan<Vector<float>> updateVectors = MemoryMarshal.Cast<float, Vector<float>>(update);
            Span<Vector<double>> sumVectors = MemoryMarshal.Cast<double, Vector<double>>(sum);
            for (int v = 0; v < updateVectors.Length; v++)
            {
                Vector.Widen(updateVectors[v], out Vector<double> low, out Vector<double> high);
                sumVectors[2 * v] += weights * low;
                sumVectors[(2 * v) + 1] += weights * high;
            }

            i = updateVectors.Length * Vector<float>.Count;
        }

        for (; i < sum.Length; i++)
        {
            sum[i] += weight * update[i];
        }
    }

    /// <summary>
    /// Adds one weighted delta formed on the fly, sum[i] += weight·(model[i] − global[i]), and returns whether
    /// every difference was finite.
    /// </summary>
    /// <remarks>
    /// Each difference is rounded to float32 before it is widened, so the sum gets the same bits as
    /// <see cref="AccumulateWeighted"/> given the delta model − global. A non-finite difference still reaches
    /// the sum, so a caller that gets false discards it.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool AccumulateWeightedDifference(Span<double> sum, ReadOnlySpan<float> model, ReadOnlySpan<float> global, double weight)
    {
        if (model.Length != sum.Length || global.Length != sum.Length)
        {
            throw new ArgumentException(
                $"The sum has {sum.Length} values, but the model has {model.Length} and the global model {global.Length}.", nameof(model));
        }

        int i = 0;
        bool finite = true;
        if (Vector512.IsHardwareAccelerated)
        {
            // Twice the width of Vector<T> halves the instructions, which matters when the models are in the cache.
            ref float modelStart = ref MemoryMarshal.GetReference(model);
            ref float globalStart = ref MemoryMarshal.GetReference(global);
            ref double sumStart = ref MemoryMarshal.GetReference(sum);
            var weights = Vector512.Create(weight);
            var check = Vector512<float>.Zero;
            for (; i <= sum.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                // d − d is +0 for a finite d and NaN otherwise, so check stays 0 exactly when all are finite.
                Vector512<float> difference = Vector512.LoadUnsafe(ref modelStart, (nuint)i) - Vector512.LoadUnsafe(ref globalStart, (nuint)i);
                check += difference - difference;
                (Vector512<double> low, Vector512<double> high) = Vector512.Widen(difference);
                nuint middle = (nuint)(i + Vector512<double>.Count);
                Vector512.StoreUnsafe(Vector512.LoadUnsafe(ref sumStart, (nuint)i) + (weights * low), ref sumStart, (nuint)i);
                Vector512.StoreUnsafe(Vector512.LoadUnsafe(ref sumStart, middle) + (weights * high), ref sumStart, middle);
            }

            finite = check == Vector512<float>.Zero;
        }
        else if (Vector.IsHardwareAccelerated)
        {
            var weights = new Vector<double>(weight);
            var check = Vector<float>.Zero;
            ReadOnlySpan<Vector<float>> modelVectors = MemoryMarshal.Cast<float, Vector<float>>(model);
            ReadOnlySpan<Vector<float>> globalVectors = MemoryMarshal.Cast<float, Vector<float>>(global);
            Span<Vector<double>> sumVectors = MemoryMarshal.Cast<double, Vector<double>>(sum);
            for (int v = 0; v < modelVectors.Length; v++)
            {
                Vector<float> difference = modelVectors[v] - globalVectors[v];
                check += difference - difference;
                Vector.Widen(difference, out Vector<double> low, out Vector<double> high);
                sumVectors[2 * v] += weights * low;
                sumVectors[(2 * v) + 1] += weights * high;
            }

            finite = Vector.EqualsAll(check, Vector<float>.Zero);
            i = modelVectors.Length * Vector<float>.Count;
        }

        for (; i < sum.Length; i++)
        {
            float difference = model[i] - global[i];
            finite &= float.IsFinite(difference);
            sum[i] += weight * difference;
        }

        return finite;
    }

    /// <summary>Writes the weighted mean θ[i] = sum[i] / totalWeight, rounded to float32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WriteWeightedMean(ReadOnlySpan<double> sum, double totalWeight, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalWeight);
        if (sum.Length != destination.Length)
        {
            throw new ArgumentException($"The sum has {sum.Length} values but the destination has {destination.Length}.", nameof(destination));
        }

        double inverse = 1.0 / totalWeight;
        for (int i = 0; i < sum.Length; i++)
        {
            destination[i] = (float)(sum[i] * inverse);
        }
    }

    /// <summary>Returns the index of the first NaN or infinity in <paramref name="values"/>, or −1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        int start = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // x − x is +0 for a finite x and NaN for NaN or ±∞, so a block of four vectors is finite exactly
            // when the sum of x − x over it is 0. The scalar loop below finds the index inside the first block
            // that fails.
            ReadOnlySpan<Vector<float>> vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
            int blockVectors = 4 * (vectors.Length / 4);
            for (int v = 0; v < blockVectors; v += 4)
            {
                Vector<float> sum = (vectors[v] - vectors[v]) + (vectors[v + 1] - vectors[v + 1])
                    + ((vectors[v + 2] - vectors[v + 2]) + (vectors[v + 3] - vectors[v + 3]));
                if (!Vector.EqualsAll(sum, Vector<float>.Zero))
                {
                    break;
                }

                start = (v + 4) * Vector<float>.Count;
            }
        }

        for (int i = start; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
