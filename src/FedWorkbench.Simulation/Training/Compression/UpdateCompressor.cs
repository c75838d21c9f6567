using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Training.Checkpoints;

namespace FedWorkbench.Simulation.Training.Compression;

/// <summary>
/// Uplink compression of a client delta: replaces the delta by what the server decodes and counts the encoded
/// bytes. Calls for different clients may run on different threads at once.
/// </summary>
internal abstract class UpdateCompressor
{
    /// <summary>Creates the scheme <see cref="ExperimentConfig.Compression"/> names.</summary>
    public static UpdateCompressor Create(ExperimentConfig config, int parameterCount, int clientCount)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parameterCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clientCount);
        return config.Compression switch
        {
            CompressionKind.None => new NoCompression(),
            CompressionKind.Q8 => new StochasticQuantizer(bits: 8),
            CompressionKind.Q4 => new StochasticQuantizer(bits: 4),
            CompressionKind.TopK => new TopKSparsifier(TopKSparsifier.KeptCount(config.TopKFraction, parameterCount), parameterCount, clientCount),
            _ => throw new ArgumentOutOfRangeException(
                nameof(config), config.Compression, $"Compression {(int)config.Compression} is unknown; choose none, q8, q4 or topk."),
        };
    }

    /// <summary>
    /// Compresses <paramref name="delta"/> in place into the values the server decodes and returns the encoded
    /// size in bytes. Deterministic for a given seed, round and client.
    /// </summary>
    public abstract long Compress(Span<float> delta, int seed, int round, int client);

    /// <summary>
    /// Creates the sections of the state the scheme carries from one round to the next, over its live arrays.
    /// Called once per run; only top-k keeps state, because quantization draws its rounding from the seed.
    /// </summary>
    public virtual IReadOnlyList<StateSection> CreateStateSections() => [];
}

/// <summary>Sends every coordinate as a float32: 4·P bytes, values unchanged.</summary>
internal sealed class NoCompression : UpdateCompressor
{
    /// <inheritdoc/>
    public override long Compress(Span<float> delta, int seed, int round, int client) => 4L * delta.Length;
}
