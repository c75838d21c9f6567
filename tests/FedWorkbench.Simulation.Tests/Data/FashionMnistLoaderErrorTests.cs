using FedWorkbench.Simulation.Data;

namespace FedWorkbench.Simulation.Tests.Data;

/// <summary>
/// The loader on small crafted files. Each error message must name the file, the problem and the fix.
/// </summary>
public sealed class FashionMnistLoaderErrorTests : IDisposable
{
    private const string FixHintStart = "Install the Debian package dataset-fashion-mnist (sudo apt-get install dataset-fashion-mnist)";

    private readonly IdxTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Load_MissingFile_NamesPathAndFix()
    {
        // Arrange: an empty folder.
        string expectedPath = Path.Combine(_folder.Path, FashionMnistLoader.TrainImagesFileName);

        // Act
        var error = Assert.Throws<ExperimentException>(() => FashionMnistLoader.Load(_folder.Path));

        // Assert
        Assert.Contains(expectedPath, error.Message);
        Assert.Contains("was not found", error.Message);
        Assert.Contains(FixHintStart, error.Message);
        Assert.Contains("Datasets:FashionMnistFolder", error.Message);
        Assert.Contains("--data-folder", error.Message);
    }

    [Fact]
    public void ReadImages_TruncatedPayload_ReportsBytesRead()
    {
        // Arrange: a correct header for 60,000 images followed by only 100 pixels.
        string path = _folder.WriteIdxGzip(
            FashionMnistLoader.TrainImagesFileName, [0x00000803, 60_000, 28, 28], new byte[100]);

        // Act
        var error = Assert.Throws<ExperimentException>(() => FashionMnistLoader.ReadImages(path, 60_000));

        // Assert: 16 header bytes + 100 pixels of 16 + 60,000 × 784 = 47,040,016 bytes.
        Assert.Contains(path, error.Message);
        Assert.Contains("ends after 116 of 47,040,016 bytes", error.Message);
        Assert.Contains(FixHintStart, error.Message);
    }

    [Fact]
    public void ReadLabels_TruncatedHeader_ReportsBytesRead()
    {
        // Arrange: only the magic number and half of the count field.
        string path = _folder.WriteIdxGzip(FashionMnistLoader.TrainLabelsFileName, [0x00000801], [0xEA, 0x60]);

        // Act
        var error = Assert.Throws<ExperimentException>(() => FashionMnistLoader.ReadLabels(path, 60_000));

        // Assert: 4 + 2 bytes of 8 + 60,000.
        Assert.Contains("ends after 6 of 60,008 bytes", error.Message);
    }

    [Fact]
    public void ReadImages_WrongMagic_NamesBothNumbers()
    {
        // Arrange: a labels header where an images header belongs.
        string path = _folder.WriteIdxGzip(FashionMnistLoader.TestImagesFileName, [0x00000801, 10_000, 28, 28], []);

        // Act
        var error = Assert.Throws<ExperimentException>(() => FashionMnistLoader.ReadImages(path, 10_000));

        // Assert
        Assert.Contains(path, error.Message);
        Assert.Contains("magic number 0x00000801, expected 0x00000803", error.Message);
        Assert.Contains(FixHintStart, error.Message);
    }

    [Fact]
    public void ReadLabels_WrongMagic_NamesBothNumbers()
    {
        // Arrange
        string path = _folder.WriteIdxGzip(FashionMnistLoader.TestLabelsFileName, [0x00000803, 10_000], []);

        // Act
        var error = Assert.Throws<ExperimentException>(() => FashionMnistLoader.ReadLabels(path, 10_000));

        // Assert
        Assert.Contains("magic number 0x00000803, expected 0x00000801", error.Message);
    }

    [Fact]
    public void ReadImages_NotGzip_SaysNotGzip()
    {
        // Arrange: the uncompressed idx bytes, as if someone had unpacked the file but kept the name.
        string path = _folder.WriteRaw(FashionMnistLoader.TrainImagesFileName, [0, 0, 8, 3, 0, 0, 0xEA, 0x60, 0, 0, 0, 28, 0, 0, 0, 28]);

        // Act
        var error = Assert.Throws<ExperimentException>(() => FashionMnistLoader.ReadImages(path, 60_000));

        // Assert
        Assert.Contains(path, error.Message);
        Assert.Contains("is damaged or not a gzip file", error.Message);
        Assert.Contains(FixHintStart, error.Message);
        Assert.IsType<InvalidDataException>(error.InnerException);
    }

    [Fact]
    public void ReadLabels_ChecksumMismatch_SaysDamaged()
    {
        // Arrange: a valid file with one bit of its CRC-32 flipped. The gzip trailer ends the file with the CRC-32
        // and then the length, 4 bytes each.
        string path = _folder.WriteIdxGzip(FashionMnistLoader.TrainLabelsFileName, [0x00000801, 1_000], RepeatingLabels(1_000));
        byte[] bytes = File.ReadAllBytes(path);
        bytes[^8] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        // Act
        var error = Assert.Throws<ExperimentException>(() => FashionMnistLoader.ReadLabels(path, 1_000));

        // Assert
        Assert.Contains(path, error.Message);
        Assert.Contains("is damaged or not a gzip file", error.Message);
        Assert.Contains(FixHintStart, error.Message);
    }

