using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Simulation.Training.Checkpoints;

/// <summary>
/// The binary layout of <see cref="EngineCheckpoint.State"/>, all integers and floats little-endian:
/// <code>
/// magic "FWCK" | format version u32 | config fingerprint (32 bytes) | completed rounds i32 | parameters i32 |
/// clients i32 | section count i32 | sections | SHA-256 of everything before it (32 bytes)
/// section: tag (4 ASCII bytes) | payload length i64 | payload
/// </code>
/// </summary>
/// <remarks>
/// The fingerprint is the SHA-256 of the configuration's experiment JSON with the name removed, because the name
/// only labels logs. The sections are the ones the run lists, in its order, and <see cref="StateSection"/>
/// describes each payload.
/// </remarks>
internal static class CheckpointFormat
{
    /// <summary>
    /// The only format version this engine writes and reads. Version 2 stores the weights of layers with few
    /// outputs output-major (<see cref="Models.ModelLayout.IsOutputMajor"/>), so version 1 parameters would be misread.
    /// </summary>
    public const uint FormatVersion = 2;

    /// <summary>Bytes of the configuration fingerprint and of the trailing checksum (SHA-256).</summary>
    public const int HashBytes = SHA256.HashSizeInBytes;

    /// <summary>Bytes before the first section: magic, version, fingerprint and four int32 fields.</summary>
    public const int HeaderBytes = 4 + sizeof(uint) + HashBytes + (4 * sizeof(int));

    /// <summary>Bytes of a section's tag and payload length.</summary>
    public const int SectionHeaderBytes = sizeof(uint) + sizeof(long);

    /// <summary>Byte offset of the format version, for tests that change it.</summary>
    public const int VersionOffset = 4;

    private static ReadOnlySpan<byte> Magic => "FWCK"u8;

    /// <summary>Returns the tag of four ASCII characters as a little-endian uint32.</summary>
    public static uint TagOf(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        if (tag.Length != 4 || !Ascii.IsValid(tag))
        {
            throw new ArgumentException($"Section tag '{tag}' must be four ASCII characters.", nameof(tag));
        }

        Span<byte> bytes = stackalloc byte[4];
        Encoding.ASCII.GetBytes(tag, bytes);
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    /// <summary>Returns the SHA-256 of <paramref name="config"/>'s experiment JSON without its name.</summary>
    public static byte[] Fingerprint(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        string json = ExperimentJson.Serialize(config with { Name = null });
        return SHA256.HashData(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Returns the size in bytes of a checkpoint of <paramref name="sections"/>, without encoding it.</summary>
    public static long Measure(IReadOnlyList<StateSection> sections)
    {
        long size = HeaderBytes + HashBytes;
        foreach (StateSection section in sections)
        {
            size += SectionHeaderBytes + section.PayloadBytes;
        }

        return size;
    }

    /// <summary>
    /// Encodes <paramref name="sections"/> into a new array of exactly <paramref name="size"/> bytes, the value of
    /// <see cref="Measure"/>, and appends the checksum.
    /// </summary>
    public static byte[] Write(ReadOnlySpan<byte> fingerprint, CheckpointHeader header, IReadOnlyList<StateSection> sections, long size)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, Array.MaxLength);
        if (fingerprint.Length != HashBytes)
        {
            throw new ArgumentException($"The fingerprint has {fingerprint.Length} bytes; expected {HashBytes}.", nameof(fingerprint));
        }

        // Every byte is written below, so the array need not be zeroed first.
        byte[] state = GC.AllocateUninitializedArray<byte>((int)size);
        var writer = new CheckpointWriter(state);
        writer.WriteBytes(Magic);
        writer.WriteUInt32(FormatVersion);
        writer.WriteBytes(fingerprint);
        writer.WriteInt32(header.CompletedRounds);
        writer.WriteInt32(header.ParameterCount);
        writer.WriteInt32(header.ClientCount);
        writer.WriteInt32(sections.Count);
        foreach (StateSection section in sections)
        {
            long payloadBytes = section.PayloadBytes;
            writer.WriteUInt32(section.Tag);
            writer.WriteInt64(payloadBytes);
            int start = writer.Position;
            section.Write(ref writer);
            if (writer.Position - start != payloadBytes)
            {
                throw new InvalidOperationException(
                    $"Section {section.TagName} wrote {writer.Position - start} bytes but measured {payloadBytes}; the state changed during the checkpoint.");
            }
        }

        int bodyLength = state.Length - HashBytes;
        if (writer.Position != bodyLength)
        {
            throw new InvalidOperationException($"The checkpoint body has {writer.Position} bytes but was measured as {bodyLength}.");
        }

        SHA256.HashData(state.AsSpan(0, bodyLength), state.AsSpan(bodyLength));
        return state;
    }

    /// <summary>
    /// Checks everything about <paramref name="checkpoint"/> that does not need the run: the magic, the format
    /// version, the checksum, the round and the configuration. Returns its header. Throws
    /// <see cref="ExperimentException"/> with the reason and what to do.
    /// </summary>
    public static CheckpointHeader Verify(EngineCheckpoint checkpoint, ExperimentConfig config, ReadOnlySpan<byte> fingerprint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(config);
        ReadOnlySpan<byte> state = checkpoint.State;
        if (state.Length < HeaderBytes + HashBytes)
        {
            throw Damaged($"it has {state.Length:N0} bytes, fewer than the {HeaderBytes + HashBytes} of the smallest checkpoint");
        }

        if (!state.StartsWith(Magic))
        {
            throw new ExperimentException(
                "The data is not a FedWorkbench engine checkpoint, because it does not start with \"FWCK\". Resume from a checkpoint that this application stored.");
        }

        uint version = BinaryPrimitives.ReadUInt32LittleEndian(state[VersionOffset..]);
        if (version != FormatVersion)
        {
            throw new ExperimentException(string.Create(
                CultureInfo.InvariantCulture,
                $"The checkpoint has format version {version}, but this engine reads only version {FormatVersion}. Resume it with the FedWorkbench version that wrote it, or start the run again."));
        }

        int bodyLength = state.Length - HashBytes;
        Span<byte> checksum = stackalloc byte[HashBytes];
        SHA256.HashData(state[..bodyLength], checksum);
        if (!checksum.SequenceEqual(state[bodyLength..]))
        {
            throw Damaged("its SHA-256 checksum does not match its contents");
        }

        var reader = new CheckpointReader(state, VersionOffset + sizeof(uint));
        ReadOnlySpan<byte> storedFingerprint = reader.ReadBytes(HashBytes);
        var header = new CheckpointHeader(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
        if (header.CompletedRounds != checkpoint.CompletedRounds)
        {
            throw Invalid(string.Create(
                CultureInfo.InvariantCulture,
                $"its state was taken after round {header.CompletedRounds}, but it is labelled as taken after round {checkpoint.CompletedRounds}"));
        }

        if (header.CompletedRounds > config.Rounds)
        {
            throw new ExperimentException(string.Create(
                CultureInfo.InvariantCulture,
                $"The checkpoint was taken after round {header.CompletedRounds}, but the experiment has only {config.Rounds} rounds. Resume with the configuration the run started with."));
        }

        if (!storedFingerprint.SequenceEqual(fingerprint))
        {
            throw new ExperimentException(
                "The checkpoint belongs to another experiment configuration, so resuming would mix two runs. Resume with the configuration the run started with; only its name may differ.");
        }

        if (header.ClientCount != config.Clients)
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture, $"it contains {header.ClientCount:N0} clients, but the experiment has {config.Clients:N0}"));
        }

