using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Partitioning;
using FedWorkbench.Simulation.Randomness;

namespace FedWorkbench.Simulation.Tests.Training;

/// <summary>Small datasets and partitions built in memory, so engine tests need no files.</summary>
internal static class InMemoryData
{
    /// <summary>
    /// Creates Gaussian blobs: class c has its mean drawn from N(0, separation²) per feature and samples drawn
    /// around it with unit variance.
    /// </summary>
    public static Dataset CreateBlobs(int classes, int features, int trainCount, int testCount, int seed, double separation = 1.5)
    {
        var random = new SeededRandom(seed, 99);
        var means = new double[classes, features];
        for (int c = 0; c < classes; c++)
        {
            for (int f = 0; f < features; f++)
            {
                means[c, f] = separation * random.NextGaussian();
            }
        }

        DataSplit CreateSplit(int count, ref SeededRandom random)
        {
            var values = new float[count * features];
            var labels = new byte[count];
            for (int i = 0; i < count; i++)
            {
                int label = i % classes;
                labels[i] = (byte)label;
                for (int f = 0; f < features; f++)
                {
                    values[(i * features) + f] = (float)(means[label, f] + random.NextGaussian());
                }
            }

            return new DataSplit(values, labels, features);
        }

        DataSplit train = CreateSplit(trainCount, ref random);
        DataSplit test = CreateSplit(testCount, ref random);
        string[] names = Enumerable.Range(0, classes).Select(c => $"class {c}").ToArray();
        return new Dataset("blobs", features, names, train, test);
    }

    /// <summary>Deals the shuffled training samples round-robin to <paramref name="clients"/> clients.</summary>
    public static ClientPartition SplitIid(int sampleCount, int clients, int seed)
    {
        var order = Enumerable.Range(0, sampleCount).ToArray();
        var random = new SeededRandom(seed, 98);
        random.Shuffle(order.AsSpan());
        var indices = new List<int>[clients];
        for (int client = 0; client < clients; client++)
        {
            indices[client] = [];
        }

        for (int i = 0; i < order.Length; i++)
        {
            indices[i % clients].Add(order[i]);
        }

        return new ClientPartition(indices.Select(list => list.ToArray()).ToArray());
    }

    /// <summary>Returns random floats drawn from N(0, scale²).</summary>
    public static float[] RandomValues(int count, int seed, double scale = 1.0)
    {
        var random = new SeededRandom(seed, 97);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)(scale * random.NextGaussian());
        }

        return values;
    }
}
