using FedWorkbench.Simulation.Data;

namespace FedWorkbench.Simulation.Tests.Data;

/// <summary>Loads the installed Fashion-MNIST once for every test in <see cref="FashionMnistLoaderTests"/>.</summary>
public sealed class InstalledFashionMnist
{
    public InstalledFashionMnist()
    {
        Dataset = FashionMnistLoader.Load(DatasetCatalog.DefaultFashionMnistFolder);
    }

    public Dataset Dataset { get; }
}

/// <summary>
/// Reads the real files of the Debian package <c>dataset-fashion-mnist</c>, which must be installed in
/// <see cref="DatasetCatalog.DefaultFashionMnistFolder"/>.
/// </summary>
public sealed class FashionMnistLoaderTests(InstalledFashionMnist installed) : IClassFixture<InstalledFashionMnist>
{
    private readonly Dataset _dataset = installed.Dataset;

    [Fact]
    public void Load_InstalledFiles_HasExpectedShapes()
    {
        // Act: the fixture loaded the files.

        // Assert
        Assert.Equal("Fashion-MNIST", _dataset.Name);
        Assert.Equal(28 * 28, _dataset.FeatureCount);
        Assert.Equal(10, _dataset.ClassCount);
        Assert.Equal(60_000, _dataset.Train.Count);
        Assert.Equal(10_000, _dataset.Test.Count);
        Assert.Equal(60_000 * 784, _dataset.Train.Features.Length);
        Assert.Equal(10_000 * 784, _dataset.Test.Features.Length);
        Assert.Equal("T-shirt/top", _dataset.ClassNames[0]);
        Assert.Equal("Ankle boot", _dataset.ClassNames[9]);
    }

    [Fact]
    public void Load_InstalledFiles_IsClassBalanced()
    {
        // Arrange
        int[] trainCounts = new int[10];
        int[] testCounts = new int[10];

        // Act
        foreach (byte label in _dataset.Train.Labels)
        {
            trainCounts[label]++;
        }

        foreach (byte label in _dataset.Test.Labels)
        {
            testCounts[label]++;
        }

        // Assert: Fashion-MNIST has 60,000 / 10 = 6,000 training and 10,000 / 10 = 1,000 test images per class.
        Assert.All(trainCounts, count => Assert.Equal(6_000, count));
        Assert.All(testCounts, count => Assert.Equal(1_000, count));
    }

    [Fact]
    public void Load_InstalledFiles_PixelsSpanUnitInterval()
    {
        // Act
        float trainMin = float.MaxValue, trainMax = float.MinValue;
        foreach (float value in _dataset.Train.Features)
        {
            trainMin = Math.Min(trainMin, value);
            trainMax = Math.Max(trainMax, value);
        }

        float testMin = float.MaxValue, testMax = float.MinValue;
        foreach (float value in _dataset.Test.Features)
        {
            testMin = Math.Min(testMin, value);
            testMax = Math.Max(testMax, value);
        }

        // Assert: raw pixels span 0..255, so 0/255 and 255/255 both occur.
        Assert.Equal(0f, trainMin);
        Assert.Equal(1f, trainMax);
        Assert.Equal(0f, testMin);
        Assert.Equal(1f, testMax);
    }

    [Fact]
    public void Load_InstalledFiles_MeanPixelMatchesPublishedValue()
    {
        // Act
        double sum = 0;
        foreach (float value in _dataset.Train.Features)
        {
            sum += value;
        }

        double mean = sum / _dataset.Train.Features.Length;

        // Assert: the mean training pixel of Fashion-MNIST after scaling to [0, 1] is 0.2860, the constant commonly
        // used to normalize it. A wrong scale or a misread header offset would move it.
        Assert.Equal(0.2860, mean, 0.0005);
    }

    [Fact]
    public void FilesExist_InstalledFolder_ReturnsTrue()
    {
        // Act
        bool exists = FashionMnistLoader.FilesExist(DatasetCatalog.DefaultFashionMnistFolder);

        // Assert
        Assert.True(exists);
    }
}