        return header;
    }

    /// <summary>
    /// Decodes the sections of a checkpoint that <see cref="Verify"/> accepted into <paramref name="sections"/>,
    /// which must be the run's sections in the run's order. Throws <see cref="ExperimentException"/> when the
    /// stored model size or sections differ from the run's.
    /// </summary>
    public static void ReadSections(EngineCheckpoint checkpoint, CheckpointHeader header, int parameterCount, IReadOnlyList<StateSection> sections)
    {
        if (header.ParameterCount != parameterCount)
        {
            throw new ExperimentException(string.Create(
                CultureInfo.InvariantCulture,
                $"The checkpoint contains a model of {header.ParameterCount:N0} parameters, but this run's model has {parameterCount:N0}. The dataset has probably changed since the checkpoint was taken, so start the run again."));
        }

        if (header.SectionCount != sections.Count)
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture, $"it has {header.SectionCount} sections, but this run keeps {sections.Count}"));
        }

        ReadOnlySpan<byte> state = checkpoint.State;
        var reader = new CheckpointReader(state[..^HashBytes], HeaderBytes);
        foreach (StateSection section in sections)
        {
            uint tag = reader.ReadUInt32();
            long payloadBytes = reader.ReadInt64();
            if (tag != section.Tag)
            {
                throw Invalid($"it has section {FormatTag(tag)} where this run keeps {section.TagName} ({section.Description})");
            }

            int start = reader.Position;
            section.Read(ref reader);
            if (reader.Position - start != payloadBytes)
            {
                throw Invalid(string.Create(
                    CultureInfo.InvariantCulture,
                    $"section {section.TagName} ({section.Description}) declares {payloadBytes:N0} bytes but holds {reader.Position - start:N0}"));
            }
        }

        if (reader.Remaining != 0)
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture, $"{reader.Remaining:N0} bytes follow its last section"));
        }
    }

    /// <summary>Returns the exception for a checkpoint whose contents were changed or cut after it was written.</summary>
    public static ExperimentException Damaged(string reason) =>
        new($"The checkpoint is damaged: {reason}. Resume from another checkpoint or start the run again.");

    /// <summary>Returns the exception for a checkpoint with an intact checksum whose contents do not fit this engine or run.</summary>
    public static ExperimentException Invalid(string reason) =>
        new($"The checkpoint cannot be restored, because {reason}. Resume from another checkpoint or start the run again.");

    private static string FormatTag(uint tag)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, tag);
        foreach (byte value in bytes)
        {
            if (value is < 0x20 or > 0x7E)
            {
                return string.Create(CultureInfo.InvariantCulture, $"0x{tag:X8}");
            }
        }

        return Encoding.ASCII.GetString(bytes);
    }
}

/// <summary>The fixed fields of a checkpoint after its fingerprint.</summary>
/// <param name="CompletedRounds">Rounds finished when the state was taken.</param>
/// <param name="ParameterCount">Parameters of the global model.</param>
/// <param name="ClientCount">Clients K of the experiment.</param>
/// <param name="SectionCount">Sections that follow the header.</param>
internal readonly record struct CheckpointHeader(int CompletedRounds, int ParameterCount, int ClientCount, int SectionCount);
