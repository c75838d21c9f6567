using System.Buffers.Binary;
using System.IO.Compression;

namespace FedWorkbench.Simulation.Tests.Data;

/// <summary>A temporary folder for crafted idx files; deleted on dispose.</summary>
internal sealed class IdxTestFolder : IDisposable
{
    public IdxTestFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fedwb-idx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Writes a gzip file holding an idx header of big-endian integers followed by <paramref name="payload"/>.</summary>
    public string WriteIdxGzip(string fileName, int[] header, byte[] payload)
    {
        string path = System.IO.Path.Combine(Path, fileName);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        Span<byte> value = stackalloc byte[4];
        foreach (int field in header)
        {
            BinaryPrimitives.WriteInt32BigEndian(value, field);
            gzip.Write(value);
        }

        gzip.Write(payload);
        return path;
    }

    /// <summary>Writes <paramref name="content"/> as is, without compression.</summary>
    public string WriteRaw(string fileName, byte[] content)
    {
        string path = System.IO.Path.Combine(Path, fileName);
        File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless; the test result matters more.
        }
    }
}
