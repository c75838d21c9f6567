using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Models;
using FedWorkbench.Simulation.Randomness;

namespace FedWorkbench.Benchmarks.Kernels;

/// <summary>Model shapes and input data shared by the benchmarks.</summary>
internal static class BenchmarkData
{
    /// <summary>Seed of the random parameters and of the random images used when Fashion-MNIST is missing.</summary>
    public const int Seed = 7;

    /// <summary>The 2NN of McMahan et al. (2017): 784-200-200-10, 199,210 parameters.</summary>
    public static ModelLayout TwoLayerNetwork { get; } = new([784, 200, 200, 10]);

    /// <summary>Softmax regression on 28×28 images: 784-10.</summary>
    public static ModelLayout Softmax { get; } = new([784, 10]);

    private static readonly Lazy<(DataSplit Split, string Source)> TestImages = new(LoadTestImages);

    /// <summary>
    /// The 10,000 Fashion-MNIST test images from <see cref="DatasetCatalog.DefaultFashionMnistFolder"/>, or, when
    /// that folder lacks the files, 10,000 random 784-pixel images with values in [0, 1) and random labels.
    /// </summary>
    public static DataSplit Images => TestImages.Value.Split;

    /// <summary>Describes where <see cref="Images"/> came from.</summary>
    public static string ImagesSource => TestImages.Value.Source;

    /// <summary>Returns an array on the pinned object heap, so a pointer to it stays valid.</summary>
    public static float[] Pinned(int length) => GC.AllocateArray<float>(length, pinned: true);

    /// <summary>Returns the address of the first element of an array allocated by <see cref="Pinned"/>.</summary>
    public static unsafe float* AddressOf(float[] pinnedArray) =>
        (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinnedArray));

    /// <summary>Returns pinned parameters of <paramref name="layout"/> initialized as the engine does.</summary>
    public static float[] PinnedParameters(ModelLayout layout)
    {
        float[] parameters = Pinned(layout.ParameterCount);
        ModelInitializer.Create(layout, Seed).CopyTo(parameters, 0);
        return parameters;
    }

    /// <summary>Fills <paramref name="values"/> with uniform values in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static void FillUniform(Span<float> values, float low, float high, int stream)
    {
        var random = new SeededRandom(Seed, stream);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = low + ((high - low) * (float)random.NextDouble());
        }
    }

    private static (DataSplit Split, string Source) LoadTestImages()
    {
        string folder = DatasetCatalog.DefaultFashionMnistFolder;
        if (FashionMnistLoader.FilesExist(folder))
        {
            float[] features = FashionMnistLoader.ReadImages(
                Path.Combine(folder, FashionMnistLoader.TestImagesFileName), FashionMnistLoader.TestCount);
            byte[] labels = FashionMnistLoader.ReadLabels(
                Path.Combine(folder, FashionMnistLoader.TestLabelsFileName), FashionMnistLoader.TestCount);
            return (new DataSplit(features, labels, FashionMnistLoader.FeatureCount), $"Fashion-MNIST test images from {folder}");
        }

        var randomFeatures = new float[FashionMnistLoader.TestCount * FashionMnistLoader.FeatureCount];
        FillUniform(randomFeatures, 0f, 1f, stream: 1);
        var randomLabels = new byte[FashionMnistLoader.TestCount];
        var random = new SeededRandom(Seed, 2);
        for (int i = 0; i < randomLabels.Length; i++)
        {
            randomLabels[i] = (byte)random.NextInt(10);
        }

        return (
            new DataSplit(randomFeatures, randomLabels, FashionMnistLoader.FeatureCount),
            $"random images of the Fashion-MNIST test set's shape, because {folder} lacks the Fashion-MNIST files");
    }
}