    [Fact]
    public void ReadLabels_TruncatedCompressedFile_ReportsBytesRead()
    {
        // Arrange: a valid file cut in half, as an interrupted download leaves it.
        string path = _folder.WriteIdxGzip(FashionMnistLoader.TrainLabelsFileName, [0x00000801, 1_000], RepeatingLabels(1_000));
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        // Act
        var error = Assert.Throws<ExperimentException>(() => FashionMnistLoader.ReadLabels(path, 1_000));

        // Assert: .NET's GZipStream ends the stream early instead of raising, so the length check reports it.
        Assert.Contains(path, error.Message);
        Assert.Contains("ends after ", error.Message);
        Assert.Contains(" of 1,008 bytes", error.Message);
        Assert.Contains(FixHintStart, error.Message);
    }

    [Fact]
    public void ReadLabels_WrongCount_NamesBothCounts()
    {
        // Arrange: a complete file of 5 labels where 60,000 belong.
        string path = _folder.WriteIdxGzip(FashionMnistLoader.TrainLabelsFileName, [0x00000801, 5], [0, 1, 2, 3, 4]);

        // Act
        var error = Assert.Throws<ExperimentException>(() => FashionMnistLoader.ReadLabels(path, 60_000));

        // Assert
        Assert.Contains(path, error.Message);
        Assert.Contains("contains 5 labels, expected 60,000", error.Message);
    }

    [Fact]
    public void ReadImages_WrongCount_NamesBothCounts()
    {
        // Arrange
        string path = _folder.WriteIdxGzip(FashionMnistLoader.TestImagesFileName, [0x00000803, 60_000, 28, 28], []);

        // Act
        var error = Assert.Throws<ExperimentException>(() => FashionMnistLoader.ReadImages(path, 10_000));

        // Assert
        Assert.Contains("contains 60,000 images, expected 10,000", error.Message);
    }

    [Fact]
    public void ReadImages_WrongDimensions_NamesBothSizes()
    {
        // Arrange: CIFAR-sized images.
        string path = _folder.WriteIdxGzip(FashionMnistLoader.TestImagesFileName, [0x00000803, 2, 32, 32], new byte[2 * 32 * 32]);

        // Act
        var error = Assert.Throws<ExperimentException>(() => FashionMnistLoader.ReadImages(path, 2));

        // Assert
        Assert.Contains("contains images of 32×32 pixels, expected 28×28", error.Message);
    }

    [Fact]
    public void ReadLabels_LabelOutOfRange_NamesLabelAndIndex()
    {
        // Arrange
        string path = _folder.WriteIdxGzip(FashionMnistLoader.TestLabelsFileName, [0x00000801, 3], [9, 0, 12]);

        // Act
        var error = Assert.Throws<ExperimentException>(() => FashionMnistLoader.ReadLabels(path, 3));

        // Assert
        Assert.Contains("invalid label 12 at index 2", error.Message);
        Assert.Contains("[0, 10)", error.Message);
    }

    [Fact]
    public void ReadLabels_TrailingData_Throws()
    {
        // Arrange: the header says 3 labels, but 4 follow.
        string path = _folder.WriteIdxGzip(FashionMnistLoader.TestLabelsFileName, [0x00000801, 3], [1, 2, 3, 4]);

        // Act
        var error = Assert.Throws<ExperimentException>(() => FashionMnistLoader.ReadLabels(path, 3));

        // Assert: 8 header bytes + 3 labels.
        Assert.Contains("continues past the expected 11 bytes", error.Message);
    }

    [Fact]
    public void ReadImages_SmallValidFile_ScalesPixels()
    {
        // Arrange: two images whose pixels run through 0..255 and then repeat.
        byte[] pixels = Enumerable.Range(0, 2 * 784).Select(i => (byte)(i % 256)).ToArray();
        string path = _folder.WriteIdxGzip(FashionMnistLoader.TestImagesFileName, [0x00000803, 2, 28, 28], pixels);

        // Act
        float[] features = FashionMnistLoader.ReadImages(path, 2);

        // Assert: each value equals byte / 255 as torchvision's ToTensor computes it.
        Assert.Equal(pixels.Length, features.Length);
        for (int i = 0; i < pixels.Length; i++)
        {
            Assert.Equal(pixels[i] / 255f, features[i]);
        }
    }

    [Fact]
    public void ScalePixels_VectorAndTail_EqualDivision()
    {
        // Arrange: every byte value, plus 7 more so that the scalar tail after the 32-byte vectors runs too.
        byte[] pixels = Enumerable.Range(0, 256 + 7).Select(i => (byte)(255 - i % 256)).ToArray();
        float[] scaled = new float[pixels.Length];

        // Act
        FashionMnistLoader.ScalePixels(pixels, scaled);

        // Assert
        for (int i = 0; i < pixels.Length; i++)
        {
            Assert.Equal(pixels[i] / 255f, scaled[i]);
        }
    }

    private static byte[] RepeatingLabels(int count) => Enumerable.Range(0, count).Select(i => (byte)(i * 7 % 10)).ToArray();
}
