using System.Buffers;
using System.Text;
using FedWorkbench.Simulation;

namespace FedWorkbench.Data;

/// <summary>Reads an uploaded file's bytes within <see cref="CsvLimits.MaxFileBytes"/> and decodes them as UTF-8.</summary>
internal static class CsvText
{
    /// <summary>
    /// Reads <paramref name="stream"/> to its end and returns its text without a UTF-8 byte order mark. Throws
    /// <see cref="ExperimentException"/> when the file is empty, larger than the limit or not valid UTF-8.
    /// </summary>
    public static string Read(Stream stream)
    {
        byte[] bytes = ReadBytes(stream);
        if (bytes.Length == 0)
        {
            throw new ExperimentException("The file is empty. Upload a CSV file with a header line and at least one data row.");
        }

        ReadOnlySpan<byte> content = bytes.AsSpan();
        if (content is [0xEF, 0xBB, 0xBF, ..])
        {
            content = content[3..];
        }

        CheckUtf8(content);
        CheckNoNulBytes(content);
        return Encoding.UTF8.GetString(content);
    }

    /// <summary>
    /// Rejects NUL bytes, which no text file contains: they mark UTF-16 without a byte order mark, or a binary file
    /// that happens to be valid UTF-8.
    /// </summary>
    private static void CheckNoNulBytes(ReadOnlySpan<byte> content)
    {
        int nul = content.IndexOf((byte)0);
        if (nul < 0)
        {
            return;
        }

        int line = 1 + CountLineBreaks(content[..nul]);
        throw new ExperimentException(
            $"Line {line} contains a NUL byte (byte offset {nul}), which a text file does not have. The file is probably " +
            "UTF-16 or not a CSV file at all; save it as \"CSV UTF-8\".");
    }

    private static byte[] ReadBytes(Stream stream)
    {
        if (stream.CanSeek && stream.Length - stream.Position > CsvLimits.MaxFileBytes)
        {
            throw TooLarge(stream.Length - stream.Position);
        }

        // Reading stops as soon as more than the limit has arrived, so a stream of unknown length that is too large
        // is not read to its end.
        using var buffer = new MemoryStream();
        byte[] chunk = ArrayPool<byte>.Shared.Rent(81_920);
        try
        {
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > CsvLimits.MaxFileBytes)
                {
                    throw TooLarge(null);
                }
            }
        }
        catch (IOException ex)
        {
            throw new ExperimentException($"The file could not be read: {ex.Message} Upload it again.", ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    private static ExperimentException TooLarge(long? length)
    {
        string size = length is long bytes ? $" ({CsvFormat.Number(bytes)} bytes)" : string.Empty;
        return new ExperimentException(
            $"The file is larger than {CsvLimits.MaxFileBytes / (1024 * 1024)} MiB{size}. " +
            "Upload fewer rows or columns, for example a sample of the rows.");
    }

    /// <summary>Throws with the line number of the first byte sequence that is not valid UTF-8.</summary>
    private static void CheckUtf8(ReadOnlySpan<byte> content)
    {
        if (System.Text.Unicode.Utf8.IsValid(content))
        {
            return;
        }

        if (content is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
        {
            throw new ExperimentException(
                "The file is encoded as UTF-16, but only UTF-8 is accepted. Save it again as \"CSV UTF-8\".");
        }

        int offset = 0;
        while (offset < content.Length)
        {
            OperationStatus status = Rune.DecodeFromUtf8(content[offset..], out _, out int consumed);
            if (status != OperationStatus.Done)
            {
                break;
            }

            offset += consumed;
        }

        int line = 1 + CountLineBreaks(content[..offset]);
        throw new ExperimentException(
            $"Line {line} is not valid UTF-8 (byte 0x{content[offset]:X2} at byte offset {offset}). The file is probably " +
            "in another encoding, such as Windows-1252 or Latin-1. Save it again as \"CSV UTF-8\".");
    }

    /// <summary>Counts line breaks: LF, CR LF and a CR alone each end one line.</summary>
    private static int CountLineBreaks(ReadOnlySpan<byte> content)
    {
        int breaks = 0;
        for (int i = 0; i < content.Length; i++)
        {
            if (content[i] == (byte)'\n' || (content[i] == (byte)'\r' && (i + 1 == content.Length || content[i + 1] != (byte)'\n')))
            {
                breaks++;
            }
        }

        return breaks;
    }
}
