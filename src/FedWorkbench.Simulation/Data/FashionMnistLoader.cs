using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FedWorkbench.Simulation.Data;

/// <summary>
/// Reads Fashion-MNIST (Xiao et al. 2017) from the four gzip-compressed idx files that the Debian package
/// <c>dataset-fashion-mnist</c> installs: 60,000 training and 10,000 test images of 28×28 grey pixels in 10
/// classes.
/// </summary>
/// <remarks>
/// Pixels are scaled to [0, 1] by dividing by 255, as torchvision's <c>ToTensor</c> does, so that accuracy is
/// comparable with a plain PyTorch training loop. No mean/std normalization is applied.
/// </remarks>
public static class FashionMnistLoader
{
    /// <summary>File name of the training images.</summary>
    public const string TrainImagesFileName = "train-images-idx3-ubyte.gz";

    /// <summary>File name of the training labels.</summary>
    public const string TrainLabelsFileName = "train-labels-idx1-ubyte.gz";

    /// <summary>File name of the test images.</summary>
    public const string TestImagesFileName = "t10k-images-idx3-ubyte.gz";

    /// <summary>File name of the test labels.</summary>
    public const string TestLabelsFileName = "t10k-labels-idx1-ubyte.gz";

    /// <summary>Number of training images.</summary>
    public const int TrainCount = 60_000;

    /// <summary>Number of test images.</summary>
    public const int TestCount = 10_000;

    /// <summary>Height and width of an image in pixels.</summary>
    public const int ImageSide = 28;

    /// <summary>Number of features per sample: one per pixel.</summary>
    public const int FeatureCount = ImageSide * ImageSide;

    /// <summary>The idx magic number of an unsigned-byte tensor with 3 dimensions (images).</summary>
    internal const int ImagesMagic = 0x00000803;

    /// <summary>The idx magic number of an unsigned-byte tensor with 1 dimension (labels).</summary>
    internal const int LabelsMagic = 0x00000801;

    internal const int ImagesHeaderLength = 16;
    internal const int LabelsHeaderLength = 8;

    /// <summary>What a user does about a missing or damaged file; appended to every load error.</summary>
    internal const string FixHint =
        "Install the Debian package dataset-fashion-mnist (sudo apt-get install dataset-fashion-mnist) or point the " +
        "setting Datasets:FashionMnistFolder (web app) or --data-folder (fedwb) at a folder that holds the four files.";

    /// <summary>Class names indexed by label, as the dataset's authors name them.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
    [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ];

    /// <summary>The four file names, in the order training images, training labels, test images, test labels.</summary>
    public static IReadOnlyList<string> FileNames { get; } =
        [TrainImagesFileName, TrainLabelsFileName, TestImagesFileName, TestLabelsFileName];

    // value / 255f for each byte value, used for the pixels after the last whole vector. Float32 division is what
    // torchvision's ToTensor applies, so the values match it exactly.
    private static readonly float[] PixelScale = CreatePixelScale();

    /// <summary>Returns whether all four files exist in <paramref name="folder"/>. Does not read them.</summary>
    public static bool FilesExist(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return FileNames.All(name => File.Exists(Path.Combine(folder, name)));
    }

    /// <summary>
    /// Reads and checks the four files in <paramref name="folder"/>. Throws <see cref="ExperimentException"/> when a
    /// file is missing, unreadable, not gzip, truncated or contains unexpected values. The message names the file,
    /// the problem and how to fix it.
    /// </summary>
    public static Dataset Load(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);

