using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace FedWorkbench.Simulation.Training.Checkpoints;

/// <summary>Writes little-endian values into a checkpoint buffer of a size measured in advance.</summary>
internal ref struct CheckpointWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    public CheckpointWriter(Span<byte> buffer)
    {
        _buffer = buffer;
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Position => _position;

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer[_position..], value);
        _position += sizeof(uint);
    }

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer[_position..], value);
        _position += sizeof(int);
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer[_position..], value);
        _position += sizeof(long);
    }

    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer[_position..], value);
        _position += sizeof(double);
    }

    public void WriteBytes(ReadOnlySpan<byte> values)
    {
        values.CopyTo(_buffer[_position..]);
        _position += values.Length;
    }

    /// <summary>Writes the bit patterns of <paramref name="values"/>, NaN payloads included.</summary>
    public void WriteFloats(ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            WriteBytes(MemoryMarshal.AsBytes(values));
            return;
        }

        foreach (float value in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(_buffer[_position..], value);
            _position += sizeof(float);
        }
    }

    /// <summary>Writes the bit patterns of <paramref name="values"/>, NaN payloads included.</summary>
    public void WriteDoubles(ReadOnlySpan<double> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            WriteBytes(MemoryMarshal.AsBytes(values));
            return;
        }

        foreach (double value in values)
        {
            WriteDouble(value);
        }
    }
}

/// <summary>
/// Reads little-endian values from a checkpoint whose checksum was verified. Reading past the end throws
/// <see cref="ExperimentException"/>, because a blob with a valid checksum and a wrong layout was written by other
/// code, not damaged in storage.
/// </summary>
internal ref struct CheckpointReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public CheckpointReader(ReadOnlySpan<byte> buffer, int position = 0)
    {
        _buffer = buffer;
        _position = position;
    }

    /// <summary>Bytes read so far, counted from the start of the buffer.</summary>
    public readonly int Position => _position;

    /// <summary>Bytes left to read.</summary>
    public readonly int Remaining => _buffer.Length - _position;

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(sizeof(uint)));

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(sizeof(int)));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(sizeof(long)));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(sizeof(double)));

    public ReadOnlySpan<byte> ReadBytes(int count) => Take(count);

    /// <summary>Fills <paramref name="values"/> with the next <c>values.Length</c> float32 bit patterns.</summary>
    public void ReadFloats(Span<float> values)
    {
        ReadOnlySpan<byte> bytes = Take(checked(values.Length * sizeof(float)));
        if (BitConverter.IsLittleEndian)
        {
            bytes.CopyTo(MemoryMarshal.AsBytes(values));
            return;
        }

        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
        }
    }

    /// <summary>Fills <paramref name="values"/> with the next <c>values.Length</c> float64 bit patterns.</summary>
    public void ReadDoubles(Span<double> values)
    {
        ReadOnlySpan<byte> bytes = Take(checked(values.Length * sizeof(double)));
        if (BitConverter.IsLittleEndian)
        {
            bytes.CopyTo(MemoryMarshal.AsBytes(values));
            return;
        }

        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes[(i * sizeof(double))..]);
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw CheckpointFormat.Invalid($"it ends after {_buffer.Length:N0} bytes, in the middle of a value at byte {_position:N0}");
        }

        ReadOnlySpan<byte> bytes = _buffer.Slice(_position, count);
        _position += count;
        return bytes;
    }
}
