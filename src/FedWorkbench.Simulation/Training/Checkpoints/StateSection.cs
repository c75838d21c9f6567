using System.Globalization;

namespace FedWorkbench.Simulation.Training.Checkpoints;

/// <summary>
/// One piece of state that a run carries from round to round, such as the global model or a strategy's moments,
/// with its checkpoint encoding. A section wraps the live arrays of its owner, so it is built once per run and
/// reads the current values whenever a checkpoint is written.
/// </summary>
internal abstract class StateSection
{
    protected StateSection(string tag, string description)
    {
        ArgumentException.ThrowIfNullOrEmpty(description);
        Tag = CheckpointFormat.TagOf(tag);
        TagName = tag;
        Description = description;
    }

    /// <summary>Four ASCII characters as a little-endian uint32, which identify the section in the blob.</summary>
    public uint Tag { get; }

    /// <summary>The four characters of <see cref="Tag"/>.</summary>
    public string TagName { get; }

    /// <summary>What the section contains, for messages: "the global model".</summary>
    public string Description { get; }

    /// <summary>Size of the encoded payload in bytes, computed without encoding it.</summary>
    public abstract long PayloadBytes { get; }

    /// <summary>Returns <see cref="Description"/> with the current extent of the state, for the skipped-checkpoint reason.</summary>
    public virtual string Describe() => Description;

    /// <summary>Encodes the current values; writes exactly <see cref="PayloadBytes"/> bytes.</summary>
    public abstract void Write(ref CheckpointWriter writer);

    /// <summary>Decodes a payload into the owner's arrays. Throws <see cref="ExperimentException"/> when its shape differs from the run's.</summary>
    public abstract void Read(ref CheckpointReader reader);

    /// <summary>Throws <see cref="ExperimentException"/> unless the stored value count equals the run's.</summary>
    protected void CheckCount(int stored, int expected)
    {
        if (stored != expected)
        {
            throw CheckpointFormat.Invalid(string.Create(
                CultureInfo.InvariantCulture, $"section {TagName} ({Description}) has {stored:N0} values, but this run has {expected:N0}"));
        }
    }
}

/// <summary>A dense float32 vector, such as the global model.</summary>
internal sealed class FloatVectorSection(string tag, string description, float[] values) : StateSection(tag, description)
{
    /// <inheritdoc/>
    public override long PayloadBytes => sizeof(int) + ((long)sizeof(float) * values.Length);

    /// <inheritdoc/>
    public override void Write(ref CheckpointWriter writer)
    {
        writer.WriteInt32(values.Length);
        writer.WriteFloats(values);
    }

    /// <inheritdoc/>
    public override void Read(ref CheckpointReader reader)
    {
        CheckCount(reader.ReadInt32(), values.Length);
        reader.ReadFloats(values);
    }
}

/// <summary>A dense float64 vector, such as a server optimizer's moment.</summary>
internal sealed class DoubleVectorSection(string tag, string description, double[] values) : StateSection(tag, description)
{
    /// <inheritdoc/>
    public override long PayloadBytes => sizeof(int) + ((long)sizeof(double) * values.Length);

    /// <inheritdoc/>
    public override void Write(ref CheckpointWriter writer)
    {
        writer.WriteInt32(values.Length);
        writer.WriteDoubles(values);
    }

    /// <inheritdoc/>
    public override void Read(ref CheckpointReader reader)
    {
        CheckCount(reader.ReadInt32(), values.Length);
        reader.ReadDoubles(values);
    }
}

/// <summary>One float64 value kept in a field of its owner, read and written through delegates.</summary>
internal sealed class DoubleValueSection(string tag, string description, Func<double> read, Action<double> write) : StateSection(tag, description)
{
    /// <inheritdoc/>
    public override long PayloadBytes => sizeof(double);

    /// <inheritdoc/>
    public override void Write(ref CheckpointWriter writer) => writer.WriteDouble(read());

    /// <inheritdoc/>
    public override void Read(ref CheckpointReader reader) => write(reader.ReadDouble());
}

/// <summary>
/// Per-client float32 vectors that are allocated when a client first needs one, such as SCAFFOLD's control
/// variates or top-k residuals. Only allocated clients are written, each as its index and its values, in
/// ascending client order, so a checkpoint grows with the clients that took part and not with K.
/// </summary>
internal sealed class ClientVectorsSection(string tag, string description, float[]?[] rows, int vectorLength) : StateSection(tag, description)
{
    /// <summary>Clients whose vector is allocated.</summary>
    public int AllocatedCount
    {
        get
        {
            int count = 0;
            foreach (float[]? row in rows)
            {
                if (row is not null)
                {
                    count++;
                }
            }

            return count;
        }
    }

    /// <inheritdoc/>
    public override long PayloadBytes => (2 * sizeof(int)) + (AllocatedCount * (sizeof(int) + ((long)sizeof(float) * vectorLength)));

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"{Description} of {AllocatedCount:N0} clients");

    /// <inheritdoc/>
    public override void Write(ref CheckpointWriter writer)
    {
        writer.WriteInt32(vectorLength);
        writer.WriteInt32(AllocatedCount);
        for (int client = 0; client < rows.Length; client++)
        {
            if (rows[client] is { } row)
            {
                writer.WriteInt32(client);
                writer.WriteFloats(row);
            }
        }
    }

    /// <inheritdoc/>
    public override void Read(ref CheckpointReader reader)
    {
        CheckCount(reader.ReadInt32(), vectorLength);
        int count = reader.ReadInt32();
        if (count < 0 || count > rows.Length)
        {
            throw CheckpointFormat.Invalid(string.Create(
                CultureInfo.InvariantCulture, $"section {TagName} ({Description}) lists {count:N0} clients, but this run has {rows.Length:N0}"));
        }

        Array.Clear(rows);
        int previous = -1;
        for (int i = 0; i < count; i++)
        {
            int client = reader.ReadInt32();
            if (client <= previous || client >= rows.Length)
            {
                throw CheckpointFormat.Invalid(string.Create(
                    CultureInfo.InvariantCulture,
                    $"section {TagName} ({Description}) lists client {client} after client {previous}, but clients must be ascending and below {rows.Length:N0}"));
            }

            var row = new float[vectorLength];
            reader.ReadFloats(row);
            rows[client] = row;
            previous = client;
        }
    }
}
