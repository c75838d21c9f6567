using System.Text;

namespace FedWorkbench.Data.Tests;

/// <summary>Builds CSV tables from text written in a test.</summary>
internal static class CsvTestFiles
{
    /// <summary>Returns the UTF-8 bytes of <paramref name="text"/> as a stream.</summary>
    public static MemoryStream Stream(string text) => new(Encoding.UTF8.GetBytes(text));

    /// <summary>Reads <paramref name="text"/> as an uploaded file.</summary>
    public static CsvTable Read(string text, char? delimiter = null) => CsvTableReader.Read(Stream(text), delimiter);

    /// <summary>Joins <paramref name="lines"/> with LF and ends the file with one.</summary>
    public static string Lines(params string[] lines) => string.Join('\n', lines) + "\n";
}

/// <summary>A stream that reports neither its length nor seeking, as an upload read from the network does.</summary>
internal sealed class UnseekableStream(Stream inner) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
