using System.Numerics;
using System.Runtime.InteropServices;

namespace FedWorkbench.Simulation.Training.Aggregation;

/// <summary>
/// Krum scores (Blanchard et al. 2017, "Machine Learning with Adversaries: Byzantine Tolerant Gradient
/// Descent"): the score of update i is the sum of its squared Euclidean distances to its closest neighbours
/// among the candidates; lower is better.
/// </summary>
internal static class KrumSelection
{
    /// <summary>
    /// Returns the symmetric n×n matrix of squared distances ‖u_i − u_j‖² in float64, computed in parallel over
    /// pairs. Each pair is summed by one thread in a fixed order, so the matrix is the same for any thread count.
    /// </summary>
    public static double[,] SquaredDistances(IReadOnlyList<float[]> updates, ParallelOptions parallelOptions)
    {
        int count = updates.Count;
        var distances = new double[count, count];
        var pairs = new List<(int First, int Second)>(count * (count - 1) / 2);
        for (int i = 0; i < count; i++)
        {
            for (int j = i + 1; j < count; j++)
            {
                pairs.Add((i, j));
            }
        }

        Parallel.For(0, pairs.Count, parallelOptions, p =>
        {
            (int i, int j) = pairs[p];
            double distance = SquaredDistance(updates[i], updates[j]);
            distances[i, j] = distance;
            distances[j, i] = distance;
        });
        return distances;
    }

    /// <summary>Returns ‖a − b‖² summed in float64: the vector lanes first, then the lanes and the tail in index order.</summary>
    public static double SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"The vectors have {a.Length} and {b.Length} values.", nameof(b));
        }

        int i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> aVectors = MemoryMarshal.Cast<float, Vector<float>>(a);
            ReadOnlySpan<Vector<float>> bVectors = MemoryMarshal.Cast<float, Vector<float>>(b);
            Vector<double> lanes = Vector<double>.Zero;
            for (int v = 0; v < aVectors.Length; v++)
            {
                Vector.Widen(aVectors[v], out Vector<double> aLow, out Vector<double> aHigh);
                Vector.Widen(bVectors[v], out Vector<double> bLow, out Vector<double> bHigh);
                Vector<double> low = aLow - bLow;
                Vector<double> high = aHigh - bHigh;
                lanes += (low * low) + (high * high);
            }

            for (int lane = 0; lane < Vector<double>.Count; lane++)
            {
                sum += lanes[lane];
            }

            i = aVectors.Length * Vector<float>.Count;
        }

        for (; i < a.Length; i++)
        {
            double difference = (double)a[i] - b[i];
            sum += difference * difference;
        }

        return sum;
    }

    /// <summary>
    /// Returns the <paramref name="take"/> candidates with the lowest Krum scores, best first; ties go to the
    /// update added earlier.
    /// </summary>
    /// <param name="distances">Squared distances between all updates of the round.</param>
    /// <param name="candidates">Indices of the updates that compete; scores count neighbours among them only.</param>
    /// <param name="neighbours">Closest other candidates summed into each score: n − f − 2 for Krum.</param>
    /// <param name="take">Candidates to return.</param>
    public static int[] SelectBest(double[,] distances, IReadOnlyList<int> candidates, int neighbours, int take)
    {
        var scored = new (double Score, int Index)[candidates.Count];
        var others = new double[Math.Max(0, candidates.Count - 1)];
        for (int c = 0; c < candidates.Count; c++)
        {
            int index = candidates[c];
            int o = 0;
            foreach (int other in candidates)
            {
                if (other != index)
                {
                    others[o++] = distances[index, other];
                }
            }

            Array.Sort(others);
            double score = 0;
            for (int k = 0; k < Math.Min(neighbours, others.Length); k++)
            {
                score += others[k];
            }

            scored[c] = (score, index);
        }

        Array.Sort(scored);
        return scored.Take(take).Select(s => s.Index).ToArray();
    }
}