        DataSplit train = LoadSplit(folder, TrainImagesFileName, TrainLabelsFileName, TrainCount);
        DataSplit test = LoadSplit(folder, TestImagesFileName, TestLabelsFileName, TestCount);
        return new Dataset("Fashion-MNIST", FeatureCount, ClassNames, train, test);
    }

    private static DataSplit LoadSplit(string folder, string imagesFileName, string labelsFileName, int expectedCount)
    {
        float[] features = ReadImages(Path.Combine(folder, imagesFileName), expectedCount);
        byte[] labels = ReadLabels(Path.Combine(folder, labelsFileName), expectedCount);
        return new DataSplit(features, labels, FeatureCount);
    }

    /// <summary>
    /// Reads an idx3 images file holding exactly <paramref name="expectedCount"/> 28×28 images and returns the
    /// pixels scaled to [0, 1], row-major.
    /// </summary>
    internal static float[] ReadImages(string path, int expectedCount)
    {
        long expectedLength = ImagesHeaderLength + (long)expectedCount * FeatureCount;
        return ReadIdxFile(path, expectedLength, stream =>
        {
            Span<byte> header = stackalloc byte[ImagesHeaderLength];
            ReadHeader(stream, header, path, expectedLength);

            CheckMagic(path, BinaryPrimitives.ReadInt32BigEndian(header), ImagesMagic);
            CheckCount(path, "images", BinaryPrimitives.ReadInt32BigEndian(header[4..]), expectedCount);
            int rows = BinaryPrimitives.ReadInt32BigEndian(header[8..]);
            int columns = BinaryPrimitives.ReadInt32BigEndian(header[12..]);
            if (rows != ImageSide || columns != ImageSide)
            {
                throw Invalid(path, $"contains images of {rows}×{columns} pixels, expected {ImageSide}×{ImageSide}.");
            }

            // Decompress in chunks and scale each chunk straight into the result, so the only large allocation is
            // the float array itself.
            var features = new float[(long)expectedCount * FeatureCount];
            byte[] chunk = new byte[1 << 16];
            long filled = 0;
            while (filled < features.LongLength)
            {
                int chunkLength = (int)Math.Min(chunk.Length, features.LongLength - filled);
                int read = stream.ReadAtLeast(chunk.AsSpan(0, chunkLength), chunkLength, throwOnEndOfStream: false);
                ScalePixels(chunk.AsSpan(0, read), features.AsSpan((int)filled, read));
                filled += read;
                if (read < chunkLength)
                {
                    throw Truncated(path, ImagesHeaderLength + filled, expectedLength);
                }
            }

            CheckEndOfData(stream, path, expectedLength);
            return features;
        });
    }

    /// <summary>Reads an idx1 labels file holding exactly <paramref name="expectedCount"/> labels in [0, 10).</summary>
    internal static byte[] ReadLabels(string path, int expectedCount)
    {
        long expectedLength = LabelsHeaderLength + (long)expectedCount;
        return ReadIdxFile(path, expectedLength, stream =>
        {
            Span<byte> header = stackalloc byte[LabelsHeaderLength];
            ReadHeader(stream, header, path, expectedLength);

            CheckMagic(path, BinaryPrimitives.ReadInt32BigEndian(header), LabelsMagic);
            CheckCount(path, "labels", BinaryPrimitives.ReadInt32BigEndian(header[4..]), expectedCount);

            var labels = new byte[expectedCount];
            int read = stream.ReadAtLeast(labels, labels.Length, throwOnEndOfStream: false);
            if (read < labels.Length)
            {
                throw Truncated(path, LabelsHeaderLength + read, expectedLength);
            }

            int classCount = ClassNames.Count;
            int invalid = labels.AsSpan().IndexOfAnyInRange((byte)classCount, byte.MaxValue);
            if (invalid >= 0)
            {
                throw Invalid(path, $"contains the invalid label {labels[invalid]} at index {Number(invalid)}. Labels must be in [0, {classCount}).");
            }

            CheckEndOfData(stream, path, expectedLength);
            return labels;
        });
    }

    /// <summary>
    /// Opens <paramref name="path"/> as gzip and runs <paramref name="parse"/> on the decompressed stream,
    /// translating I/O and format errors into <see cref="ExperimentException"/>.
    /// </summary>
    private static T ReadIdxFile<T>(string path, long expectedLength, Func<Stream, T> parse)
    {
        if (!File.Exists(path))
        {
            throw new ExperimentException($"The Fashion-MNIST file {path} was not found. {FixHint}");
        }

        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            return parse(gzip);
        }
        catch (InvalidDataException ex)
        {
            // GZipStream raises InvalidDataException for a missing gzip header, a damaged deflate stream or a
            // checksum mismatch.
            throw new ExperimentException(
                $"The Fashion-MNIST file {path} is damaged or not a gzip file (the decompressor reported: {ex.Message}). " +
                $"Its decompressed content should be {Number(expectedLength)} bytes. {FixHint}",
                ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ExperimentException($"The Fashion-MNIST file {path} could not be read: {ex.Message} {FixHint}", ex);
        }
    }

    private static void ReadHeader(Stream stream, Span<byte> header, string path, long expectedLength)
    {
        int read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (read < header.Length)
        {
            throw Truncated(path, read, expectedLength);
        }
    }

    private static void CheckMagic(string path, int actual, int expected)
    {
        if (actual != expected)
        {
            throw Invalid(path, $"starts with magic number 0x{actual:X8}, expected 0x{expected:X8}.");
        }
    }

    private static void CheckCount(string path, string itemKind, int actual, int expected)
    {
        if (actual != expected)
        {
            throw Invalid(path, $"contains {Number(actual)} {itemKind}, expected {Number(expected)}.");
        }
    }

    private static void CheckEndOfData(Stream stream, string path, long expectedLength)
    {
        Span<byte> probe = stackalloc byte[1];
        if (stream.Read(probe) > 0)
        {
            throw Invalid(path, $"continues past the expected {Number(expectedLength)} bytes of decompressed content.");
        }
    }

    /// <summary>Writes pixel / 255 for every pixel. The vector path gives the same floats as the scalar one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ScalePixels(ReadOnlySpan<byte> pixels, Span<float> destination)
    {
        if (destination.Length < pixels.Length)
        {
            throw new ArgumentException("The destination is shorter than the pixels.", nameof(destination));
        }

        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // Widen 32 bytes to four vectors of 8 ints, convert exactly to float and divide. IEEE division rounds the
            // same way in vector and scalar code, so the result equals value / 255f.
            Vector256<float> divisor = Vector256.Create(255f);
            for (; i <= pixels.Length - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                Vector256<byte> bytes = Vector256.Create(pixels.Slice(i, Vector256<byte>.Count));
                (Vector256<ushort> low, Vector256<ushort> high) = Vector256.Widen(bytes);
                (Vector256<uint> first, Vector256<uint> second) = Vector256.Widen(low);
                (Vector256<uint> third, Vector256<uint> fourth) = Vector256.Widen(high);

                int count = Vector256<float>.Count;
                (Vector256.ConvertToSingle(first.AsInt32()) / divisor).CopyTo(destination.Slice(i, count));
                (Vector256.ConvertToSingle(second.AsInt32()) / divisor).CopyTo(destination.Slice(i + count, count));
                (Vector256.ConvertToSingle(third.AsInt32()) / divisor).CopyTo(destination.Slice(i + 2 * count, count));
                (Vector256.ConvertToSingle(fourth.AsInt32()) / divisor).CopyTo(destination.Slice(i + 3 * count, count));
            }
        }

        float[] scale = PixelScale;
        for (; i < pixels.Length; i++)
        {
            destination[i] = scale[pixels[i]];
        }
    }

    private static float[] CreatePixelScale()
    {
        var scale = new float[256];
        for (int value = 0; value < scale.Length; value++)
        {
            scale[value] = value / 255f;
        }

        return scale;
    }

    private static ExperimentException Truncated(string path, long actualLength, long expectedLength) =>
        Invalid(path, $"ends after {Number(actualLength)} of {Number(expectedLength)} bytes of decompressed content.");

    private static ExperimentException Invalid(string path, string problem) =>
        new($"The Fashion-MNIST file {path} {problem} {FixHint}");

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
