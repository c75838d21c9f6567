using FedWorkbench.Simulation.Data;

namespace FedWorkbench.Data.Tests.Baselines;

/// <summary>Seeded synthetic datasets for the baseline tests.</summary>
internal static class BlobData
{
    /// <summary>
    /// Creates Gaussian blobs: sample i has class i mod C, and its features are N(0, 1) each, plus
    /// <paramref name="separation"/> on feature c for class c, so <paramref name="features"/> must be at least
    /// <paramref name="classes"/>. Classes are balanced in both splits.
    /// </summary>
    public static Dataset Create(int classes, int features, int trainCount, int testCount, double separation, int seed)
    {
        var random = new Random(seed);
        string[] classNames = Enumerable.Range(0, classes).Select(c => $"class {c}").ToArray();
        return new Dataset(
            "blobs",
            features,
            classNames,
            CreateSplit(random, classes, features, trainCount, separation),
            CreateSplit(random, classes, features, testCount, separation));
    }

    /// <summary>Returns <paramref name="dataset"/> with its test labels shuffled, so they no longer belong to their features.</summary>
    public static Dataset WithShuffledTestLabels(Dataset dataset, int seed)
    {
        byte[] labels = dataset.Test.Labels.ToArray();
        new Random(seed).Shuffle(labels);
        var test = new DataSplit(dataset.Test.Features.ToArray(), labels, dataset.FeatureCount);
        return new Dataset(dataset.Name, dataset.FeatureCount, dataset.ClassNames, dataset.Train, test);
    }

    private static DataSplit CreateSplit(Random random, int classes, int features, int count, double separation)
    {
        var values = new float[count * features];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            int label = i % classes;
            labels[i] = (byte)label;
            for (int j = 0; j < features; j++)
            {
                double mean = j == label ? separation : 0;
                values[(i * features) + j] = (float)(mean + Gaussian(random));
            }
        }

        return new DataSplit(values, labels, features);
    }

    /// <summary>Draws N(0, 1) by the Box–Muller transform.</summary>
    private static double Gaussian(Random random)
    {
        double u = 1 - random.NextDouble();
        double v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}
